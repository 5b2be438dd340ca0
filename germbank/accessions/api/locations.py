"""``/api/v1/locations``: the storage location tree (read by all, edited by curators)."""

from __future__ import annotations

import sqlalchemy as sa
from flask.views import MethodView

from germbank.accessions.api.common import WRITE, ApiBlueprint, get_or_404, service_errors
from germbank.accessions.api.schemas_records import (
    LocationCreateSchema,
    LocationSchema,
    LocationUpdateSchema,
)
from germbank.accessions.services import locations as service
from germbank.auth.access import requires
from germbank.extensions import db
from germbank.models.locations import StorageLocation

blp = ApiBlueprint("locations_api", __name__, url_prefix="/api/v1/locations",
                   description="Storage locations: site > store/greenhouse > room/bay > "
                               "shelf/bed > position.")


@blp.route("")
class Locations(MethodView):
    """All locations."""

    @requires("read")
    @blp.response(200, LocationSchema(many=True))
    def get(self):
        """Every location, by code (build the tree from parent_id)."""
        return db.session.scalars(sa.select(StorageLocation).order_by(StorageLocation.code))

    @requires(WRITE)
    @service_errors
    @blp.arguments(LocationCreateSchema)
    @blp.response(201, LocationSchema)
    def post(self, data):
        """Create a location under a parent that may hold its kind."""
        location = service.create_location(data)
        db.session.commit()
        return location


@blp.route("/<int:location_id>")
class LocationItem(MethodView):
    """One location."""

    @requires("read")
    @blp.etag
    @blp.response(200, LocationSchema)
    def get(self, location_id):
        """Read a location."""
        return get_or_404(StorageLocation, location_id, "location")

    @requires(WRITE)
    @service_errors
    @blp.etag
    @blp.arguments(LocationUpdateSchema)
    @blp.response(200, LocationSchema)
    def patch(self, data, location_id):
        """Change a location (the tree must stay a tree)."""
        location = get_or_404(StorageLocation, location_id, "location")
        blp.check_etag(location, LocationSchema)
        service.update_location(location, data)
        db.session.commit()
        return location
