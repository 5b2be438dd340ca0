"""marshmallow schemas of the accessions API: what each response holds, what requests send.

Responses are typed exactly (a fuzzer checks every answer against the OpenAPI document).
Passport input is deliberately lenient at this boundary (text, a number, or a list for
multi-value fields) because the passport service validates it with the MCPD rules and
answers every problem by field; the schema only refuses shapes no field can take.
"""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields

from germbank.accessions.services.search import SORTS
from germbank.accessions.services.values import MAX_ID
from germbank.mcpd.fields import FIELD_BY_CODE
from germbank.models.accessions import Accession

ID_RANGE = ma.validate.Range(1, MAX_ID)
_NUMBER_KINDS = {"ELEVATION": fields.Integer, "SAMPSTAT": fields.Integer,
                 "COLLSRC": fields.Integer, "MLSSTAT": fields.Integer,
                 "DECLATITUDE": fields.Float, "DECLONGITUDE": fields.Float,
                 "COORDUNCERT": fields.Float}


class PassportValue(fields.Field):
    """An MCPD value as sent: text, a number, or a list of them for multi-value fields."""

    def __init__(self, **kwargs) -> None:
        super().__init__(allow_none=True, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, str | int | float | list):
            raise ma.ValidationError("Give text, a number or a list of them.")
        if isinstance(value, list) and not all(
                isinstance(item, str | int | float) and not isinstance(item, bool)
                for item in value):
            raise ma.ValidationError("A list may hold only texts and numbers.")
        return value


def _description(code: str) -> dict:
    field = FIELD_BY_CODE[code]
    return {"description": f"MCPD {field.number} {code}: {field.meaning}"}


def _output_field(code: str) -> fields.Field:
    kind = _NUMBER_KINDS.get(code, fields.String)
    return kind(allow_none=True, metadata=_description(code))


_PASSPORT_OUT = {column: _output_field(code) for code, column in Accession.MCPD_COLUMNS.items()}
_PASSPORT_IN = {column: PassportValue(metadata=_description(code))
                for code, column in Accession.MCPD_COLUMNS.items()}
_EXTRA = {"description": "Non-MCPD attributes (name -> text or number)"}


class _AccessionOut(ma.Schema):
    id = fields.Integer(required=True)
    name_zh = fields.String(required=True, metadata={"description": "Chinese local name"})
    crop_id = fields.Integer(allow_none=True)
    taxon_id = fields.Integer(allow_none=True)
    extra = fields.Dict(keys=fields.String(), required=True, metadata=_EXTRA)
    version = fields.Integer(required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)


AccessionSchema = type("AccessionSchema", (_AccessionOut,), {
    "__doc__": "An accession: every MCPD v2.1 field (lower-case code) plus GermBank's own.",
    **_PASSPORT_OUT,
})


class _AccessionIn(ma.Schema):
    name_zh = fields.String(allow_none=True, metadata={"description": "Chinese local name"})
    crop_id = fields.Integer(allow_none=True, strict=True)
    taxon_id = fields.Integer(allow_none=True, strict=True)
    extra = fields.Dict(keys=fields.String(), allow_none=True, metadata=_EXTRA)


AccessionInputSchema = type("AccessionInputSchema", (_AccessionIn,), {
    "__doc__": "Passport fields to store; instcode, accenumb and genus are required.",
    **_PASSPORT_IN,
})


class AccessionPatchSchema(AccessionInputSchema):
    """Passport fields to change; those left out keep their values (use with partial=True).

    A class of its own so the OpenAPI document names the PATCH body instead of numbering a
    second copy of AccessionInput.
    """


class AccessionQueryArgsSchema(ma.Schema):
    """Filters of the accession list (the same as the list page's)."""

    q = fields.String(metadata={"description": "Words found in numbers and names (Chinese too)"})
    crop = fields.String(metadata={"description": "Crop id or code"})
    genus = fields.String()
    species = fields.String()
    sampstat = fields.Integer(metadata={"description": "MCPD SAMPSTAT code"})
    origcty = fields.String(metadata={"description": "ISO 3166-1 alpha-3 country of origin"})
    storage = fields.Integer(metadata={"description": "MCPD STORAGE code (passport or lots)"})
    location = fields.String(metadata={"description": "Location id or code, sub-locations "
                                                      "included"})
    instcode = fields.String()
    regeneration_due = fields.Boolean()
    sort = fields.String(validate=ma.validate.OneOf(
        [*SORTS, *(f"-{key}" for key in SORTS)]))


