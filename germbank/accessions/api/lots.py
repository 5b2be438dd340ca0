"""``/api/v1/lots``: seed lots and living plants, moving them and their movements."""

from __future__ import annotations

import sqlalchemy as sa
from flask.views import MethodView

from germbank.accessions.api.common import (
    WRITE,
    ApiBlueprint,
    get_or_404,
    paginated,
    service_errors,
)
from germbank.accessions.api.schemas import (
    LotCreateSchema,
    LotQueryArgsSchema,
    LotSchema,
    LotUpdateSchema,
    MovementSchema,
    MoveSchema,
)
from germbank.accessions.services import lots as service
from germbank.accessions.services.locations import location_by_ref, subtree_ids
from germbank.api_support import error_responses
from germbank.auth.access import requires
from germbank.extensions import db
from germbank.models.accessions import Accession
from germbank.models.inventory import InventoryLot

blp = ApiBlueprint("lots_api", __name__, url_prefix="/api/v1/lots",
                   description="Seed lots and living plants, and where they have been.")


@blp.route("")
class Lots(MethodView):
    """The lot list."""

    @requires("read")
    @blp.arguments(LotQueryArgsSchema, location="query")
    @blp.response(200, LotSchema(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """List lots of an accession, a kind, a status or a location (sub-locations too)."""
        query = sa.select(InventoryLot).order_by(InventoryLot.lot_number)
        if "accession_id" in args:
            query = query.where(InventoryLot.accession_id == args["accession_id"])
        for name in ("kind", "status"):
            if name in args:
                query = query.where(getattr(InventoryLot, name) == args[name])
        if args.get("location"):
            location = location_by_ref(args["location"])
            ids = sorted(subtree_ids(location.id)) if location else []
            query = query.where(InventoryLot.location_id.in_(ids))
        return paginated(query, pagination_parameters)

    @requires(WRITE)
    @service_errors
    @error_responses(404)  # the id in the body names no record
    @blp.arguments(LotCreateSchema)
    @blp.response(201, LotSchema)
    def post(self, data):
        """Create a lot; its first placement is recorded as a movement."""
        accession = get_or_404(Accession, data.pop("accession_id"), "accession")
        lot = service.create_lot(accession, data)
        db.session.commit()
        return lot


@blp.route("/<int:lot_id>")
class LotItem(MethodView):
    """One lot."""

    @requires("read")
    @blp.etag
    @blp.response(200, LotSchema)
    def get(self, lot_id):
        """Read a lot; its ETag is needed to change it."""
        return get_or_404(InventoryLot, lot_id, "lot")

    @requires(WRITE)
    @service_errors
    @blp.etag
    @blp.arguments(LotUpdateSchema)
    @blp.response(200, LotSchema)
    def patch(self, data, lot_id):
        """Change a lot's fields (move it to change its location)."""
        lot = get_or_404(InventoryLot, lot_id, "lot")
        blp.check_etag(lot, LotSchema)
        service.update_lot(lot, data)
        db.session.commit()
        return lot

    @requires(WRITE)
    @service_errors
    @blp.etag
    @blp.response(204)
    def delete(self, lot_id):
        """Delete a lot with its movements and tests."""
        lot = get_or_404(InventoryLot, lot_id, "lot")
        blp.check_etag(lot, LotSchema)
        service.delete_lot(lot)
        db.session.commit()


@blp.route("/<int:lot_id>/move")
class LotMove(MethodView):
    """Moving a lot."""

    @requires(WRITE)
    @service_errors
    @blp.arguments(MoveSchema)
    @blp.response(201, MovementSchema)
    def post(self, data, lot_id):
        """Move the lot to another location (recorded with who, when and why)."""
        lot = get_or_404(InventoryLot, lot_id, "lot")
        movement = service.move_lot(lot, data["to_location_id"], moved_at=data.get("moved_at"),
                                    reason=data.get("reason", ""))
        db.session.commit()
        return movement


@blp.route("/<int:lot_id>/movements")
class LotMovements(MethodView):
    """A lot's movements."""

    @requires("read")
    @blp.response(200, MovementSchema(many=True))
    def get(self, lot_id):
        """Every placement and move of the lot, oldest first."""
        return get_or_404(InventoryLot, lot_id, "lot").movements
