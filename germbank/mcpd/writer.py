"""Write accession records as MCPD files: CSV (UTF-8) and XLSX, exact MCPD column names.

Output is deterministic -- the same records always give the same bytes -- so an export can be
compared with an earlier one, and importing an export then exporting again gives the same file.
Records are the dicts that ``rows`` produces (typed values, lists for multi-value fields,
non-MCPD attributes under ``"extra"``).
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence

from germbank.mcpd.fields import COLUMN_ORDER, EXTRA_KEY, MULTI_VALUE_SEPARATOR
from germbank.mcpd.values import format_number

SHEET_TITLE = "MCPD"
_WIDTH_SAMPLE = 200
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_FIXED_DOC_TIME = "2000-01-01T00:00:00Z"


def format_value(value: object) -> str:
    """One cell as MCPD text: ``None`` -> '', lists joined by ``;``, numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, list | tuple):
        return MULTI_VALUE_SEPARATOR.join(format_value(item) for item in value)
    return str(value)


def header(extra_columns: Sequence[str] = ()) -> list[str]:
    """The export header: every MCPD column in standard order, then the extra attributes."""
    return list(COLUMN_ORDER) + list(extra_columns)


def record_cells(record: Mapping, extra_columns: Sequence[str] = ()) -> list[str]:
    """The cells of one record, aligned with :func:`header`."""
    cells = [format_value(record.get(code)) for code in COLUMN_ORDER]
    if extra_columns:
        extra = record.get(EXTRA_KEY) or {}
        cells.extend(format_value(extra.get(name)) for name in extra_columns)
    return cells


def csv_chunks(records: Iterable[Mapping], extra_columns: Sequence[str] = (),
               bom: bool = True, rows_per_chunk: int = 1000) -> Iterator[bytes]:
    """Yield the CSV in chunks, for streaming a large export to the browser.

    The UTF-8 BOM (on by default) makes Excel show Chinese text correctly; every reader of
    this package accepts it.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header(extra_columns))
    prefix = "\ufeff" if bom else ""
    iterator = iter(records)
    while True:
        batch = list(itertools.islice(iterator, rows_per_chunk))
        writer.writerows(record_cells(record, extra_columns) for record in batch)
        text = prefix + buffer.getvalue()
        prefix = ""
        buffer.seek(0)
        buffer.truncate()
        if text:
            yield text.encode("utf-8")
        if not batch:
            return


def write_csv(records: Iterable[Mapping], extra_columns: Sequence[str] = (),
              bom: bool = True) -> bytes:
    """The whole CSV file as bytes."""
    return b"".join(csv_chunks(records, extra_columns, bom))


def write_xlsx(records: Iterable[Mapping], extra_columns: Sequence[str] = ()) -> bytes:
    """One sheet "MCPD": bold frozen header, every cell text (so ``0`` and ``013`` survive)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    names = header(extra_columns)
    iterator = iter(records)
    sample = [record_cells(record, extra_columns)
              for record in itertools.islice(iterator, _WIDTH_SAMPLE)]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    for index, name in enumerate(names):
        width = max([display_width(name)] + [display_width(row[index]) for row in sample])
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(width + 2, 60)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_styled(WriteOnlyCell(sheet, value=name), bold) for name in names])
    for cells in itertools.chain(sample, (record_cells(record, extra_columns)
                                          for record in iterator)):
        sheet.append([_text_cell(sheet, cell) for cell in cells])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _deterministic_zip(buffer.getvalue())


def _text_cell(sheet, text: str):
    """A text cell: never a formula (``=...`` in a remark is text, not code to run)."""
    if not text:
        return None
    text = _ILLEGAL_XML.sub("", text)
    if text[0] != "=":
        return text
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    return cell


_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _styled(cell, font):
    cell.font = font
    return cell


def display_width(text: str) -> int:
    """Width of ``text`` in Excel character units: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


_DOC_TIMES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _deterministic_zip(data: bytes) -> bytes:
    """Rewrite the workbook with fixed timestamps so equal records give equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _DOC_TIMES.sub(rb"\g<1>" + _FIXED_DOC_TIME.encode() + rb"\g<2>",
                                         content)
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)
    return output.getvalue()
