"""Schemas of the locations, germination tests, observations and regeneration-due answers."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields

from germbank.accessions.api.schemas import ID_RANGE
from germbank.accessions.services.rules import REASON_CODES
from germbank.models.locations import CLIMATE_CLASSES, LOCATION_KINDS


class LocationSchema(ma.Schema):
    """A storage location of the site > store > room > shelf > position tree."""

    id = fields.Integer(required=True)
    parent_id = fields.Integer(allow_none=True)
    code = fields.String(required=True)
    name = fields.String(required=True)
    name_zh = fields.String(required=True)
    kind = fields.String(required=True, metadata={"enum": list(LOCATION_KINDS)})
    climate_class = fields.String(allow_none=True, metadata={"enum": list(CLIMATE_CLASSES)})
    setpoint_temperature = fields.Float(allow_none=True)
    setpoint_humidity = fields.Float(allow_none=True)
    area_m2 = fields.Float(allow_none=True)
    is_active = fields.Boolean(required=True)


class LocationUpdateSchema(ma.Schema):
    """Fields of a location that can change."""

    parent_id = fields.Integer(allow_none=True, strict=True)
    code = fields.String()
    name = fields.String()
    name_zh = fields.String()
    kind = fields.String(validate=ma.validate.OneOf(LOCATION_KINDS))
    climate_class = fields.String(allow_none=True)
    setpoint_temperature = fields.Float(allow_none=True)
    setpoint_humidity = fields.Float(allow_none=True)
    area_m2 = fields.Float(allow_none=True)
    is_active = fields.Boolean()


class LocationCreateSchema(LocationUpdateSchema):
    """A new location."""

    code = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True, validate=ma.validate.OneOf(LOCATION_KINDS))


class GerminationTestSchema(ma.Schema):
    """A germination test; ``result_pct`` = normal seedlings / seeds sown x 100."""

    id = fields.Integer(required=True)
    lot_id = fields.Integer(required=True)
    tested_on = fields.Date(required=True)
    replicates = fields.Integer(required=True)
    seeds_per_replicate = fields.Integer(required=True)
    normal_counts = fields.List(fields.Integer(), required=True)
    abnormal_count = fields.Integer(required=True)
    dead_count = fields.Integer(required=True)
    dormant_count = fields.Integer(required=True)
    result_pct = fields.Float(required=True)
    method = fields.String(required=True)
    tested_by = fields.String(required=True)
    notes = fields.String(required=True)
    created_at = fields.DateTime(required=True)


class GerminationTestCreateSchema(ma.Schema):
    """A test to record; normal_counts has one count per replicate."""

    lot_id = fields.Integer(required=True, strict=True)
    tested_on = fields.Date(required=True)
    replicates = fields.Integer(required=True, strict=True)
    seeds_per_replicate = fields.Integer(required=True, strict=True)
    normal_counts = fields.List(fields.Integer(strict=True), required=True)
    abnormal_count = fields.Integer(strict=True, load_default=0)
    dead_count = fields.Integer(strict=True, load_default=0)
    dormant_count = fields.Integer(strict=True, load_default=0)
    method = fields.String(load_default="")
    tested_by = fields.String(load_default="")
    notes = fields.String(load_default="")


class GerminationTestQueryArgsSchema(ma.Schema):
    """Filters of the test list."""

    lot_id = fields.Integer(validate=ID_RANGE)
    accession_id = fields.Integer(validate=ID_RANGE)


class ObservationSchema(ma.Schema):
    """A characterization or evaluation value of an accession."""

    id = fields.Integer(required=True)
    accession_id = fields.Integer(required=True)
    descriptor = fields.String(required=True)
    value = fields.String(required=True)
    unit = fields.String(required=True)
    observed_on = fields.Date(allow_none=True)
    cut_number = fields.Integer(allow_none=True, metadata={"enum": [1, 2, 3]})
    method = fields.String(required=True)
    observer = fields.String(required=True)
    created_at = fields.DateTime(required=True)


class ObservationCreateSchema(ma.Schema):
    """An observation to record."""

    accession_id = fields.Integer(required=True, strict=True)
    descriptor = fields.String(required=True)
    value = fields.String(required=True)
    unit = fields.String(load_default="")
    observed_on = fields.Date(allow_none=True)
    cut_number = fields.Integer(allow_none=True, strict=True)
    method = fields.String(load_default="")
    observer = fields.String(load_default="")


class ObservationQueryArgsSchema(ma.Schema):
    """Filters of the observation list."""

    accession_id = fields.Integer(validate=ID_RANGE)
    descriptor = fields.String()
    cut_number = fields.Integer(validate=ma.validate.Range(1, 3))


class DueReasonSchema(ma.Schema):
    """One reason, with the numbers that decided it."""

    code = fields.String(required=True, metadata={"enum": list(REASON_CODES)})
    message = fields.String(required=True)
    lot_id = fields.Integer(allow_none=True)
    lot_number = fields.String(allow_none=True)
    values = fields.Dict(keys=fields.String(), required=True)


class DueAccessionSchema(ma.Schema):
    """An accession due for regeneration with all its reasons."""

    accession_id = fields.Integer(required=True)
    instcode = fields.String(required=True)
    accenumb = fields.String(required=True)
    taxon = fields.String(required=True)
    crop_id = fields.Integer(allow_none=True)
    reasons = fields.List(fields.Nested(DueReasonSchema), required=True)


class DueQueryArgsSchema(ma.Schema):
    """Filter the due list by reason."""

    reason = fields.String(validate=ma.validate.OneOf(REASON_CODES))
