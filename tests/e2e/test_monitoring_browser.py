"""Climate in the browser: a lot's climate chart is drawn, and a technician acknowledges an alarm.

Readings reach the database the way the MQTT subscriber stores them (``DatabaseSink``), from
a demo device placed in short-term room ST1-R1, where demo lot HM0003-S2018 sits on a shelf.
"""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from germbank.orm import utcnow

pytestmark = pytest.mark.browser

ROOM_DEVICE = "th-st1-r1-01"  # placed in ST1-R1 by germbank/devices/demo.py
LOT = "HM0003-S2018"  # on shelf ST1-R1-S01


def every_ten_minutes(hours: float, **values):
    """Samples of constant ``values`` over the last ``hours``, oldest first."""
    now = utcnow().replace(second=0, microsecond=0)
    count = int(hours * 6)
    return [(now - timedelta(minutes=10 * (count - i)), values) for i in range(count)]


def test_lot_page_draws_the_climate_it_lived_in(
    page, browser_login, console_errors, demo_data, ingest
):
    stored = ingest(ROOM_DEVICE, every_ten_minutes(6, temperature=12.4, humidity=52.0))
    assert stored.stored == 72
    base = browser_login(page, "agronomist")
    page.goto(f"{base}/accessions/?q=HM0003")
    page.locator("table tbody tr").first.get_by_role("link", name="HM0003").click()
    page.get_by_role("link", name=LOT).first.click()
    expect(page.locator("h1")).to_have_text(f"Lot {LOT}")

    climate = page.locator("#climate")
    expect(climate.locator("h2")).to_have_text("Climate this lot lived in")
    expect(climate).to_contain_text("ST1-R1")
    chart = climate.locator("[data-climate-chart]")
    page.wait_for_selector("#climate [data-climate-chart][aria-busy='false']")
    assert int(chart.get_attribute("data-points")) > 0
    expect(chart.locator("[data-chart-status]")).not_to_contain_text("No readings")
    titles = chart.locator(".climate-plot .u-title").all_inner_texts()
    assert titles == ["Temperature (°C)", "Relative humidity (%RH)"]
    for canvas in chart.locator(".climate-plot canvas").all():
        box = canvas.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 50, box
    assert not console_errors, console_errors


def test_technician_acknowledges_an_alarm_with_a_comment(
    page, browser_login, console_errors, demo_data, ingest
):
    ingest(ROOM_DEVICE, every_ten_minutes(1, temperature=12.0, humidity=72.0))
    browser_login(page, "technician")
    badge = page.locator(".mainnav [data-alarm-badge]")
    waiting = int(badge.inner_text())
    assert waiting >= 1  # the demo's history leaves some unacknowledged, plus the new one
    card = page.locator(".monitoring-card")
    expect(card).to_contain_text("ST1-R1: Relative humidity 72.0 %RH")
    card.get_by_role("link", name=f"{waiting} not acknowledged").click()

    row = page.locator(".alarms-table tbody tr", has_text="ST1-R1").filter(
        has_text="Relative humidity"
    ).filter(has_text="Active")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("72.0")
    row.get_by_role("link", name="#").click()

    expect(page.locator("h1")).to_contain_text("Alarm #")
    state = page.locator("[data-alarm-state]")
    state_before = state.inner_text()
    page.get_by_label("What was found and done").fill("Dehumidifier restarted; jars checked.")
    page.get_by_role("button", name="Acknowledge").click()

    expect(page.locator(".flash")).to_contain_text("Alarm acknowledged.")
    expect(state).to_have_attribute("data-alarm-state", "acknowledged")
    expect(state).not_to_have_text(state_before)
    expect(page.locator(".props")).to_contain_text("Dehumidifier restarted; jars checked.")
    expect(page.get_by_role("button", name="Acknowledge")).to_have_count(0)
    expect(badge).to_have_text(str(waiting - 1))
    history = page.locator("table tbody tr", has_text="Dehumidifier restarted")
    expect(history).to_contain_text("technician-browser")
    assert not console_errors, console_errors