class LotSchema(ma.Schema):
    """A seed lot or a group of living plants."""

    id = fields.Integer(required=True)
    accession_id = fields.Integer(required=True)
    lot_number = fields.String(required=True)
    kind = fields.String(required=True, metadata={"enum": ["seed", "plant"]})
    location_id = fields.Integer(allow_none=True)
    grams = fields.Float(allow_none=True)
    seed_count = fields.Integer(allow_none=True)
    thousand_seed_weight_g = fields.Float(allow_none=True)
    seed_moisture_pct = fields.Float(allow_none=True)
    harvest_date = fields.Date(allow_none=True)
    storage_type = fields.Integer(allow_none=True, metadata={"enum": [11, 12, 13]})
    container = fields.String(required=True)
    plant_count = fields.Integer(allow_none=True)
    bed = fields.String(required=True)
    row = fields.String(required=True)
    position = fields.String(required=True)
    planting_date = fields.Date(allow_none=True)
    health_status = fields.String(required=True)
    initial_germination_pct = fields.Float(allow_none=True)
    latest_tested_on = fields.Date(allow_none=True, metadata={"description": "Latest test"})
    latest_germination_pct = fields.Float(allow_none=True,
                                          metadata={"description": "Latest test's result"})
    status = fields.String(required=True)
    is_original_sample = fields.Boolean(required=True)
    notes = fields.String(required=True)
    version = fields.Integer(required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)


class LotUpdateSchema(ma.Schema):
    """Fields of a lot that can change (its location changes by a move)."""

    lot_number = fields.String()
    grams = fields.Float(allow_none=True)
    seed_count = fields.Integer(allow_none=True, strict=True)
    thousand_seed_weight_g = fields.Float(allow_none=True)
    seed_moisture_pct = fields.Float(allow_none=True)
    harvest_date = fields.Date(allow_none=True)
    storage_type = fields.Integer(allow_none=True, strict=True)
    container = fields.String(allow_none=True)
    plant_count = fields.Integer(allow_none=True, strict=True)
    bed = fields.String(allow_none=True)
    row = fields.String(allow_none=True)
    position = fields.String(allow_none=True)
    planting_date = fields.Date(allow_none=True)
    health_status = fields.String(allow_none=True)
    initial_germination_pct = fields.Float(allow_none=True)
    status = fields.String()
    is_original_sample = fields.Boolean()
    notes = fields.String(allow_none=True)


class LotCreateSchema(LotUpdateSchema):
    """A new lot: its accession, kind and first location."""

    accession_id = fields.Integer(required=True, strict=True)
    kind = fields.String(required=True, validate=ma.validate.OneOf(["seed", "plant"]))
    location_id = fields.Integer(required=True, strict=True)
    lot_number = fields.String(required=True)


class LotQueryArgsSchema(ma.Schema):
    """Filters of the lot list."""

    accession_id = fields.Integer(validate=ID_RANGE)
    kind = fields.String(validate=ma.validate.OneOf(["seed", "plant"]))
    status = fields.String(validate=ma.validate.OneOf(["active", "depleted", "discarded"]))
    location = fields.String(metadata={"description": "Location id or code, sub-locations "
                                                      "included"})


class MoveSchema(ma.Schema):
    """Where a lot goes, when and why."""

    to_location_id = fields.Integer(required=True, strict=True)
    moved_at = fields.AwareDateTime(metadata={"description": "Default: now"})
    reason = fields.String(load_default="")


class MovementSchema(ma.Schema):
    """One movement of a lot (from null = its first placement)."""

    id = fields.Integer(required=True)
    lot_id = fields.Integer(required=True)
    from_location_id = fields.Integer(allow_none=True)
    to_location_id = fields.Integer(allow_none=True)
    moved_at = fields.DateTime(required=True)
    moved_by = fields.Function(lambda m: m.moved_by.username if m.moved_by else None,
                               allow_none=True, metadata={"type": "string"})
    reason = fields.String(required=True)
