"""marshmallow schema of a clean MCPD record: the boundary for single records (API, forms).

It reads the same typed values the bulk validator produces (or raw strings) with the same
parsers, but strictly: any problem is a validation error, because a person sending one record
can fix it at once.  Bulk imports use :class:`germbank.mcpd.rows.RowValidator` instead, which
applies the error/warning rule and is fast enough for 100,000 rows.
"""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, post_load, validates_schema

from germbank.mcpd.coordinates import parse_decimal_degrees, parse_dms
from germbank.mcpd.field_parsers import parse_value
from germbank.mcpd.fields import COORDINATE_PAIRS, EXTRA_KEY, FIELDS
from germbank.mcpd.values import AdjustedValue, InvalidValue
from germbank.mcpd.writer import format_value

_AXES = {"DECLATITUDE": "lat", "LATITUDE": "lat", "DECLONGITUDE": "lon", "LONGITUDE": "lon"}


class McpdValue(fields.Field):
    """One MCPD field, accepting its clean value or the text of a spreadsheet cell."""

    def __init__(self, code: str, required: bool = False) -> None:
        empty = f"{code} is empty; every accession needs one"
        super().__init__(required=required, allow_none=not required,
                         error_messages={"null": empty, "required": empty})
        self.code = code

    def _deserialize(self, value, attr, data, **kwargs):
        text = format_value(value).strip()
        if not text:
            if self.required:
                raise ValidationError(f"{self.code} is empty; every accession needs one")
            return None
        try:
            return self._parse(text)
        except InvalidValue as invalid:
            raise ValidationError(f"{self.code} '{text}' {invalid}") from None
        except AdjustedValue as adjusted:
            return adjusted.value

    def _parse(self, text: str):
        axis = _AXES.get(self.code)
        if axis is None:
            return parse_value(self.code, text)
        if self.code.startswith("DEC"):
            return parse_decimal_degrees(text, axis)
        return parse_dms(text, axis).text

    def _serialize(self, value, attr, obj, **kwargs):
        return value


class _RecordRules(Schema):
    """The cross-field rules; the fields themselves are generated from the field table."""

    extra = fields.Dict(keys=fields.String(), values=fields.String(), data_key=EXTRA_KEY)

    @validates_schema
    def coordinates_agree(self, data, **kwargs):
        """The text-form coordinate must agree with the decimal one (which is primary)."""
        for decimal_code, text_code in COORDINATE_PAIRS:
            decimal, text = data.get(decimal_code), data.get(text_code)
            if decimal is not None and text:
                dms = parse_dms(text, _AXES[text_code])
                if not dms.agrees_with(decimal):
                    raise ValidationError(
                        f"{text_code} '{text}' ({dms.decimal}) disagrees with "
                        f"{decimal_code} {decimal}", text_code)

    @post_load
    def fill_decimal_coordinates(self, data, **kwargs):
        """Coordinates given only in DMS form get their decimal values."""
        for decimal_code, text_code in COORDINATE_PAIRS:
            if data.get(decimal_code) is None and data.get(text_code):
                data[decimal_code] = parse_dms(data[text_code], _AXES[text_code]).decimal
        return data


McpdRecordSchema = type("McpdRecordSchema", (_RecordRules,), {
    "__doc__": "A full MCPD record; absent optional fields stay absent, blanks load as None.",
    **{field.code: McpdValue(field.code, required=field.required) for field in FIELDS},
})
