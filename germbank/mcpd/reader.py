"""Read an MCPD file (CSV or XLSX) into raw rows numbered as the spreadsheet shows them.

The reader only finds the table and hands over trimmed strings; it judges no values (that is
``rows``).  It refuses, with :class:`McpdFileError`, what it cannot read as a table at all.
Rows are produced lazily so a 100,000-row file is never held as several copies.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from germbank.mcpd.fields import REQUIRED, canonical_column
from germbank.mcpd.messages import N_, render_message
from germbank.mcpd.problems import HEADER_ROW, Problem, make_problem

CSV_EXTENSIONS = frozenset({".csv", ".txt", ".tsv"})
XLSX_EXTENSIONS = frozenset({".xlsx", ".xlsm"})
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


class McpdFileError(ValueError):
    """The file cannot be read as an MCPD table; the message says why and what to do.

    ``str(error)`` is the English message; ``template`` (``N_``-marked) and ``params`` let a
    page show it in the reader's language.
    """

    def __init__(self, template: str, **params: object) -> None:
        super().__init__(render_message(template, params))
        self.template = template
        self.params = params


@dataclass(frozen=True)
class ReadLimits:
    """Guards against files too big to import safely.  All sizes in bytes."""

    max_rows: int = 200_000
    max_bytes: int = 50 * 1024 * 1024
    max_uncompressed_bytes: int = 600 * 1024 * 1024
    header_search_rows: int = 20
    max_sheet_cells: int = 10_000_000
    """Rows x columns of a sheet's used area: spreadsheet engines allocate that grid densely,
    so a few kilobytes naming cells A1 and XFD1000000 would ask for 16 billion cells; the
    default allows 200,000 rows of 50 columns (about 600 MB in calamine)."""


Source = str | os.PathLike | bytes


@dataclass
class RawTable:
    """The table found in a file: its header and an iterator of ``(row number, raw row)``.

    ``problems`` collects file-level warnings (values under a column without a name) and
    ``row_problems`` the problems of single rows (too many cells); both are complete once
    ``rows`` has been consumed, which can happen once.
    """

    columns: list[str]
    rows: Iterator[tuple[int, dict[str, str | None]]]
    header_row: int
    file_format: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    row_count_hint: int | None = None
    """Rows below the header including blank ones (for a progress bar), when cheap to know."""
    problems: list[Problem] = field(default_factory=list)
    row_problems: dict[int, list[Problem]] = field(default_factory=dict)


def read_mcpd(source: Source, filename: str | None = None,
              limits: ReadLimits | None = None) -> RawTable:
    """Open ``source`` (a path, or the bytes of an upload with its ``filename``).

    The format comes from the content (a zip is XLSX), checked against the name's extension.
    """
    limits = limits or ReadLimits()
    if isinstance(source, bytes):
        data: bytes | None = source
        name = filename or "upload"
        size = len(source)
    else:
        data = None
        name = filename or os.fspath(source)
        try:
            size = os.path.getsize(source)
        except OSError as error:
            raise McpdFileError(N_("cannot open %(name)s: %(detail)s"), name=name,
                                detail=error.strerror) from None
    extension = Path(name).suffix.lower()
    if extension not in CSV_EXTENSIONS | XLSX_EXTENSIONS:
        raise McpdFileError(N_("%(name)s is not a CSV or XLSX file; save the sheet as .xlsx "
                               "or as CSV (UTF-8)"), name=Path(name).name)
    if size == 0:
        raise McpdFileError(N_("the file is empty"))
    if size > limits.max_bytes:
        raise McpdFileError(N_("the file is %(size)s, more than the %(limit)s allowed; split "
                               "it into parts"), size=_megabytes(size),
                            limit=_megabytes(limits.max_bytes))
    head = data[:8] if data is not None else _read_head(source)
    if head.startswith(_OLE_MAGIC):
        raise McpdFileError(N_("this is an old Excel .xls workbook; save it as .xlsx or CSV"))
    if head.startswith(_ZIP_MAGIC):
        from germbank.mcpd.xlsx_reader import read_xlsx

        return read_xlsx(io.BytesIO(data) if data is not None else source, limits)
    if extension in XLSX_EXTENSIONS:
        raise McpdFileError(N_("%(name)s is not a valid XLSX workbook"), name=Path(name).name)
    from germbank.mcpd.csv_reader import read_csv

    return read_csv(data if data is not None else Path(source), limits)


def _read_head(path) -> bytes:
    with open(path, "rb") as stream:
        return stream.read(8)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def check_zip_size(source, limits: ReadLimits) -> None:
    """Refuse a workbook whose members unpack to more than the limit (a decompression bomb)."""
    try:
        with zipfile.ZipFile(source) as archive:
            total = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        raise McpdFileError(N_("the workbook is damaged (not a readable XLSX zip)")) from None
    if total > limits.max_uncompressed_bytes:
        raise McpdFileError(N_("the workbook unpacks to %(size)s, more than the %(limit)s "
                               "allowed"), size=_megabytes(total),
                            limit=_megabytes(limits.max_uncompressed_bytes))
    if hasattr(source, "seek"):
        source.seek(0)


def column_letter(index: int) -> str:
    """Spreadsheet letter of a 0-based column index (0 -> A, 26 -> AA): how users find cells."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def find_header(rows: list[list[str]]) -> int | None:
    """Index of the first row holding an ACCENUMB cell (a title row may sit above it)."""
    for index, cells in enumerate(rows):
        if any(cell.strip().lstrip("\ufeff").strip().upper() == "ACCENUMB" for cell in cells):
            return index
    return None


