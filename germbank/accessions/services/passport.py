"""Passport validation for one accession: the MCPD rules of ``germbank.mcpd``, per field.

Why here and not in the forms or the API schema: the pages, the API and the importer must
accept and refuse exactly the same values, so they all call :func:`validate_passport`. It
reuses the MCPD parsers (code lists, WIEWS and ISO 3166 codes, partial dates, DMS
coordinates) and returns column values ready to store, or raises
:class:`~germbank.accessions.services.errors.ValidationFailed` with every problem by field.

Input keys may be MCPD codes (``ACCENUMB``) or column names (``accenumb``); errors are keyed by
column name, which is also the form field and the JSON property name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext
from flask_babel import gettext as _

from germbank.accessions.services.errors import ValidationFailed, add_error
from germbank.accessions.services.values import as_id
from germbank.mcpd.coordinates import parse_decimal_degrees, parse_dms
from germbank.mcpd.field_parsers import parse_value
from germbank.mcpd.fields import COORDINATE_PAIRS, FIELD_BY_CODE, MULTI_VALUE_SEPARATOR
from germbank.mcpd.messages import render_message
from germbank.mcpd.values import AdjustedValue, InvalidValue
from germbank.mcpd.writer import format_value
from germbank.models.accessions import Accession

MCPD_TO_COLUMN: dict[str, str] = dict(Accession.MCPD_COLUMNS)
COLUMN_TO_MCPD: dict[str, str] = {column: code for code, column in MCPD_TO_COLUMN.items()}
PASSPORT_COLUMNS: tuple[str, ...] = tuple(MCPD_TO_COLUMN.values())
REQUIRED_COLUMNS: tuple[str, ...] = ("instcode", "accenumb", "genus")
LINK_FIELDS: tuple[str, ...] = ("crop_id", "taxon_id")
OWN_FIELDS: tuple[str, ...] = ("name_zh", "extra")
EDITABLE_FIELDS: tuple[str, ...] = PASSPORT_COLUMNS + OWN_FIELDS + LINK_FIELDS
"""Every field a person, the API or an import may set on an accession."""

_AXES = {"declatitude": "lat", "latitude": "lat", "declongitude": "lon", "longitude": "lon"}
_SCALARS = (str, int, float)


class FieldProblem(ValueError):
    """One field's value was refused; the message is ready to show next to the field."""


def field_name(key: str) -> str | None:
    """The column name for an input key (MCPD code or column name), or None when unknown."""
    if key in MCPD_TO_COLUMN:
        return MCPD_TO_COLUMN[key]
    if key in EDITABLE_FIELDS:
        return key
    upper = key.strip().upper()
    return MCPD_TO_COLUMN.get(upper)


def max_length(column: str) -> int | None:
    """The longest text a column holds, so an over-long value is refused, never truncated."""
    column_type = Accession.__table__.c[column].type
    return getattr(column_type, "length", None) if isinstance(column_type, sa.String) else None


def _as_text(column: str, value: Any) -> str:
    """The cell text of an input value: numbers, text, or a list for a multi-value field."""
    if isinstance(value, bool) or not isinstance(value, (*_SCALARS, list, tuple)):
        raise FieldProblem(_("Give text or a number."))
    if isinstance(value, list | tuple):
        code = COLUMN_TO_MCPD.get(column)
        if code is None or not FIELD_BY_CODE[code].multi_value:
            raise FieldProblem(_("Give one value, not a list."))
        if not all(isinstance(item, _SCALARS) and not isinstance(item, bool) for item in value):
            raise FieldProblem(_("Give a list of texts or numbers."))
    return format_value(value).strip()


def _parse_mcpd(column: str, text: str) -> Any:
    """Parse one MCPD value with the shared parsers; adjusted values are accepted."""
    code = COLUMN_TO_MCPD[column]
    axis = _AXES.get(column)
    try:
        if axis is None:
            return parse_value(code, text)
        if column.startswith("dec"):
            return parse_decimal_degrees(text, axis)
        return parse_dms(text, axis).text
    except InvalidValue as invalid:
        raise FieldProblem(f"'{text}' {_reason(invalid)}") from None
    except AdjustedValue as adjusted:
        return adjusted.value


