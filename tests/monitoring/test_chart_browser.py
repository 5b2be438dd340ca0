"""In a real browser: the location page draws its climate charts, and the overview updates live."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from germbank.extensions import db
from germbank.orm import utcnow

pytestmark = pytest.mark.browser


@pytest.fixture
def sensed_room(make_location, climate):
    from germbank.monitoring.services.thresholds import apply_defaults

    room = make_location("ST1-R1", "short_term", name="Short-term room 1")
    apply_defaults(room)
    db.session.commit()
    now = utcnow()
    for minutes in range(0, 3 * 24 * 60, 5):
        ts = now - timedelta(minutes=minutes)
        climate.add(room.id, "temperature", ts, 12.0 + (minutes % 120) / 100)
        climate.add(room.id, "humidity", ts, 55.0 + (minutes % 90) / 30)
    return room


def console_errors(page):
    """Script errors and failed requests of the page (the browser's favicon probe aside)."""
    errors = []

    def on_console(message):
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    def on_response(response):
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            errors.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", on_response)
    return errors


def test_location_page_draws_the_charts_and_zooms_to_a_week(page, browser_login, sensed_room):
    errors = console_errors(page)
    base = browser_login(page, "technician")
    page.goto(f"{base}/monitoring/locations/ST1-R1")
    chart = page.locator("#location-chart")
    page.wait_for_selector("#location-chart[data-resolution='raw']:not([data-points='0'])")
    assert page.locator(".climate-plot canvas").count() >= 2
    titles = page.locator(".climate-plot .u-title").all_inner_texts()
    assert titles == ["Temperature (°C)", "Relative humidity (%RH)"]
    page.click("[data-range-preset='7d']")
    page.wait_for_selector("#location-chart[data-resolution='bucket'][aria-busy='false']")
    assert int(chart.get_attribute("data-points")) <= 4000
    page.uncheck("[data-metric-toggle][value=temperature]")
    expect(page.locator(".climate-plot")).to_have_count(1)
    assert not errors, errors


def test_overview_refreshes_values_without_a_reload(page, browser_login, sensed_room, climate):
    errors = console_errors(page)
    base = browser_login(page, "technician")
    page.goto(f"{base}/monitoring/")
    row = page.locator("[data-location='ST1-R1'] [data-metric='humidity'] [data-field='value']")
    page.wait_for_selector("[data-location='ST1-R1'] [data-metric='humidity'] svg.sparkline")
    climate.add(sensed_room.id, "humidity", utcnow() + timedelta(seconds=1), 63.5)
    expect(row).to_have_text("63.5 %RH", timeout=15_000)
    status = page.locator("[data-location='ST1-R1'] [data-metric='humidity'] [data-field='status']")
    assert status.get_attribute("data-status") == "excursion"
    assert not errors, errors
