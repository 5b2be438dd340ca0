"""The overview, location page, chart JSON, exports and daily report, on known readings."""

import csv
import io
from datetime import UTC, datetime, timedelta

import openpyxl
import pytest

from germbank.extensions import db
from germbank.orm import utcnow

EN = {"Accept-Language": "en"}


@pytest.fixture
def rooms(make_location, climate):
    """Room 1 in range, room 2 in an excursion, a greenhouse bay; readings for the last 2 days."""
    from germbank.monitoring.services.thresholds import apply_defaults

    store = make_location("ST1", "short_term", kind="store")
    r1 = make_location("ST1-R1", "short_term", parent=store, name="Short-term room 1")
    r2 = make_location("ST1-R2", "short_term", parent=store, name="Short-term room 2")
    for room in (r1, r2):
        apply_defaults(room)
    db.session.commit()
    now = utcnow().replace(second=0, microsecond=0)
    for minutes in range(0, 2 * 24 * 60, 10):
        ts = now - timedelta(minutes=minutes)
        climate.add(r1.id, "temperature", ts, 12.0)
        climate.add(r1.id, "humidity", ts, 55.0)
        climate.add(r2.id, "humidity", ts, 58.0 if minutes else 63.0)
    return r1, r2


def test_overview_shows_every_watched_location_with_values(rooms, login_as):
    page = login_as("viewer").get("/monitoring/", headers=EN).get_data(as_text=True)
    assert 'data-location="ST1-R1"' in page and 'data-location="ST1-R2"' in page
    assert "12.0 °C" in page and "55.0 %RH" in page
    assert "Short-term store" in page or "ST1" in page
    assert "monitoring-overview.js" in page
    assert "<script>" not in page  # the CSP forbids inline scripts


def test_overview_json_carries_status_and_sparkline(rooms, client, api_token, feed):
    r1, r2 = rooms
    headers = {"Authorization": f"Bearer {api_token('viewer')}", **EN}
    body = client.get("/api/v1/monitoring/overview", headers=headers).json
    cards = {c["code"]: c for c in body["locations"]}
    r1_metrics = {m["metric"]: m for m in cards["ST1-R1"]["metrics"]}
    assert r1_metrics["humidity"]["value"] == 55.0
    assert r1_metrics["humidity"]["status"] == "ok"
    assert (r1_metrics["humidity"]["minimum"], r1_metrics["humidity"]["maximum"]) == (40.0, 60.0)
    assert len(r1_metrics["humidity"]["spark"]["v"]) == 24
    assert cards["ST1-R2"]["status"] == "excursion"
    assert body["summary"] == {"unacknowledged": 0, "active": 0, "critical": 0}


def test_an_alarm_shows_on_the_overview(rooms, client, api_token, feed):
    _r1, r2 = rooms
    feed(r2, "humidity", [(0, 70.0), (20, 70.0)])
    headers = {"Authorization": f"Bearer {api_token('viewer')}", **EN}
    body = client.get("/api/v1/monitoring/overview", headers=headers).json
    cards = {c["code"]: c for c in body["locations"]}
    assert cards["ST1-R2"]["status"] == "alarm"
    assert cards["ST1-R2"]["alarms"] == 1


def test_location_page_has_the_chart_without_inline_script(rooms, login_as):
    page = login_as("agronomist").get("/monitoring/locations/ST1-R1", headers=EN)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "data-climate-chart" in text
    assert "/api/v1/monitoring/locations/ST1-R1/series" in text
    assert "vendor/uplot/uPlot.iife.min.js" in text
    assert "<script>" not in text and 'style="' not in text