def build_columns(header_cells: list[str]) -> list[str]:
    """Canonical column names of a header row ('' for unnamed columns).

    Raises :class:`McpdFileError` for a repeated name or a missing required column.
    """
    columns = [canonical_column(cell or "") for cell in header_cells]
    seen: dict[str, int] = {}
    for index, name in enumerate(columns):
        if not name:
            continue
        key = name.upper()
        if key in seen:
            raise McpdFileError(N_("column %(name)s appears twice (columns %(first)s and "
                                   "%(second)s); keep only one"), name=name,
                                first=column_letter(seen[key]), second=column_letter(index))
        seen[key] = index
    missing = [code for code in REQUIRED if code not in seen]
    if missing:
        template = (N_("required columns %(columns)s missing from the header")
                    if len(missing) > 1 else
                    N_("required column %(columns)s missing from the header"))
        raise McpdFileError(template, columns=", ".join(missing))
    return columns


class RowBuilder:
    """Turns lists of cells into ``(row number, dict)`` pairs, skipping blank rows.

    Shared by the CSV and XLSX readers so both treat stray spaces, ragged rows, unnamed columns
    and the row limit the same way.
    """

    def __init__(self, table: RawTable, limits: ReadLimits, overflow_is_error: bool):
        columns = table.columns
        self.columns = columns
        self.named = [(index, name) for index, name in enumerate(columns) if name]
        self.width = len(columns)
        self.problems = table.problems
        self.row_problems = table.row_problems
        self.overflow_is_error = overflow_is_error
        self.limits = limits
        self.count = 0
        self._unnamed_reported: set[int] = set()

    def build(self, row_number: int, cells: list) -> dict[str, str | None] | None:
        """Return the row as a dict, or ``None`` for a blank row."""
        cells = [cell.strip() if cell else "" for cell in cells]
        if not any(cells):
            return None
        self.count += 1
        if self.count > self.limits.max_rows:
            raise McpdFileError(N_("the file has more than %(limit)s data rows, the most one "
                                   "import takes; split it into parts"),
                                limit=f"{self.limits.max_rows:,}")
        if len(cells) > self.width:
            overflow = [(i, c) for i, c in enumerate(cells[self.width:], self.width) if c]
            if overflow and self.overflow_is_error:
                self._report_overflow(row_number, len(cells), overflow[0][1])
            for index, value in overflow:
                self._report_unnamed(row_number, index, value)
        width = len(cells)
        row = {name: (cells[index] or None) if index < width else None
               for index, name in self.named}
        if len(self.named) < self.width:
            for index, name in enumerate(self.columns[:width]):
                if not name and cells[index]:
                    self._report_unnamed(row_number, index, cells[index])
        return row

    def _report_overflow(self, row_number: int, cell_count: int, first: str) -> None:
        """In a CSV, cells past the header mean the columns have shifted: reject the row."""
        self.row_problems.setdefault(row_number, []).append(make_problem(
            row_number, column_letter(self.width), first, "error",
            N_("the row has %(cells)s cells but the header has %(width)s columns, so its "
               "values may be in the wrong columns (a value containing the delimiter without "
               "quotes?)"),
            {"cells": cell_count, "width": self.width}))

    def _report_unnamed(self, row_number: int, index: int, value: str) -> None:
        if index in self._unnamed_reported or (self.overflow_is_error and index >= self.width):
            return
        self._unnamed_reported.add(index)
        letter = column_letter(index)
        self.problems.append(make_problem(
            row_number, letter, value, "warning",
            N_("column %(column)s has no name in the header row; its values (first "
               "'%(value)s' on row %(row)s) were ignored"), {"row": row_number}))

    def finish(self) -> None:
        """Refuse a table with a header but no data."""
        if self.count == 0:
            raise McpdFileError(N_("the file has a header but no data rows"))


__all__ = ["HEADER_ROW", "McpdFileError", "RawTable", "ReadLimits", "read_mcpd"]
