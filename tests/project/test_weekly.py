"""Weekly report content from pure data: which tasks appear where, and the budget total."""

import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from germbank.project.budget import BudgetLine, Payment, summarise_budget
from germbank.project.report_xlsx import weekly_report_xlsx
from germbank.project.schedule import Dependency, Task, build_schedule
from germbank.project.weekly import (
    Deliverable,
    ProgressNote,
    ProjectInfo,
    RiskItem,
    build_weekly_report,
    week_of,
)

STATUS = date(2024, 9, 13)  # a Friday; the report week is Monday 9 to Sunday 15 September


def _report(notes=(), risks=()):
    tasks = [
        Task("a", "Done long ago", date(2024, 3, 1), date(2024, 3, 31),
             actual_start=date(2024, 3, 1), actual_finish=date(2024, 3, 30),
             percent_complete=Decimal(100)),
        Task("b", "Structure", date(2024, 8, 1), date(2024, 9, 30),
             actual_start=date(2024, 8, 1), percent_complete=Decimal(40), owner_unit="Builder",
             dependencies=(Dependency("a"),)),
        Task("c", "Fit-out", date(2024, 10, 1), date(2024, 10, 31),
             dependencies=(Dependency("b"),)),
        Task("d", "Road", date(2024, 8, 1), date(2024, 9, 5), contact_person="Li"),
        Task("e", "Handover", date(2024, 9, 17), date(2024, 9, 17), is_milestone=True),
    ]
    schedule = build_schedule(tasks, STATUS)
    lines = [BudgetLine("x", "Works", Decimal("900.00")),
             BudgetLine("y", "Fees", Decimal("100.00"))]
    payments = [Payment("x", date(2024, 9, 2), Decimal("300.00")),
                Payment("x", date(2024, 9, 10), Decimal("150.50"))]
    budget = summarise_budget(Decimal("1000.00"), lines, payments)
    info = ProjectInfo("Bank", "Shijihu", "Bureau", Decimal("1000.00"))
    return build_weekly_report(info, schedule, budget, payments,
                               [Deliverable("Store", "m²", Decimal("1522.81"), Decimal(0))],
                               list(risks), list(notes))


def _section(report, key):
    return next(s for s in report.sections if s.key == key)


def test_week_runs_monday_to_sunday():
    assert week_of(STATUS) == (date(2024, 9, 9), date(2024, 9, 15))
    assert week_of(date(2024, 9, 9)) == (date(2024, 9, 9), date(2024, 9, 15))


def test_progress_lists_work_of_the_week_with_its_change():
    notes = [ProgressNote("b", date(2024, 9, 6), Decimal(30), "walls"),
             ProgressNote("b", date(2024, 9, 12), Decimal(40), "first slab")]
    rows = {r["task"]: r for r in _section(_report(notes), "progress").rows}
    # Structure was worked on; Road was due last week and nothing happened (it is overdue).
    assert set(rows) == {"Structure"}
    assert rows["Structure"]["change"] == Decimal("0.1")
    assert rows["Structure"]["notes"] == "first slab"


def test_plan_for_next_week_and_overdue_items():
    report = _report()
    plan = {r["task"]: r for r in _section(report, "plan").rows}
    assert list(plan) == ["Structure", "Road", "Handover"]  # Fit-out starts in October
    assert plan["Road"]["status"] == "overdue, late start, behind plan, forecast late"
    overdue = _section(report, "overdue").rows
    assert [(r["task"], r["days"], r["contact"]) for r in overdue] == [("Road", 8, "Li")]


def test_budget_section_totals_and_payments_of_the_week():
    rows = _section(_report(), "budget").rows
    assert rows[-1]["line"] == "Total"
    assert rows[-1]["planned"] == Decimal("1000.00")
    assert rows[-1]["paid"] == Decimal("450.50")
    assert rows[-1]["paid_week"] == Decimal("150.50")
    assert rows[0]["remaining"] == Decimal("449.50")


def test_open_risks_come_first_soonest_due_first():
    risks = [RiskItem("Closed one", "risk", "A", "low", "closed", False, date(2024, 1, 1)),
             RiskItem("Later", "risk", "B", "high", "open", True, date(2024, 10, 1)),
             RiskItem("Late", "issue", "C", "medium", "open", True, date(2024, 9, 1))]
    rows = _section(_report(risks=risks), "risks").rows
    assert [r["title"] for r in rows] == ["Late", "Later", "Closed one"]
    assert [r["overdue"] for r in rows] == ["yes", "", ""]


def test_xlsx_sheet_names_are_valid_and_empty_sections_say_so():
    report = _report()
    empty = [s for s in report.sections if s.key == "risks"][0]
    book = load_workbook(io.BytesIO(weekly_report_xlsx(report)))
    assert book.sheetnames[0] == "Summary"
    assert all(len(name) <= 31 for name in book.sheetnames)
    assert book["Risks and issues"]["A5"].value == empty.empty == "No risks or issues."
