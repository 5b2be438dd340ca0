"""The demo project carries the plan's real targets and an illustrative schedule."""

from decimal import Decimal

import sqlalchemy as sa

from germbank.extensions import db
from germbank.models.project import BudgetLine, Instrument, Project
from germbank.project import loading
from germbank.project.dashboard import build_dashboard

SIMULATOR_DEVICES = {"th-st1-dry-01", "th-st1-r1-01", "th-st1-r1-02", "th-st1-r2-01",
                     "th-st1-r3-01", "env-gh1-b1-01", "env-gh1-b2-01", "soil-gh1-b1-01",
                     "soil-gh1-b2-01"}


def test_budget_lines_add_up_exactly_to_the_approved_total(demo_project):
    summary = loading.budget_summary(demo_project)
    assert demo_project.total_budget == Decimal("10830000.00")
    assert summary.planned == Decimal("10830000.00")
    assert summary.unallocated == Decimal("0.00")
    assert not summary.is_over_total


def test_targets_are_the_plans_facts(demo_project):
    targets = {d.code: (d.target, d.unit) for d in demo_project.deliverables}
    assert targets["D01"] == (Decimal("1522.81"), "m²")
    assert targets["D02"] == (Decimal("5760.00"), "m²")
    assert targets["D03"][0] == Decimal("20.00")
    assert demo_project.site.startswith("琼湖街道石矶湖")
    assert demo_project.lead_unit.startswith("市农业农村局")
    assert demo_project.support_units.startswith("市科工局")
    assert demo_project.is_illustrative


def test_instrument_register_has_more_than_twenty_some_feeding_simulator_devices(demo_project):
    instruments = demo_project.instruments
    assert len(instruments) >= 21
    linked = {i.device_code for i in instruments if i.device_code}
    assert len(linked) >= 4 and linked <= SIMULATOR_DEVICES
    for instrument in instruments:
        if instrument.device_code:
            assert instrument.location is not None  # placed where its device reports from


def test_a_few_items_are_late_and_the_instrument_deliverable_counts_the_register(demo_project):
    board = build_dashboard(demo_project)
    assert 1 <= len(board.overdue) <= 4
    assert board.at_risk
    assert board.late_instruments
    assert board.schedule.finish_variance_days > 0
    counted = next(d for d in demo_project.deliverables if d.measured_by != "manual")
    assert counted.achieved == board.installed > 0


def test_loading_twice_adds_nothing(demo_project):
    from germbank.project import demo

    demo.load()
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(Project.id))) == 1
    assert db.session.scalar(sa.select(sa.func.count(BudgetLine.id))) == 8
    assert db.session.scalar(sa.select(sa.func.count(Instrument.id))) == len(
        demo_project.instruments)


def test_every_page_says_the_demo_is_illustrative(demo_project, login_as):
    browser = login_as("viewer")
    for page in ("", "schedule", "budget", "report"):
        body = browser.get(f"/project/{demo_project.id}/{page}",
                           headers={"Accept-Language": "en"}).get_data(as_text=True)
        assert "Illustrative demo data" in body, page
