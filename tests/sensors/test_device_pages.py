"""The technicians' device pages: registry, placing a device, rejections, ingest health."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import sqlalchemy as sa

from germbank.extensions import db
from germbank.models import StorageLocation
from germbank.models.audit import AuditEntry
from germbank.models.sensors import Device, Placement
from sensors.ingest import DatabaseSink
from sensors.sink import ReceivedMessage

EN = {"Accept-Language": "en"}


def receive(app, device: str, payload: bytes, kind: str = "telemetry"):
    now = datetime.now(UTC)
    DatabaseSink(app, client_id="pages-test").store(
        [ReceivedMessage(f"germbank/v1/yuanjiang/{device}/{kind}", payload, now, 1)]
    )


def room(code: str = "ST1-R1") -> StorageLocation:
    location = StorageLocation(code=code, name=f"Room {code}", kind="room")
    db.session.add(location)
    db.session.commit()
    return location


def test_new_device_is_listed_as_unassigned_and_online(app, login_as):
    receive(app, "th-new-01", b'{"values": {"temperature": 12.5}}')
    receive(app, "th-new-01", b"online", kind="status")
    page = login_as("viewer").get("/devices/?show=unassigned", headers=EN)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "th-new-01" in text and "Unassigned" in text and "Online" in text


def test_technician_places_then_moves_a_device_with_audit(app, login_as):
    receive(app, "th-new-01", b'{"values": {"temperature": 12.5}}')
    first, second = room("ST1-R1"), room("ST1-R2")
    browser = login_as("technician")
    response = browser.post("/devices/th-new-01/place", data={"place-location": str(first.id)},
                            headers=EN, follow_redirects=True)
    assert "Device th-new-01 is now at ST1-R1." in response.get_data(as_text=True)
    moved_at = (datetime.now(UTC) + timedelta(hours=1)).astimezone(timezone(timedelta(hours=8)))
    response = browser.post("/devices/th-new-01/place", headers=EN, follow_redirects=True,
                            data={"place-location": str(second.id),
                                  "place-placed_at": moved_at.strftime("%Y-%m-%dT%H:%M")})
    assert "now at ST1-R2" in response.get_data(as_text=True)
    device = db.session.scalar(sa.select(Device).where(Device.code == "th-new-01"))
    spans = sorted((p.location_id, p.placed_to is None) for p in device.placements)
    assert spans == [(first.id, False), (second.id, True)]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)
                             .where(AuditEntry.entity == "device")) == 2


def test_a_move_back_in_time_is_refused_with_the_reason(app, login_as):
    receive(app, "th-new-01", b'{"values": {"temperature": 12.5}}')
    first, second = room("ST1-R1"), room("ST1-R2")
    browser = login_as("technician")
    browser.post("/devices/th-new-01/place", data={"place-location": str(first.id)})
    response = browser.post("/devices/th-new-01/place", headers=EN,
                            data={"place-location": str(second.id),
                                  "place-placed_at": "2001-01-01T00:00"})
    assert response.status_code == 400
    assert "after the device&#39;s current placement began" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Placement)) == 1


def test_viewers_cannot_place_devices(app, login_as):
    receive(app, "th-new-01", b'{"values": {"temperature": 12.5}}')
    location = room()
    response = login_as("viewer").post("/devices/th-new-01/place",
                                       data={"place-location": str(location.id)})
    assert response.status_code == 403


def test_rejected_messages_page_shows_reasons(app, login_as):
    receive(app, "th-bad-01", b'{"values": {"humidity": 150}}')
    text = login_as("technician").get("/devices/rejected", headers=EN).get_data(as_text=True)
    assert "values.humidity: 150 is outside the possible range 0 to 100 %RH" in text
    assert "germbank/v1/yuanjiang/th-bad-01/telemetry" in text


def test_ingest_health_page_and_json(app, login_as):
    receive(app, "th-new-01", b'[{"values": {"temperature": 12.5, "humidity": 50}}]')
    receive(app, "th-new-01", b"garbage")
    browser = login_as("viewer")
    data = json.loads(browser.get("/devices/health.json").get_data(as_text=True))
    assert (data["received"], data["stored"], data["rejected"]) == (2, 2, 1)
    assert data["subscribers"][0]["client_id"] == "pages-test"
    assert data["last_message_at"] is not None and data["lag_s"] is not None
    page = browser.get("/devices/health", headers=EN).get_data(as_text=True)
    assert "Readings stored" in page and "pages-test" in page


def test_device_page_describes_and_shows_latest_values(app, login_as):
    receive(app, "th-new-01", b'{"values": {"temperature": 12.5}}')
    location = room()
    browser = login_as("technician")
    browser.post("/devices/th-new-01/place", data={"place-location": str(location.id)})
    browser.post("/devices/th-new-01/describe",
                 data={"describe-name": "Door sensor", "describe-interval_s": "30"})
    receive(app, "th-new-01", b'{"values": {"temperature": 13.25}}')
    text = browser.get("/devices/th-new-01", headers=EN).get_data(as_text=True)
    assert "Door sensor" in text and "13.25" in text and "30 s" in text
