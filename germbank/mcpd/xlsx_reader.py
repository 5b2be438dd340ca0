"""Read MCPD rows from an XLSX workbook with pandas (calamine engine when installed: about
ten times faster on 100,000 rows; openpyxl otherwise -- both give the same strings).

The data sheet is the first one whose top rows hold an ACCENUMB cell (workbooks often start
with a metadata or readme sheet), and the header may sit below a title row.  Cells are read as
strings; cells that Excel had already turned into numbers or dates arrive as ``410`` or
``2016-02-25 00:00:00``, which the value parsers understand.
"""

from __future__ import annotations

import importlib.util
import re
import warnings
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING

from germbank.mcpd.messages import N_
from germbank.mcpd.reader import (
    McpdFileError,
    RawTable,
    ReadLimits,
    RowBuilder,
    build_columns,
    check_zip_size,
    find_header,
)

if TYPE_CHECKING:  # pandas loads on first use, not with the app (0.3 s of every start)
    import pandas as pd

ENGINE = "calamine" if importlib.util.find_spec("python_calamine") else "openpyxl"


def read_xlsx(source, limits: ReadLimits) -> RawTable:
    """Read a workbook given as a path or a binary stream."""
    import pandas as pd
    check_zip_size(source, limits)
    check_sheet_extent(source, limits)
    try:
        workbook = pd.ExcelFile(source, engine=ENGINE)
    except Exception as error:  # openpyxl raises many types for damaged files
        raise McpdFileError(N_("the workbook cannot be opened: %(detail)s"),
                            detail=str(error)) from None
    with workbook:
        sheet, header_index, header = _find_data_sheet(workbook, limits)
        columns = build_columns(header)
        # Blank rows are skipped, so allow for some; a sheet longer than this is refused.
        row_cap = 2 * limits.max_rows + 1
        frame = _read(workbook, sheet, skiprows=header_index + 1, nrows=row_cap)
    if len(frame) >= row_cap:
        raise McpdFileError(N_("the sheet has more than %(limit)s data rows, the most one "
                               "import takes; split it into parts"),
                            limit=f"{limits.max_rows:,}")
    table = RawTable(columns=columns, rows=iter(()), header_row=header_index + 1,
                     file_format="xlsx", sheet=sheet)
    table.rows = _rows(frame, header_index, table, limits)
    table.row_count_hint = len(frame)
    return table


_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_CELL_REF = re.compile(rb'\sr="([A-Z]{0,3})([0-9]{1,10})"')
_SCAN_CHUNK = 1024 * 1024
_CARRY = 64  # longer than any match, so a tag split between two chunks is still seen


def check_sheet_extent(source, limits: ReadLimits) -> None:
    """Refuse a sheet reaching beyond the rows or cells an import reads, before an engine
    opens it (a decompression bomb that the zip's sizes do not reveal).

    The engines build a dense grid of the sheet's used area: 4.8 KB of XML naming cells A1
    and XFD1000000 made calamine abort the whole process, and A1 with Z1000000 cost 1.1 GB.
    This streams each sheet's XML in 1 MB chunks and reads only row tags and cell
    references, so its memory does not depend on the file.
    """
    row_cap = limits.header_search_rows + 2 * limits.max_rows + 1
    try:
        with zipfile.ZipFile(source) as archive:
            for name in archive.namelist():
                if _WORKSHEET.fullmatch(name):
                    with archive.open(name) as stream:
                        rows, columns = _sheet_extent(stream)
                    if rows > row_cap:
                        raise McpdFileError(N_("the sheet has more than %(limit)s data rows, "
                                               "the most one import takes; split it into "
                                               "parts"), limit=f"{limits.max_rows:,}")
                    if rows * columns > limits.max_sheet_cells:
                        raise McpdFileError(
                            N_("a sheet spans %(rows)s rows by %(columns)s columns, more "
                               "cells than the %(limit)s one import reads; delete the unused "
                               "rows and columns or split it into parts"),
                            rows=f"{rows:,}", columns=f"{columns:,}",
                            limit=f"{limits.max_sheet_cells:,}")
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise McpdFileError(N_("the workbook cannot be opened: %(detail)s"),
                            detail=str(error)) from None
    if hasattr(source, "seek"):
        source.seek(0)


def _sheet_extent(stream) -> tuple[int, int]:
    """(last row, last column) a sheet's XML uses: counted rows or the highest reference."""
    rows = last_row = last_column = 0
    carry = b""
    while True:
        chunk = stream.read(_SCAN_CHUNK)
        buffer = carry + chunk
        # At the end every position is final; before it, the last bytes wait for more.
        end = len(buffer) if not chunk else max(len(buffer) - _CARRY, 0)
        rows += sum(1 for match in _ROW_TAG.finditer(buffer) if match.start() < end)
        for match in _CELL_REF.finditer(buffer):
            if match.start() < end:
                last_row = max(last_row, int(match.group(2)))
                last_column = max(last_column, _column_number(match.group(1)))
        if not chunk:
            return max(rows, last_row), max(last_column, 1)
        carry = buffer[end:]


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _read(workbook: pd.ExcelFile, sheet, **options) -> pd.DataFrame:
    import pandas as pd
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and data validation
            return pd.read_excel(workbook, sheet_name=sheet, header=None, dtype=str,
                                 na_filter=False, **options)
    except Exception as error:
        raise McpdFileError(N_("sheet %(sheet)s cannot be read: %(detail)s"), sheet=repr(sheet),
                            detail=str(error)) from None


def _find_data_sheet(workbook: pd.ExcelFile, limits: ReadLimits):
    for sheet in workbook.sheet_names:
        top = _read(workbook, sheet, nrows=limits.header_search_rows)
        rows = [[str(cell) for cell in row] for row in top.itertuples(index=False, name=None)]
        index = find_header(rows)
        if index is not None:
            return sheet, index, rows[index]
    names = ", ".join(repr(name) for name in workbook.sheet_names)
    raise McpdFileError(N_("no sheet has a header row with an ACCENUMB column (sheets: "
                           "%(sheets)s)"), sheets=names)


def _rows(frame: pd.DataFrame, header_index: int, table: RawTable,
          limits: ReadLimits) -> Iterator[tuple[int, dict[str, str | None]]]:
    builder = RowBuilder(table, limits, overflow_is_error=False)
    first_row = header_index + 2  # 1-based, below the header
    for offset, cells in enumerate(frame.itertuples(index=False, name=None)):
        row = builder.build(first_row + offset, list(cells))
        if row is not None:
            yield first_row + offset, row
    builder.finish()
