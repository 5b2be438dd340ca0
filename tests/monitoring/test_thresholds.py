"""Thresholds: defaults from the store type, edits by technicians only, every change audited."""

import pytest
import sqlalchemy as sa

from germbank.extensions import db
from germbank.models import AuditEntry
from germbank.models.monitoring import Threshold

EN = {"Accept-Language": "en"}


def thresholds_of(location):
    return {
        t.metric: (t.minimum, t.maximum, t.grace_minutes, t.severity)
        for t in db.session.scalars(
            sa.select(Threshold).where(Threshold.location_id == location.id)
        )
    }


@pytest.mark.parametrize(
    ("climate_class", "expected"),
    [
        ("short_term", {"temperature": (10.0, 15.0, 15, "warning"),
                        "humidity": (40.0, 60.0, 15, "critical")}),
        ("medium_term", {"temperature": (0.0, 10.0, 15, "critical"),
                         "humidity": (None, 40.0, 15, "critical")}),
        ("base", {"temperature": (-21.0, -15.0, 15, "critical")}),
        ("drying", {"temperature": (5.0, 20.0, 15, "warning"),
                    "humidity": (10.0, 25.0, 15, "critical")}),
        ("greenhouse", {"temperature": (15.0, 32.0, 15, "warning"),
                        "humidity": (60.0, 85.0, 15, "warning"),
                        "co2": (300.0, 1500.0, 30, "warning"),
                        "soil_moisture": (20.0, 45.0, 60, "warning")}),
    ],
)
def test_defaults_follow_the_standards_file(make_location, climate_class, expected):
    from germbank.monitoring.services.thresholds import apply_defaults

    location = make_location("X1", climate_class)
    apply_defaults(location)
    db.session.commit()
    assert thresholds_of(location) == expected


def test_defaults_never_overwrite_an_edited_threshold(watched_room):
    from germbank.monitoring.services.thresholds import ThresholdInput, apply_defaults, save

    save(watched_room, "humidity", ThresholdInput(35.0, 58.0, 30, "warning"))
    assert apply_defaults(watched_room) == []
    assert thresholds_of(watched_room)["humidity"] == (35.0, 58.0, 30, "warning")


def test_cli_fills_every_location_with_a_climate_class(make_location, runner):
    make_location("R1", "short_term")
    make_location("GH", "greenhouse", kind="greenhouse")
    make_location("SITE", None, kind="site")
    result = runner.invoke(args=["monitoring", "defaults"])
    assert result.exit_code == 0, result.output
    assert "6 default thresholds added" in result.output
    again = runner.invoke(args=["monitoring", "defaults"])
    assert "0 default thresholds added" in again.output


def test_technician_edits_a_threshold_and_the_change_is_audited(watched_room, login_as):
    browser = login_as("technician")
    response = browser.post(
        "/monitoring/locations/ST1-R1/thresholds",
        data={"prefix": "humidity", "humidity-metric": "humidity", "humidity-minimum": "45",
              "humidity-maximum": "58.5", "humidity-grace_minutes": "10",
              "humidity-severity": "critical", "humidity-enabled": "y"},
        headers=EN,
    )
    assert response.status_code == 302
    assert thresholds_of(watched_room)["humidity"] == (45.0, 58.5, 10, "critical")
    entry = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.entity == "threshold", AuditEntry.action == "update")
    ).one()
    assert entry.username == "technician-signed-in"
    assert entry.changes == {"minimum": [40.0, 45.0], "maximum": [60.0, 58.5],
                             "grace_minutes": [15, 10]}
    page = browser.get("/monitoring/locations/ST1-R1/thresholds", headers=EN)
    assert "technician-signed-in" in page.get_data(as_text=True)


def test_minimum_above_maximum_is_refused_with_the_reason(watched_room, login_as):
    browser = login_as("technician")
    response = browser.post(
        "/monitoring/locations/ST1-R1/thresholds",
        data={"prefix": "new", "new-metric": "co2", "new-minimum": "900", "new-maximum": "400",
              "new-grace_minutes": "15", "new-severity": "warning"},
        headers=EN,
    )
    assert response.status_code == 400
    assert "The maximum must be greater than the minimum." in response.get_data(as_text=True)
    assert "co2" not in thresholds_of(watched_room)


