"""Read MCPD rows from CSV: encoding and delimiter detection, header search, lazy rows.

Uses the standard ``csv`` module rather than pandas here: it streams (no DataFrame copy of a
100,000-row file), numbers records exactly as a spreadsheet shows them (a quoted newline does
not shift the row numbers), and lets a row with too many cells be reported instead of aborting
the whole file.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path

from germbank.mcpd.messages import N_
from germbank.mcpd.reader import (
    McpdFileError,
    RawTable,
    ReadLimits,
    RowBuilder,
    build_columns,
    find_header,
)

DELIMITERS = (",", ";", "\t")
_CHUNK = 1 << 20
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def read_csv(source: bytes | Path, limits: ReadLimits) -> RawTable:
    """Read a CSV given as bytes or a path; see :func:`germbank.mcpd.reader.read_mcpd`."""
    encoding = detect_encoding(source)
    head = _head_rows(source, encoding, limits.header_search_rows)
    delimiter, header_index = _sniff(head)
    columns = build_columns(head[delimiter][header_index])
    table = RawTable(columns=columns, rows=iter(()), header_row=header_index + 1,
                     file_format="csv", encoding=encoding, delimiter=delimiter)
    table.rows = _rows(source, encoding, delimiter, header_index, table, limits)
    if not encoding.startswith("utf-16"):
        lines = sum(chunk.count(b"\n") for chunk in _chunks(source))
        table.row_count_hint = max(lines - header_index - 1, 0)
    return table


def detect_encoding(source: bytes | Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM (Excel "Unicode text"), else GB18030.

    GB18030 is the superset of GBK, which Excel in China writes for "CSV (comma delimited)".
    Decoding is checked over the whole file, chunk by chunk, so a bad byte deep in the file
    is found before any row is imported.
    """
    first = source[:4] if isinstance(source, bytes) else _first_bytes(source)
    for bom, encoding in _BOMS:
        if first.startswith(bom):
            return encoding
    if b"\x00" in first:
        raise McpdFileError(N_("the file contains binary data; is it really a CSV?"))
    for encoding in ("utf-8", "gb18030"):
        if _decodes(source, encoding):
            return encoding
    raise McpdFileError(N_("the file is neither UTF-8 nor GBK text; in Excel choose "
                           "Save As > CSV UTF-8"))


def _first_bytes(path: Path) -> bytes:
    with open(path, "rb") as stream:
        return stream.read(4)


def _chunks(source: bytes | Path) -> Iterator[bytes]:
    if isinstance(source, bytes):
        view = memoryview(source)
        for start in range(0, len(view), _CHUNK):
            yield bytes(view[start:start + _CHUNK])
        return
    with open(source, "rb") as stream:
        while chunk := stream.read(_CHUNK):
            yield chunk


def _decodes(source: bytes | Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        for chunk in _chunks(source):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _open_text(source: bytes | Path, encoding: str) -> io.TextIOBase:
    if isinstance(source, bytes):
        return io.TextIOWrapper(io.BytesIO(source), encoding=encoding, newline="")
    return open(source, encoding=encoding, newline="")


def _head_rows(source, encoding: str, count: int) -> dict[str, list[list[str]]]:
    """The first ``count`` records as each candidate delimiter would split them."""
    with _open_text(source, encoding) as stream:
        lines = [line for _, line in zip(range(count * 4), stream, strict=False)]
    head = {}
    for delimiter in DELIMITERS:
        reader = csv.reader(lines, delimiter=delimiter)
        try:
            head[delimiter] = [row for _, row in zip(range(count), reader, strict=False)]
        except csv.Error:
            head[delimiter] = []
    return head


def _sniff(head: dict[str, list[list[str]]]) -> tuple[str, int]:
    """Pick the delimiter under which a header row with an ACCENUMB cell appears."""
    best = None
    for delimiter, rows in head.items():
        index = find_header(rows)
        if index is not None:
            width = len(rows[index])
            if best is None or width > best[2]:
                best = (delimiter, index, width)
    if best is None:
        if not any(cell.strip(" ;\t") for row in head[","] for cell in row):
            raise McpdFileError(N_("the file is empty"))
        raise McpdFileError(N_("no header row with an ACCENUMB column in the first rows; is "
                               "this an MCPD passport file?"))
    return best[0], best[1]


def _rows(source, encoding, delimiter, header_index, table: RawTable,
          limits: ReadLimits) -> Iterator[tuple[int, dict[str, str | None]]]:
    builder = RowBuilder(table, limits, overflow_is_error=True)
    with _open_text(source, encoding) as stream:
        reader = csv.reader(stream, delimiter=delimiter)
        try:
            for index, cells in enumerate(reader):
                if index <= header_index:
                    continue
                row = builder.build(index + 1, cells)
                if row is not None:
                    yield index + 1, row
        except csv.Error as error:
            raise McpdFileError(N_("the CSV cannot be read near row %(row)s: %(detail)s"),
                                row=reader.line_num, detail=str(error)) from None
    builder.finish()
