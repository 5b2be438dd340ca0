"""Offline alarms after three missed reporting intervals; readings placed by device history."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from germbank.extensions import db
from germbank.models.monitoring import Alarm


@dataclass(frozen=True)
class DecodedReading:
    """What the MQTT decoder hands over: a device, not a location."""

    device_id: str
    metric: str
    ts: datetime
    value: float


@pytest.fixture
def placed(watched_room, make_location, climate, at):
    """Device A in ST1-R1 since the start; device B moved from ST1-R1 to ST1-R2 at minute 60."""
    from germbank.monitoring.services.thresholds import apply_defaults

    other = make_location("ST1-R2", "short_term")
    apply_defaults(other)
    db.session.commit()
    climate.place("th-a", watched_room.id, at(0), interval=timedelta(minutes=1), last_seen=at(0))
    climate.place("th-b", watched_room.id, at(0), at(60), interval=timedelta(minutes=1))
    climate.place("th-b", other.id, at(60), interval=timedelta(minutes=1), last_seen=at(0))
    return watched_room, other


def alarms(kind=None):
    query = sa.select(Alarm).order_by(Alarm.id)
    if kind:
        query = query.where(Alarm.kind == kind)
    return list(db.session.scalars(query))


def test_silence_of_three_intervals_opens_one_offline_alarm(placed, at):
    from germbank.monitoring.services.offline import check_offline

    room, _other = placed
    assert check_offline(db.session, now=at(3)).opened == []
    result = check_offline(db.session, now=at(3.5))
    db.session.commit()
    assert len(result.opened) == 2  # both devices last seen at minute 0
    again = check_offline(db.session, now=at(10))
    assert again.opened == []
    offline = {a.device_code: a for a in alarms("offline")}
    assert offline["th-a"].location_id == room.id
    assert offline["th-a"].excursion_started_at == at(0)
    assert offline["th-a"].open_key is not None


def test_a_reading_from_the_device_clears_its_offline_alarm(placed, at, climate):
    from germbank.monitoring.hooks import after_ingest_commit
    from germbank.monitoring.services.offline import check_offline

    check_offline(db.session, now=at(5))
    db.session.commit()
    result = after_ingest_commit([DecodedReading("th-a", "humidity", at(6), 55.0)])
    assert result.devices_back == ["th-a"]
    (back,) = [a for a in alarms("offline") if a.device_code == "th-a"]
    assert back.cleared_at is not None and back.open_key is None
    assert back.returned_at == at(6)


def test_recent_last_seen_clears_on_the_next_check(placed, at, climate):
    from germbank.monitoring.services.offline import check_offline

    check_offline(db.session, now=at(5))
    db.session.commit()
    climate.seen("th-b", at(6))
    result = check_offline(db.session, now=at(6.5))
    db.session.commit()
    assert len(result.cleared) == 1
    assert {a.device_code for a in alarms("offline") if a.open_key} == {"th-a"}


def test_device_readings_count_where_the_device_was_at_that_time(placed, at):
    from germbank.monitoring.hooks import after_ingest_commit

    room, other = placed
    # Device B reads 70 %RH for 9 minutes before its move and 19 after: only ST1-R2's
    # excursion outlasts the grace period.
    after_ingest_commit(
        [DecodedReading("th-b", "humidity", at(m), 70.0) for m in (50, 59, 61, 80)]
    )
    (alarm,) = alarms("threshold")
    assert alarm.location_id == other.id
    assert alarm.excursion_started_at == at(61)


def test_readings_of_an_unplaced_device_are_ignored(placed, at):
    from germbank.monitoring.hooks import after_ingest_commit

    result = after_ingest_commit([DecodedReading("th-unknown", "humidity", at(m), 90.0)
                                  for m in (0, 30)])
    assert result.evaluated == 0
    assert alarms() == []


def test_cli_check_offline(placed, runner, at):
    result = runner.invoke(args=["monitoring", "check-offline"])
    assert result.exit_code == 0, result.output
    assert "2 offline alarms opened" in result.output