@pytest.mark.parametrize("role", ["agronomist", "viewer", "project_manager"])
def test_other_roles_read_but_cannot_edit(watched_room, login_as, role):
    browser = login_as(role)
    page = browser.get("/monitoring/locations/ST1-R1/thresholds", headers=EN)
    assert page.status_code == 200
    assert "Add a threshold" not in page.get_data(as_text=True)
    response = browser.post(
        "/monitoring/locations/ST1-R1/thresholds",
        data={"prefix": "humidity", "humidity-metric": "humidity", "humidity-maximum": "90",
              "humidity-grace_minutes": "15", "humidity-severity": "warning"},
    )
    assert response.status_code == 403
    assert browser.post("/monitoring/locations/ST1-R1/thresholds/defaults").status_code == 403
    assert thresholds_of(watched_room)["humidity"][1] == 60.0


def test_removing_a_threshold_is_audited(watched_room, login_as):
    browser = login_as("admin")
    response = browser.post("/monitoring/locations/ST1-R1/thresholds/humidity/delete")
    assert response.status_code == 302
    assert "humidity" not in thresholds_of(watched_room)
    assert db.session.scalar(
        sa.select(sa.func.count()).select_from(AuditEntry).where(AuditEntry.action == "delete")
    ) == 1


def test_api_put_needs_the_current_etag(watched_room, client, api_token):
    headers = {"Authorization": f"Bearer {api_token('technician')}"}
    url = "/api/v1/monitoring/locations/ST1-R1/thresholds/temperature"
    current = client.get(url, headers=headers)
    assert current.status_code == 200
    body = {"minimum": 9.0, "maximum": 16.0, "grace_minutes": 20, "severity": "warning"}
    assert client.put(url, json=body, headers=headers).status_code == 428
    stale = client.put(url, json=body, headers={**headers, "If-Match": '"stale"'})
    assert stale.status_code == 412
    ok = client.put(url, json=body, headers={**headers, "If-Match": current.headers["ETag"]})
    assert ok.status_code == 200, ok.json
    assert ok.json["maximum"] == 16.0
    assert thresholds_of(watched_room)["temperature"] == (9.0, 16.0, 20, "warning")


def test_api_refuses_an_impossible_threshold_with_422(watched_room, client, api_token):
    headers = {"Authorization": f"Bearer {api_token('technician')}", **EN}
    response = client.post(
        "/api/v1/monitoring/locations/ST1-R1/thresholds",
        json={"metric": "co2", "minimum": 2000, "maximum": 1000},
        headers=headers,
    )
    assert response.status_code == 422
    assert response.json["errors"] == {"maximum": ["The maximum must be greater than the minimum."]}
    unknown = client.post(
        "/api/v1/monitoring/locations/ST1-R1/thresholds",
        json={"metric": "radiation", "maximum": 1},
        headers=headers,
    )
    assert unknown.status_code == 422
    assert "metric" in unknown.json["errors"]["json"]


def test_api_errors_speak_the_callers_language(watched_room, client, api_token):
    headers = {"Authorization": f"Bearer {api_token('technician')}", "Accept-Language": "zh-CN"}
    response = client.post(
        "/api/v1/monitoring/locations/ST1-R1/thresholds",
        json={"metric": "co2", "minimum": 2000, "maximum": 1000},
        headers=headers,
    )
    assert response.json["detail"] == "上限必须大于下限。"


def test_api_write_is_refused_to_an_agronomist(watched_room, client, api_token):
    headers = {"Authorization": f"Bearer {api_token('agronomist')}"}
    response = client.post(
        "/api/v1/monitoring/locations/ST1-R1/thresholds",
        json={"metric": "co2", "maximum": 1000},
        headers=headers,
    )
    assert response.status_code == 403
    assert client.get(
        "/api/v1/monitoring/locations/ST1-R1/thresholds", headers=headers
    ).status_code == 200
