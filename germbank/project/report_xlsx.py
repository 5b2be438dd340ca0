"""The weekly report as an XLSX workbook (pandas writes the tables, openpyxl formats them).

A summary sheet, then one sheet per section. Each sheet has a title and the report week above a
real table: a frozen, filterable header row, yuan as ``#,##0.00``, percentages as ``0.0%``,
dates as Excel dates, and column widths from the content (Chinese characters count double), so
the file opens ready to print for the task-force meeting.
"""

from __future__ import annotations

import io
import re
import unicodedata

import pandas as pd
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from germbank.project.sections import Section
from germbank.project.weekly import WeeklyReport

FORMATS = {"yuan": "#,##0.00", "percent": "0.0%", "date": "yyyy-mm-dd", "days": "0",
           "number": "#,##0.##"}
TABLE_ROW = 4  # the header row of every table; the title block sits above it
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def weekly_report_xlsx(report: WeeklyReport, *, summary_title: str = "Summary",
                       item: str = "Item", value: str = "Value") -> bytes:
    """Render ``report`` as XLSX bytes; the three words are the summary sheet's (translated)."""
    buffer = io.BytesIO()
    names: set[str] = set()
    week = (f"{report.project.name} · {report.week_start.isoformat()} – "
            f"{report.week_end.isoformat()}")
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        summary = pd.DataFrame([(label, val) for label, val, _ in report.summary],
                               columns=[item, value])
        name = _sheet_name(summary_title, names)
        summary.to_excel(writer, sheet_name=name, index=False, startrow=TABLE_ROW - 1)
        sheet = writer.sheets[name]
        for offset, (_, _, kind) in enumerate(report.summary):
            sheet.cell(TABLE_ROW + 1 + offset, 2).number_format = FORMATS.get(kind, "General")
            sheet.cell(TABLE_ROW + 1 + offset, 2).alignment = Alignment(horizontal="left")
        _finish(sheet, summary_title, week, [(item, "text"), (value, "text")],
                [[label, str(val)] for label, val, _ in report.summary], report.notice)
        for section in report.sections:
            _write_section(writer, section, _sheet_name(section.title, names), week)
        writer.book.properties.title = report.project.name
    return buffer.getvalue()


def _write_section(writer: pd.ExcelWriter, section: Section, name: str, week: str) -> None:
    """One table sheet: data through pandas, then formats, widths and the title block."""
    headers = [column.header for column in section.columns]
    frame = pd.DataFrame(
        [[row.get(column.key) for column in section.columns] for row in section.rows],
        columns=headers, dtype=object,
    )
    frame.to_excel(writer, sheet_name=name, index=False, startrow=TABLE_ROW - 1)
    sheet = writer.sheets[name]
    for index, column in enumerate(section.columns, start=1):
        number_format = FORMATS.get(column.kind)
        if number_format is None:
            continue
        for row in range(TABLE_ROW + 1, TABLE_ROW + 1 + len(section.rows)):
            sheet.cell(row, index).number_format = number_format
    if not section.rows:
        sheet.cell(TABLE_ROW + 1, 1, section.empty)
    if section.rows and section.key == "budget":  # the last row is the total
        for index in range(1, len(headers) + 1):
            sheet.cell(TABLE_ROW + len(section.rows), index).font = Font(bold=True)
    values = [[_display(row.get(c.key), c.kind) for c in section.columns] for row in section.rows]
    _finish(sheet, section.title, week, [(c.header, c.kind) for c in section.columns], values)
    if section.rows:
        last = get_column_letter(len(headers))
        sheet.auto_filter.ref = f"A{TABLE_ROW}:{last}{TABLE_ROW + len(section.rows)}"


def _finish(sheet: Worksheet, title: str, week: str, columns: list[tuple[str, str]],
            values: list[list[str]], notice: str = "") -> None:
    """Title block, frozen header, column widths, and landscape fit-to-width printing."""
    sheet.cell(1, 1, title).font = Font(bold=True, size=14)
    sheet.cell(2, 1, week).font = Font(italic=True, color="555555")
    if notice:
        sheet.cell(3, 1, notice).font = Font(italic=True, color="B26A00")
    sheet.freeze_panes = sheet.cell(TABLE_ROW + 1, 1)
    for index, (header, kind) in enumerate(columns, start=1):
        cells = [header] + [row[index - 1] for row in values]
        widest = max(cell_width(str(cell)) for cell in cells) * 1.1 + 2
        floor = 12 if kind in ("date", "yuan") else 8
        sheet.column_dimensions[get_column_letter(index)].width = min(max(widest, floor), 60)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{TABLE_ROW}:{TABLE_ROW}"


def cell_width(text: str) -> int:
    """Width in Excel's units (one per digit): Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _display(value: object, kind: str) -> str:
    """How wide a value looks once formatted, for column widths."""
    if value is None:
        return ""
    if kind == "yuan":
        return f"{value:,.2f}"
    if kind == "percent":
        return f"{value * 100:.1f}%"
    return str(value)


def _sheet_name(title: str, taken: set[str]) -> str:
    """A valid, unique sheet name: no []:*?/\\ characters, at most 31 characters."""
    base = _SHEET_UNSAFE.sub(" ", title).strip()[:31] or "Sheet"
    name, counter = base, 2
    while name in taken:
        suffix = f" ({counter})"
        name, counter = base[: 31 - len(suffix)] + suffix, counter + 1
    taken.add(name)
    return name
