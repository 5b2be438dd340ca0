"""The weekly report for the task force: the XLSX opened back, and the printable page."""

import io
from datetime import datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

EN = {"Accept-Language": "en"}
SHEETS = ["Summary", "Progress this week", "Plan for next week", "Budget", "Deliverables",
          "Risks and issues", "Overdue items"]


@pytest.fixture
def workbook(demo_project, login_as):
    response = login_as("viewer").get(f"/project/{demo_project.id}/report.xlsx", headers=EN)
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert "YJ-GERMPLASM-2024-weekly-2024-09-09.xlsx" in response.headers["Content-Disposition"]
    return load_workbook(io.BytesIO(response.data))


def _table(sheet):
    """Header row 4 and the data rows under it, as dicts (with the cells, for formats)."""
    header = [c.value for c in sheet[4]]
    rows = []
    for cells in sheet.iter_rows(min_row=5):
        if cells[0].value is None:
            continue
        rows.append({h: c for h, c in zip(header, cells, strict=False)})
    return rows


def test_workbook_has_the_six_sections_after_a_summary(workbook):
    assert workbook.sheetnames == SHEETS
    summary = workbook["Summary"]
    assert summary["A1"].value == "Summary"
    assert summary["A2"].value.endswith("2024-09-09 – 2024-09-15")
    assert "Illustrative demo data" in summary["A3"].value
    figures = {row["Item"].value: row["Value"] for row in _table(summary)}
    assert figures["Total budget (yuan)"].value == 10830000
    assert figures["Total budget (yuan)"].number_format == "#,##0.00"
    assert figures["Planned in budget lines (yuan)"].value == 10830000
    assert figures["Status date"].is_date
    assert figures["Paid of total"].number_format == "0.0%"


def test_budget_sheet_adds_up_to_the_total_with_yuan_formats(workbook):
    rows = _table(workbook["Budget"])
    total = rows[-1]
    assert total["Budget line"].value == "Total"
    assert Decimal(str(total["Planned (yuan)"].value)) == Decimal("10830000")
    assert total["Planned (yuan)"].font.bold
    lines = rows[:-1]
    assert sum(Decimal(str(r["Planned (yuan)"].value)) for r in lines) == Decimal("10830000")
    assert all(r["Paid (yuan)"].number_format == "#,##0.00" for r in rows)
    paid_week = {r["Budget line"].value: r["Paid this week (yuan)"].value for r in lines}
    assert paid_week["Park IoT system"] == 60000  # paid on 10 September, in the report week
    assert rows[0]["Paid of planned"].number_format == "0.0%"


def test_progress_and_plan_sheets_show_the_week(workbook):
    progress = {r["Task"].value: r for r in _table(workbook["Progress this week"])}
    structure = progress["Main structure of the short-term store (1,522.81 m²)"]
    assert structure["% complete"].value == pytest.approx(0.6)
    assert structure["Change this week"].value == pytest.approx(0.1)
    assert structure["% complete"].number_format == "0.0%"
    assert "second-floor slab poured" in structure["Notes this week"].value
    assert structure["Planned finish"].is_date
    assert structure["Planned finish"].value == datetime(2024, 9, 20)
    plan = [r["Task"].value for r in _table(workbook["Plan for next week"])]
    assert "Store fit-out: cold rooms, drying room, insulation" not in plan  # starts in October
    assert "Delivery and installation of instruments" in plan


def test_overdue_deliverables_and_risks_sheets(workbook):
    overdue = {r["Task"].value: r for r in _table(workbook["Overdue items"])}
    assert set(overdue) == {"Experimental greenhouse (5,760 m²)",
                            "Greenhouse completed and handed over",
                            "Access road, drainage and utilities"}
    assert overdue["Access road, drainage and utilities"]["Days overdue"].value == 3
    deliverables = {r["Deliverable"].value: r for r in _table(workbook["Deliverables"])}
    assert deliverables["Short-term store"]["Target"].value == pytest.approx(1522.81)
    assert deliverables["Experimental greenhouse"]["Target"].value == 5760
    assert deliverables["New instruments and equipment"]["Achieved"].value == 7
    risks = _table(workbook["Risks and issues"])
    assert risks[0]["Past due"].value == "yes"  # the late fibre testers come first
    assert risks[-1]["Status"].value == "Closed"


def test_columns_are_wide_enough_to_read(workbook):
    for name in SHEETS[1:]:
        sheet = workbook[name]
        for cell in sheet[4]:
            width = sheet.column_dimensions[cell.column_letter].width
            assert width >= min(len(str(cell.value)), 12), (name, cell.value)
    assert workbook["Progress this week"].freeze_panes == "A5"


def test_printable_page_has_every_section_and_print_styles(demo_project, login_as):
    body = login_as("viewer").get(f"/project/{demo_project.id}/report",
                                  headers=EN).get_data(as_text=True)
    for key in ("progress", "plan", "budget", "deliverables", "risks", "overdue"):
        assert f'id="report-{key}"' in body
    assert "css/project.css" in body
    assert "10,830,000.00" in body
    assert "Week 2024-09-09 – 2024-09-15 · as of 2024-09-13" in body


def test_moving_the_status_date_moves_the_report_week(demo_project, manager):
    manager.post(f"/project/{demo_project.id}/status-date", data={"status_date": "2024-09-20"})
    data = manager.get(f"/project/{demo_project.id}/report.xlsx", headers=EN).data
    assert load_workbook(io.BytesIO(data))["Summary"]["A2"].value.endswith(
        "2024-09-16 – 2024-09-22")
