"""MCPD records <-> accession columns: the mechanical copy import and export rely on.

A record is the dict :mod:`germbank.mcpd` reads and writes: MCPD codes as keys, typed values,
lists for multi-value fields, non-MCPD attributes under ``"extra"``. Columns keep
multi-value fields as MCPD ``;``-joined text, so the conversion is a split or a join.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from germbank.mcpd.fields import EXTRA_KEY, FIELD_BY_CODE, MULTI_VALUE_SEPARATOR
from germbank.mcpd.writer import format_value
from germbank.models.accessions import Accession


def accession_record(accession: Accession) -> dict[str, Any]:
    """The accession as an MCPD record, ready for ``germbank.mcpd.write_csv``/``write_xlsx``."""
    record: dict[str, Any] = {}
    for code, column in Accession.MCPD_COLUMNS.items():
        value = getattr(accession, column)
        field = FIELD_BY_CODE[code]
        if value is not None and field.multi_value:
            items = [item for item in str(value).split(MULTI_VALUE_SEPARATOR) if item]
            value = [int(item) for item in items] if code == "STORAGE" else items
        record[code] = value
    record[EXTRA_KEY] = dict(accession.extra or {})
    return record


def record_columns(record: Mapping[str, Any]) -> dict[str, Any]:
    """Column values of an already validated MCPD record (keys present in it only).

    For callers that validated with ``germbank.mcpd.RowValidator``; anything else goes
    through :func:`germbank.accessions.services.passport.validate_passport`.
    """
    columns: dict[str, Any] = {}
    for code, value in record.items():
        if code == EXTRA_KEY:
            columns["extra"] = dict(value or {})
        elif code in Accession.MCPD_COLUMNS:
            if isinstance(value, list | tuple):
                value = MULTI_VALUE_SEPARATOR.join(format_value(item) for item in value) or None
            columns[Accession.MCPD_COLUMNS[code]] = value
    return columns
