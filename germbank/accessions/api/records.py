"""``/api/v1/germination-tests``, ``/api/v1/observations`` and ``/api/v1/regeneration-due``."""

from __future__ import annotations

import sqlalchemy as sa
from flask.views import MethodView

from germbank.accessions.api.common import (
    WRITE,
    ApiBlueprint,
    get_or_404,
    page_of,
    paginated,
    service_errors,
)
from germbank.accessions.api.schemas_records import (
    DueAccessionSchema,
    DueQueryArgsSchema,
    GerminationTestCreateSchema,
    GerminationTestQueryArgsSchema,
    GerminationTestSchema,
    ObservationCreateSchema,
    ObservationQueryArgsSchema,
    ObservationSchema,
)
from germbank.accessions.services import germination, observations
from germbank.accessions.services.regeneration import regeneration_due
from germbank.accessions.services.regeneration_sql import due_accession_ids_query
from germbank.api_support import error_responses
from germbank.auth.access import requires
from germbank.extensions import db
from germbank.models.accessions import Accession
from germbank.models.inventory import GerminationTest, InventoryLot, Observation

tests_blp = ApiBlueprint("germination_tests_api", __name__,
                         url_prefix="/api/v1/germination-tests",
                         description="Germination tests of seed lots.")
observations_blp = ApiBlueprint("observations_api", __name__, url_prefix="/api/v1/observations",
                                description="Characterization and evaluation observations.")
due_blp = ApiBlueprint("regeneration_due_api", __name__, url_prefix="/api/v1/regeneration-due",
                       description="Accessions due for regeneration, with every reason.")


@tests_blp.route("")
class GerminationTests(MethodView):
    """Germination tests."""

    @requires("read")
    @tests_blp.arguments(GerminationTestQueryArgsSchema, location="query")
    @tests_blp.response(200, GerminationTestSchema(many=True))
    @tests_blp.paginate()
    def get(self, args, pagination_parameters):
        """Tests of a lot or of an accession's lots, newest first."""
        query = sa.select(GerminationTest).order_by(GerminationTest.tested_on.desc(),
                                                    GerminationTest.id.desc())
        if "lot_id" in args:
            query = query.where(GerminationTest.lot_id == args["lot_id"])
        if "accession_id" in args:
            query = query.join(InventoryLot, InventoryLot.id == GerminationTest.lot_id).where(
                InventoryLot.accession_id == args["accession_id"])
        return paginated(query, pagination_parameters)

    @requires(WRITE)
    @service_errors
    @error_responses(404)  # the id in the body names no record
    @tests_blp.arguments(GerminationTestCreateSchema)
    @tests_blp.response(201, GerminationTestSchema)
    def post(self, data):
        """Record a test; the result is computed from the counts."""
        lot = get_or_404(InventoryLot, data.pop("lot_id"), "lot")
        test = germination.record_germination_test(lot, data)
        db.session.commit()
        return test


@tests_blp.route("/<int:test_id>")
class GerminationTestItem(MethodView):
    """One germination test."""

    @requires("read")
    @tests_blp.response(200, GerminationTestSchema)
    def get(self, test_id):
        """Read a test."""
        return get_or_404(GerminationTest, test_id, "germination test")

    @requires(WRITE)
    @tests_blp.response(204)
    def delete(self, test_id):
        """Delete a test entered by mistake."""
        germination.delete_germination_test(
            get_or_404(GerminationTest, test_id, "germination test"))
        db.session.commit()


@observations_blp.route("")
class Observations(MethodView):
    """Observations."""

    @requires("read")
    @observations_blp.arguments(ObservationQueryArgsSchema, location="query")
    @observations_blp.response(200, ObservationSchema(many=True))
    @observations_blp.paginate()
    def get(self, args, pagination_parameters):
        """Observations of an accession, descriptor or cut, newest first."""
        return paginated(observations.observations_query(**args), pagination_parameters)

    @requires(WRITE)
    @service_errors
    @error_responses(404)  # the id in the body names no record
    @observations_blp.arguments(ObservationCreateSchema)
    @observations_blp.response(201, ObservationSchema)
    def post(self, data):
        """Record an observation."""
        accession = get_or_404(Accession, data.pop("accession_id"), "accession")
        observation = observations.add_observation(accession, data)
        db.session.commit()
        return observation


@observations_blp.route("/<int:observation_id>")
class ObservationItem(MethodView):
    """One observation."""

    @requires("read")
    @observations_blp.response(200, ObservationSchema)
    def get(self, observation_id):
        """Read an observation."""
        return get_or_404(Observation, observation_id, "observation")

    @requires(WRITE)
    @observations_blp.response(204)
    def delete(self, observation_id):
        """Delete an observation entered by mistake."""
        observations.delete_observation(get_or_404(Observation, observation_id, "observation"))
        db.session.commit()


@due_blp.route("")
class RegenerationDue(MethodView):
    """The regeneration-due list."""

    @requires("read")
    @due_blp.arguments(DueQueryArgsSchema, location="query")
    @due_blp.response(200, DueAccessionSchema(many=True))
    @due_blp.paginate()
    def get(self, args, pagination_parameters):
        """Accessions due for regeneration today (by number), each with all its reasons."""
        due_ids = due_accession_ids_query(reason=args.get("reason"))
        query = (sa.select(Accession.id).where(Accession.id.in_(due_ids))
                 .order_by(Accession.accenumb, Accession.instcode, Accession.id))
        pagination_parameters.item_count = db.session.scalar(
            sa.select(sa.func.count()).select_from(due_ids.subquery()))
        ids = db.session.scalars(page_of(query, pagination_parameters)).all()
        explained = {item.accession_id: item for item in regeneration_due(accession_ids=ids)}
        return [explained[ident] for ident in ids if ident in explained]
