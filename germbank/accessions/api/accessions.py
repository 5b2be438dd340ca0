"""``/api/v1/accessions``: list with the list page's filters, create, read, replace, change,
delete; an accession's lots.

Writes need the ``If-Match`` ETag of the last GET (428 when missing, 412 when stale), so two
people editing one accession cannot silently overwrite each other.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask.views import MethodView
from flask_smorest import abort

from germbank.accessions.api.common import (
    WRITE,
    ApiBlueprint,
    get_or_404,
    page_of,
    service_errors,
)
from germbank.accessions.api.schemas import (
    AccessionInputSchema,
    AccessionPatchSchema,
    AccessionQueryArgsSchema,
    AccessionSchema,
    LotSchema,
)
from germbank.accessions.services import accessions as service
from germbank.accessions.services.counting import start_counting
from germbank.accessions.services.errors import ValidationFailed
from germbank.accessions.services.passport import EDITABLE_FIELDS
from germbank.accessions.services.search import AccessionFilter, filtered_query
from germbank.auth.access import requires
from germbank.extensions import db
from germbank.models.accessions import Accession

blp = ApiBlueprint("accessions_api", __name__, url_prefix="/api/v1/accessions",
                   description="Accessions with their MCPD v2.1 passport data.")


def accession_filter(args: dict) -> AccessionFilter:
    """The service filter of the query arguments (422 with per-field errors if invalid)."""
    try:
        return AccessionFilter.from_args({key: value for key, value in args.items()
                                          if value is not None})
    except ValidationFailed as failed:
        abort(422, message=failed.message, errors=failed.errors)


@blp.route("")
class Accessions(MethodView):
    """The accession list."""

    @requires("read")
    @blp.arguments(AccessionQueryArgsSchema, location="query")
    @blp.response(200, AccessionSchema(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """List accessions: free text, filters and sorting as on the list page."""
        params = accession_filter(args)
        counting = start_counting(params)  # on its own connection, while the page is read
        # The page is found on ids alone (SQLite can then walk a narrow index in list order
        # instead of sorting whole rows), then its accessions are read by id.
        ids = list(db.session.scalars(page_of(
            filtered_query(params).with_only_columns(Accession.id), pagination_parameters)))
        pagination_parameters.item_count = counting.result()
        found = {accession.id: accession for accession in db.session.scalars(
            sa.select(Accession).where(Accession.id.in_(ids)))} if ids else {}
        return [found[ident] for ident in ids if ident in found]

    @requires(WRITE)
    @service_errors
    @blp.arguments(AccessionInputSchema)
    @blp.response(201, AccessionSchema)
    @blp.alt_response(409, description="The institute already holds this accession number.")
    def post(self, data):
        """Create an accession (422 with per-field errors; 409 on a duplicate number)."""
        accession = service.create_accession(data)
        db.session.commit()
        return accession


@blp.route("/<int:accession_id>")
class AccessionItem(MethodView):
    """One accession."""

    @requires("read")
    @blp.etag
    @blp.response(200, AccessionSchema)
    def get(self, accession_id):
        """Read an accession; its ETag is needed to change it."""
        return get_or_404(Accession, accession_id, "accession")

    @requires(WRITE)
    @service_errors
    @blp.etag
    @blp.arguments(AccessionInputSchema)
    @blp.response(200, AccessionSchema)
    def put(self, data, accession_id):
        """Replace the passport: fields left out are cleared."""
        accession = get_or_404(Accession, accession_id, "accession")
        blp.check_etag(accession, AccessionSchema)
        full = {field: None for field in EDITABLE_FIELDS}
        full.update(data)
        for link in ("crop_id", "taxon_id"):
            if link not in data:
                full.pop(link)
        service.update_accession(accession, full)
        db.session.commit()
        return accession

    @requires(WRITE)
    @service_errors
    @blp.etag
    @blp.arguments(AccessionPatchSchema(partial=True))
    @blp.response(200, AccessionSchema)
    def patch(self, data, accession_id):
        """Change the given fields only (null clears a field)."""
        accession = get_or_404(Accession, accession_id, "accession")
        blp.check_etag(accession, AccessionSchema)
        service.update_accession(accession, data)
        db.session.commit()
        return accession

    @requires(WRITE)
    @service_errors
    @blp.etag
    @blp.response(204)
    def delete(self, accession_id):
        """Delete an accession without lots (409 while it has lots)."""
        accession = get_or_404(Accession, accession_id, "accession")
        blp.check_etag(accession, AccessionSchema)
        service.delete_accession(accession)
        db.session.commit()


@blp.route("/<int:accession_id>/lots")
class AccessionLots(MethodView):
    """The lots of one accession."""

    @requires("read")
    @blp.response(200, LotSchema(many=True))
    def get(self, accession_id):
        """Seed lots and living plants of the accession, by lot number."""
        return get_or_404(Accession, accession_id, "accession").lots
