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
from germbank.models.accessions import Accession, Crop

_TABLE = Accession.__table__
FILTERS = ("q", "crop", "genus", "species", "sampstat", "origcty", "storage", "instcode")
"""Filters the export understands, named as the accession list's query arguments."""


def filtered_select(filters: Mapping[str, str] | None = None) -> sa.Select:
    """Accession rows matching the list's filters, in export order.

    ``q`` searches names and numbers; ``crop`` is a crop code; ``storage`` one STORAGE code;
    the others match their MCPD column exactly (case-insensitive for codes).
    """
    filters = {k: v.strip() for k, v in (filters or {}).items() if v and v.strip()}
    query = sa.select(_TABLE)
    if "q" in filters:
        query = query.where(_TABLE.c.search_text.contains(filters["q"].lower(),
                                                          autoescape=True))
    if "crop" in filters:
        crop_ids = sa.select(Crop.id).where(sa.func.lower(Crop.code) == filters["crop"].lower())
        query = query.where(_TABLE.c.crop_id.in_(crop_ids))
    if "genus" in filters:
        query = query.where(sa.func.lower(_TABLE.c.genus) == filters["genus"].lower())
    if "species" in filters:
        query = query.where(sa.func.lower(_TABLE.c.species) == filters["species"].lower())
    if "instcode" in filters:
        query = query.where(_TABLE.c.instcode == filters["instcode"].upper())
    if "origcty" in filters:
        query = query.where(_TABLE.c.origcty == filters["origcty"].upper())
    if filters.get("sampstat", "").isdigit():
        query = query.where(_TABLE.c.sampstat == int(filters["sampstat"]))
    if filters.get("storage", "").isdigit():
        code = filters["storage"]
        padded = sa.literal(";") + sa.func.coalesce(_TABLE.c.storage, "") + sa.literal(";")
        query = query.where(padded.contains(f";{code};", autoescape=True))
    return query.order_by(_TABLE.c.instcode, _TABLE.c.accenumb)


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