def _reason(invalid: InvalidValue) -> str:
    """The MCPD parser's reason in the reader's language (English if it cannot be rendered)."""
    try:
        return render_message(invalid.template, invalid.params, gettext)
    except (KeyError, ValueError, TypeError):
        return str(invalid)


def _stored(value: Any) -> Any:
    """A parsed value as the column stores it: lists become MCPD ``;``-joined text."""
    if isinstance(value, list):
        return MULTI_VALUE_SEPARATOR.join(format_value(item) for item in value) or None
    return value


def clean_field(column: str, value: Any) -> Any:
    """Validate one field and return the value to store (None for blank)."""
    if column == "extra":
        return _clean_extra(value)
    if column in LINK_FIELDS:
        return _clean_link(value)
    blank = "" if column == "name_zh" else None  # name_zh is never null, just empty
    if value is None:
        return blank
    text = _as_text(column, value)
    if not text:
        return blank
    stored = _stored(_parse_mcpd(column, text)) if column in COLUMN_TO_MCPD else text
    limit = max_length(column)
    if limit is not None and isinstance(stored, str) and len(stored) > limit:
        raise FieldProblem(_("At most %(n)d characters (this has %(given)d).",
                             n=limit, given=len(stored)))
    return stored


def _clean_link(value: Any) -> int | None:
    if value is None or value == "":
        return None
    number = as_id(value)
    if number is None:
        raise FieldProblem(_("Give the number of a record."))
    return number


def _clean_extra(value: Any) -> dict[str, Any]:
    """Extra attributes: a flat mapping of names (not MCPD codes) to texts or numbers."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise FieldProblem(_("Give the extra attributes as name/value pairs."))
    clean: dict[str, Any] = {}
    for name, item in value.items():
        key = str(name).strip()
        if not key:
            raise FieldProblem(_("An extra attribute has no name."))
        if key.upper() in MCPD_TO_COLUMN:
            raise FieldProblem(_("%(name)s is an MCPD field, not an extra attribute.", name=key))
        if item is not None and (isinstance(item, bool) or not isinstance(item, _SCALARS)):
            raise FieldProblem(_("Extra attribute %(name)s must be text or a number.", name=key))
        clean[key] = item
    return clean


def validate_passport(
    data: Mapping[str, Any], current: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Validate the given fields and return them as columns values, ready to set.

    ``current`` holds the record's stored values (for an update): required fields and
    coordinate pairs are checked on the merged result, so clearing GENUS or sending a
    LATITUDE that contradicts the stored DECLATITUDE is refused. A coordinate given only in
    DMS form gets its decimal value. Raises ``ValidationFailed`` with every problem found.
    """
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    for key, value in data.items():
        column = field_name(str(key))
        if column is None:
            add_error(errors, str(key), _("Unknown field."))
            continue
        try:
            cleaned[column] = clean_field(column, value)
        except FieldProblem as problem:
            add_error(errors, column, str(problem))
    merged = {**(current or {}), **cleaned}
    for column in REQUIRED_COLUMNS:
        if merged.get(column) is None and column not in errors:
            add_error(errors, column, _("Required: every accession needs %(code)s.",
                                        code=COLUMN_TO_MCPD[column]))
    _check_coordinates(cleaned, merged, errors)
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def _check_coordinates(cleaned: dict, merged: dict, errors: dict) -> None:
    """DMS text must agree with the decimal value; DMS alone fills the decimal value."""
    for decimal_code, text_code in COORDINATE_PAIRS:
        decimal, text = decimal_code.lower(), text_code.lower()
        if decimal in errors or text in errors:
            continue
        if decimal not in cleaned and text not in cleaned:
            continue
        dms_text = merged.get(text)
        if not dms_text:
            continue
        dms = parse_dms(dms_text, _AXES[text])
        if merged.get(decimal) is None:
            cleaned[decimal] = merged[decimal] = dms.decimal
        elif not dms.agrees_with(merged[decimal]):
            add_error(errors, text, _(
                "%(text)s (%(converted)s) disagrees with the decimal value %(decimal)s.",
                text=dms_text, converted=dms.decimal, decimal=merged[decimal]))


def current_values(accession: Accession) -> dict[str, Any]:
    """The stored editable values of an accession, for update checks and audit snapshots."""
    return {column: getattr(accession, column) for column in EDITABLE_FIELDS}