def test_series_json_is_raw_for_a_day_and_bucketed_beyond(rooms, client, api_token):
    headers = {"Authorization": f"Bearer {api_token('viewer')}"}
    url = "/api/v1/monitoring/locations/ST1-R1/series"
    day = client.get(url, headers=headers).json
    assert day["resolution"] == "raw"
    (temperature, humidity) = day["metrics"]
    assert temperature["metric"] == "temperature" and humidity["metric"] == "humidity"
    assert 140 <= len(temperature["t"]) <= 145
    assert temperature["min"] is None and temperature["max"] is None  # raw: mean only
    assert humidity["bands"] == [{"from": None, "to": None, "minimum": 40.0, "maximum": 60.0}]
    end = utcnow()
    week = client.get(
        url, query_string={"start": (end - timedelta(days=7)).isoformat(), "end": end.isoformat(),
                           "metrics": "humidity"},
        headers=headers,
    ).json
    assert week["resolution"] == "bucket"
    assert [m["metric"] for m in week["metrics"]] == ["humidity"]
    assert len(week["metrics"][0]["t"]) <= 2000
    assert max(v for v in week["metrics"][0]["max"] if v is not None) == 55.0


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"start": "2026-07-02T00:00:00Z", "end": "2026-07-01T00:00:00Z"}, "end"),
        ({"start": "yesterday"}, "start"),
        ({"start": "2026-07-01T00:00:00"}, "start"),
        ({"metrics": "temperature,radon"}, "metrics"),
    ],
)
def test_bad_series_queries_get_a_precise_422(rooms, client, api_token, query, field):
    headers = {"Authorization": f"Bearer {api_token('viewer')}"}
    response = client.get(
        "/api/v1/monitoring/locations/ST1-R1/series", query_string=query, headers=headers
    )
    assert response.status_code == 422
    assert field in str(response.json["errors"])


def test_csv_export_has_every_reading_with_local_time(rooms, login_as):
    today = datetime.now(UTC).date()
    response = login_as("viewer").get(
        "/monitoring/locations/ST1-R1/export",
        query_string={"start": (today - timedelta(days=3)).isoformat(),
                      "end": (today + timedelta(days=1)).isoformat(),
                      "format": "csv", "metrics": "temperature"},
    )
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["time_utc", "time_local", "location", "metric", "value", "unit"]
    assert len(rows) - 1 == 2 * 24 * 6
    assert rows[1][2:] == ["ST1-R1", "temperature", "12.0", "°C"]


def test_xlsx_export_hourly(rooms, login_as):
    today = datetime.now(UTC).date()
    response = login_as("viewer").get(
        "/monitoring/locations/ST1-R1/export",
        query_string={"start": (today - timedelta(days=3)).isoformat(),
                      "end": (today + timedelta(days=1)).isoformat(),
                      "format": "xlsx", "resolution": "hourly", "metrics": "humidity"},
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["hour_utc", "hour_local", "location", "metric"]
    assert 47 <= sheet.max_row - 1 <= 49
    assert sheet.cell(row=2, column=7).value == 55.0


@pytest.mark.parametrize(
    "query",
    [
        {"start": "2026-07-05", "end": "2026-07-01"},
        {"start": "1 July", "end": "2026-07-01"},
        {"end": "2026-07-01"},
        {"start": "2026-07-01", "end": "2026-07-02", "format": "pdf"},
        {"start": "2026-07-01", "end": "2026-07-02", "resolution": "minute"},
    ],
)
def test_bad_export_requests_are_refused_with_400(rooms, login_as, query):
    response = login_as("viewer").get("/monitoring/locations/ST1-R1/export", query_string=query)
    assert response.status_code == 400


def test_daily_report_page_and_xlsx(rooms, login_as):
    browser = login_as("technician")
    today = datetime.now(UTC).date()
    query = {"start": (today - timedelta(days=3)).isoformat(),
             "end": (today + timedelta(days=1)).isoformat()}
    page = browser.get("/monitoring/locations/ST1-R2/report", query_string=query, headers=EN)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Hours out of range" in text and "63.0 %RH" in text
    download = browser.get(
        "/monitoring/locations/ST1-R2/report", query_string={**query, "format": "xlsx"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(download.data)).active
    assert sheet["A1"].value.startswith("ST1-R2")
    assert [c.value for c in sheet[3]][:3] == ["date", "metric", "minimum"]
