"""Copying between MCPD records (``germbank.mcpd``) and the accession table's columns.

The accession model keeps each MCPD field in a column named after its code in lower case, with
multi-value fields as MCPD text joined by ``;`` -- so a record maps onto a row mechanically.
"""

from __future__ import annotations

import sqlalchemy as sa

from germbank.mcpd.fields import (
    COLUMN_ORDER,
    EXTRA_KEY,
    FIELD_BY_CODE,
    MULTI_VALUE,
    MULTI_VALUE_SEPARATOR,
)
from germbank.mcpd.writer import format_value
from germbank.models.accessions import Accession

COLUMN_OF: dict[str, str] = dict(Accession.MCPD_COLUMNS)
"""MCPD code -> accession column name."""

_TABLE = Accession.__table__
MAX_LENGTH: dict[str, int] = {
    code: column.type.length
    for code, name in COLUMN_OF.items()
    if isinstance((column := _TABLE.c[name]).type, sa.String) and column.type.length
}
"""Longest text each MCPD column can hold (PostgreSQL refuses longer values)."""

_TEXT_LISTS = frozenset(code for code in MULTI_VALUE if FIELD_BY_CODE[code].kind == "multi-text")
_JOIN = MULTI_VALUE_SEPARATOR.join


def column_value(code: str, value: object) -> object:
    """The value a record's field takes in its column (lists joined by ``;``)."""
    if value is None:
        return None
    if code in MULTI_VALUE:
        return format_value(value) or None
    return value


def record_columns(record: dict) -> dict[str, object]:
    """Column values for the MCPD fields present in ``record`` (absent fields are left out)."""
    columns: dict[str, object] = {}
    fill_columns(columns, record)
    return columns


def fill_columns(columns: dict, record: dict) -> None:
    """Put the column values of the MCPD fields present in ``record`` into ``columns``.

    The import's inner loop (once per row): lists of text are joined with ``str.join``
    directly, other lists through :func:`format_value`, which gives the same text.
    """
    for code, value in record.items():
        name = COLUMN_OF.get(code)
        if name is not None:
            if value is not None and code in MULTI_VALUE:
                try:
                    value = (_JOIN(value) if code in _TEXT_LISTS else format_value(value)) or None
                except TypeError:  # a list of text that holds something else
                    value = format_value(value) or None
            columns[name] = value


def row_record(row) -> dict:
    """An MCPD record from an accession row (ORM object or mapping) for export."""
    get = row.get if hasattr(row, "get") else (lambda name: getattr(row, name))
    record = {code: get(COLUMN_OF[code]) for code in COLUMN_ORDER}
    record[EXTRA_KEY] = get("extra") or {}
    return record


_LIMITS = tuple(MAX_LENGTH.items())


def too_long(record: dict) -> list[tuple[str, int]]:
    """(code, limit) of each value in ``record`` longer than its column can hold."""
    found = []
    for code, limit in _LIMITS:
        value = record.get(code)
        if value is None or (value.__class__ is str and len(value) <= limit):
            continue
        if isinstance(value, list):
            length = sum(len(format_value(item)) for item in value) + len(value) - 1
        elif isinstance(value, str):
            length = len(value)
        else:
            continue
        if length > limit:
            found.append((code, limit))
    return found


def is_known_field(code: str) -> bool:
    """True for an MCPD field code."""
    return code in FIELD_BY_CODE
