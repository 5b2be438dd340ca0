"""Export accessions as MCPD files (CSV or XLSX) with the exact MCPD column names.

Accessions are written in (INSTCODE, ACCENUMB) order, so the same data always gives the same
file; importing an export into an empty database and exporting again gives identical bytes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import sqlalchemy as sa

from germbank.extensions import db
from germbank.mcpd.writer import csv_chunks, write_csv, write_xlsx
from germbank.mcpd_import.services.columns import row_record
from germbank.models.accessions import Accession

_TABLE = Accession.__table__


def filtered_select(filters: Mapping[str, str] | None = None) -> sa.Select:
    """Accession rows of "the current list": the accession list's own filters and sort.

    Uses ``germbank.accessions.services.search`` so the page, the API and the export agree;
    ties are broken by (INSTCODE, ACCENUMB) so an export is always in the same order.
    Raises ``ValidationFailed`` for a bad filter value.
    """
    from germbank.accessions.services.search import AccessionFilter, filtered_query

    query = filtered_query(AccessionFilter.from_args(filters or {}))
    return query.with_only_columns(*_TABLE.columns).order_by(_TABLE.c.instcode,
                                                             _TABLE.c.accenumb)


def export_records(query: sa.Select) -> Iterator[dict]:
    """MCPD records of the selected rows, streamed from the database."""
    result = db.session.execute(query.execution_options(yield_per=1000))
    for row in result.mappings():
        yield row_record(row)


def extra_columns(query: sa.Select) -> list[str]:
    """Names of the extra attributes the selected accessions carry, sorted."""
    names: set[str] = set()
    subquery = query.subquery()
    for extra in db.session.scalars(sa.select(subquery.c.extra)):
        names.update(extra or {})
    return sorted(names)


def export_csv(filters: Mapping[str, str] | None = None, with_extra: bool = False) -> bytes:
    """The selected accessions as an MCPD CSV (UTF-8 with BOM)."""
    query = filtered_select(filters)
    extras = extra_columns(query) if with_extra else []
    return write_csv(export_records(query), extras)


def export_csv_chunks(filters: Mapping[str, str] | None = None,
                      with_extra: bool = False) -> Iterator[bytes]:
    """The same CSV in chunks, for streaming a large export."""
    query = filtered_select(filters)
    extras = extra_columns(query) if with_extra else []
    return csv_chunks(export_records(query), extras)


def export_xlsx(filters: Mapping[str, str] | None = None, with_extra: bool = False) -> bytes:
    """The selected accessions as an MCPD workbook (one sheet "MCPD")."""
    query = filtered_select(filters)
    extras = extra_columns(query) if with_extra else []
    return write_xlsx(export_records(query), extras)
