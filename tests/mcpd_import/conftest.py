"""Fixtures for the MCPD import tests: file builders and a running import."""

from __future__ import annotations

import csv
import io
from types import SimpleNamespace

import openpyxl
import pytest

HEADER = ["INSTCODE", "ACCENUMB", "GENUS", "SPECIES", "CROPNAME", "ACCENAME", "SAMPSTAT",
          "ORIGCTY", "STORAGE", "REMARKS"]


def build_csv(rows, encoding="utf-8", delimiter=","):
    """CSV bytes of ``rows`` (lists)."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def build_xlsx(sheets):
    """XLSX bytes of ``{"title": rows}``."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ramie(number, **cells):
    """One good ramie row, as a dict over HEADER."""
    row = dict(zip(HEADER, ["CHN123", f"ZM{number:03d}", "Boehmeria", "nivea", "ramie",
                            f"中苎{number}号", "300", "CHN", "20", ""], strict=True))
    row.update(cells)
    return row


def rows_of(dicts, header=None):
    """A header row and the value rows of ``dicts``."""
    header = header or list(dicts[0])
    return [header] + [[d.get(name, "") for name in header] for d in dicts]


@pytest.fixture
def files():
    """Builders for test files: ``files.csv(rows)``, ``files.xlsx(sheets)``,
    ``files.ramie(n, **cells)``, ``files.rows_of(dicts)``, ``files.HEADER``."""
    return SimpleNamespace(csv=build_csv, xlsx=build_xlsx, ramie=ramie, rows_of=rows_of,
                           HEADER=HEADER)


@pytest.fixture
def run_import(app):
    """Import bytes as the CLI and page do: check, import, commit or roll back."""
    from germbank.extensions import db
    from germbank.mcpd import check_file
    from germbank.mcpd_import.services.importer import import_mcpd

    def run(data, filename="passport.csv", **options):
        report = import_mcpd(check_file(data, filename), filename, **options)
        if report.applied:
            db.session.commit()
        else:
            db.session.rollback()
        return report

    return run


@pytest.fixture
def app_config(app_config, tmp_path):
    """Keep uploads of each test in its own folder."""
    app_config["MCPD_IMPORT_DIR"] = str(tmp_path / "mcpd_imports")
    return app_config
