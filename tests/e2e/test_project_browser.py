"""A project manager records that a milestone was reached and sees the Gantt chart change."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MILESTONE = "Greenhouse completed and handed over"  # demo milestone M3, not reached yet


def test_manager_marks_a_milestone_reached_and_the_gantt_shows_it(
    page, browser_login, console_errors, demo_data
):
    browser_login(page, "project_manager")
    page.locator(".mainnav").get_by_role("link", name="Construction project").click()
    page.locator(".project-tabs").get_by_role("link", name="Schedule").click()
    gantt = page.locator("figure.gantt-wrap svg")
    bar_title = gantt.locator("g.task > title", has_text=f"{MILESTONE}:")
    expect(bar_title).to_contain_text(", 0% complete")
    chart_before = gantt.inner_html()
    row = page.locator("#tasks tbody tr", has_text=MILESTONE)
    expect(row.locator("td").nth(10)).not_to_contain_text("Complete")

    page.locator("#tasks").get_by_role("link", name=MILESTONE).click()
    expect(page.locator("#progress h2")).to_have_text("Update progress")
    page.get_by_label("Actual finish").fill("2024-09-05")
    page.get_by_label("Progress remark (for the weekly report)").fill("Handed over after the "
                                                                      "final inspection.")
    page.get_by_role("button", name="Record progress").click()

    expect(page.locator(".flash")).to_contain_text("Progress of M3 recorded.")
    expect(page.locator(".props")).to_contain_text("2024-09-05")
    page.locator(".project-tabs").get_by_role("link", name="Schedule").click()
    expect(bar_title).to_contain_text("2024-09-05")
    expect(bar_title).to_contain_text(", 100% complete")
    assert gantt.inner_html() != chart_before
    expect(row.locator("td").nth(7)).to_have_text("100.0")
    expect(row.locator("td").nth(10)).to_contain_text("Complete")
    assert not console_errors, console_errors
