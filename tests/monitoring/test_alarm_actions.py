"""People acting on alarms: acknowledge, assign, re-open; who may; what the badge shows."""

import pytest
import sqlalchemy as sa

from germbank.extensions import db
from germbank.models.monitoring import Alarm

EN = {"Accept-Language": "en"}


@pytest.fixture
def open_alarm(watched_room, feed):
    feed(watched_room, "humidity", [(0, 66.0), (15, 67.5)])
    return db.session.scalars(sa.select(Alarm)).one()


@pytest.fixture
def cleared_alarm(watched_room, feed):
    feed(watched_room, "humidity", [(0, 66.0), (15, 67.5), (20, 50.0), (35, 50.0)])
    return db.session.scalars(sa.select(Alarm)).one()


def test_technician_acknowledges_with_a_comment(open_alarm, login_as):
    browser = login_as("technician")
    response = browser.post(
        f"/monitoring/alarms/{open_alarm.id}/acknowledge",
        data={"comment": "Dehumidifier restarted"},
        headers=EN,
    )
    assert response.status_code == 302
    db.session.refresh(open_alarm)
    assert open_alarm.acknowledged_by.username == "technician-signed-in"
    assert open_alarm.ack_comment == "Dehumidifier restarted"
    page = browser.get(f"/monitoring/alarms/{open_alarm.id}", headers=EN).get_data(as_text=True)
    assert "Dehumidifier restarted" in page
    assert 'data-alarm-state="acknowledged"' in page


def test_acknowledging_without_a_comment_is_refused(open_alarm, login_as):
    browser = login_as("technician")
    response = browser.post(
        f"/monitoring/alarms/{open_alarm.id}/acknowledge", data={"comment": " "}, headers=EN
    )
    assert response.status_code == 400
    db.session.refresh(open_alarm)
    assert open_alarm.acknowledged_at is None


def test_acknowledging_twice_is_refused_with_the_reason(open_alarm, client, api_token):
    headers = {"Authorization": f"Bearer {api_token('technician')}", **EN}
    url = f"/api/v1/monitoring/alarms/{open_alarm.id}/acknowledge"
    first = client.post(url, json={"comment": "seen"}, headers=headers)
    assert first.status_code == 200
    assert first.json["state"] == "acknowledged"
    assert [e["action"] for e in first.json["events"]] == ["opened", "acknowledged"]
    second = client.post(url, json={"comment": "again"}, headers=headers)
    assert second.status_code == 422
    assert second.json["detail"] == "The alarm is already acknowledged."


def test_assignment_to_a_technician_and_not_to_a_viewer(open_alarm, client, api_token, make_user):
    make_user("technician", "wang")
    make_user("viewer", "guest")
    headers = {"Authorization": f"Bearer {api_token('admin')}"}
    url = f"/api/v1/monitoring/alarms/{open_alarm.id}/assign"
    ok = client.post(url, json={"assignee": "wang", "comment": "room 1"}, headers=headers)
    assert ok.status_code == 200
    assert ok.json["assigned_to"] == "wang"
    refused = client.post(url, json={"assignee": "guest"}, headers=headers)
    assert refused.status_code == 422
    unknown = client.post(url, json={"assignee": "nobody"}, headers=headers)
    assert unknown.status_code == 422
    cleared = client.post(url, json={"assignee": None}, headers=headers)
    assert cleared.json["assigned_to"] is None


def test_reopen_a_cleared_alarm_and_it_clears_again_in_range(cleared_alarm, login_as, feed):
    browser = login_as("technician")
    response = browser.post(
        f"/monitoring/alarms/{cleared_alarm.id}/reopen",
        data={"comment": "Sensor near the door reads high"},
    )
    assert response.status_code == 302
    db.session.refresh(cleared_alarm)
    assert cleared_alarm.cleared_at is None and cleared_alarm.open_key is not None
    assert [e.action for e in cleared_alarm.events] == ["opened", "cleared", "reopened"]
    feed(cleared_alarm.location, "humidity", [(40, 50.0), (55, 50.0)])
    db.session.refresh(cleared_alarm)
    assert cleared_alarm.cleared_at is not None
    assert db.session.scalar(sa.select(sa.func.count(Alarm.id))) == 1


def test_reopen_is_refused_while_a_newer_alarm_is_active(cleared_alarm, feed, client, api_token):
    feed(cleared_alarm.location, "humidity", [(40, 70.0), (60, 70.0)])
    headers = {"Authorization": f"Bearer {api_token('technician')}", **EN}
    response = client.post(
        f"/api/v1/monitoring/alarms/{cleared_alarm.id}/reopen",
        json={"comment": "again"},
        headers=headers,
    )
    assert response.status_code == 422
    assert "already active" in response.json["detail"]


@pytest.mark.parametrize("role", ["agronomist", "viewer", "project_manager"])
def test_other_roles_see_alarms_but_cannot_act(open_alarm, login_as, role):
    browser = login_as(role)
    page = browser.get(f"/monitoring/alarms/{open_alarm.id}", headers=EN)
    assert page.status_code == 200
    assert "What was found and done" not in page.get_data(as_text=True)
    for action in ("acknowledge", "assign", "reopen"):
        response = browser.post(
            f"/monitoring/alarms/{open_alarm.id}/{action}", data={"comment": "x"}
        )
        assert response.status_code == 403, action
    db.session.refresh(open_alarm)
    assert open_alarm.acknowledged_at is None


def test_badge_and_list_show_unacknowledged_alarms(open_alarm, login_as, client, api_token):
    browser = login_as("viewer")
    home = browser.get("/monitoring/alarms", headers=EN).get_data(as_text=True)
    assert 'data-alarm-badge>1</span>' in home
    assert "ST1-R1" in home
    headers = {"Authorization": f"Bearer {api_token('viewer')}"}
    summary = client.get("/api/v1/monitoring/alarms/summary", headers=headers).json
    assert summary == {"unacknowledged": 1, "active": 1, "critical": 1}
    listing = client.get("/api/v1/monitoring/alarms?state=active", headers=headers)
    assert [a["id"] for a in listing.json] == [open_alarm.id]
    assert listing.json[0]["excursion_seconds"] > 0


def test_alarm_list_filters_are_checked(open_alarm, login_as):
    browser = login_as("viewer")
    assert browser.get("/monitoring/alarms?state=bogus").status_code == 400
    assert browser.get("/monitoring/alarms?location=NOPE").status_code == 404
    cleared = browser.get("/monitoring/alarms?state=cleared", headers=EN).get_data(as_text=True)
    assert "No alarms to show." in cleared


def test_technicians_home_card_lists_active_alarms(open_alarm, login_as):
    page = login_as("technician").get("/home", headers=EN).get_data(as_text=True)
    assert "Climate monitoring" in page
    assert "1 not acknowledged" in page
    viewer_page = login_as("viewer").get("/home", headers=EN).get_data(as_text=True)
    assert "Climate monitoring" not in viewer_page


def test_severity_reads_as_severity_in_chinese(open_alarm, login_as):
    """"Critical" means "critical path" (关键) elsewhere; an alarm's severity is 严重."""
    page = login_as("viewer").get(
        f"/monitoring/alarms/{open_alarm.id}", headers={"Accept-Language": "zh-CN"}
    ).get_data(as_text=True)
    assert ">严重</span>" in page
