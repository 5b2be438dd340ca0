"""Builders for the MCPD files the tests feed the reader (made here, never shipped)."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest


def build_csv(rows: list[list[object]], encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    """A CSV file as Excel or a script would write it."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def build_xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    """A workbook with the given sheets in order; cells keep their Python types."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def make_csv():
    """Build CSV bytes: ``make_csv(rows, encoding="utf-8", delimiter=",")``."""
    return build_csv


@pytest.fixture
def make_xlsx():
    """Build XLSX bytes: ``make_xlsx({"Sheet": rows, ...})``."""
    return build_xlsx
