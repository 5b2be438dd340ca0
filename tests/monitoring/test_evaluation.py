"""Alarms opened and cleared as readings are ingested, stored with their history."""

import sqlalchemy as sa

from germbank.extensions import db
from germbank.models.monitoring import Alarm, MetricTrack


def alarms():
    return list(db.session.scalars(sa.select(Alarm).order_by(Alarm.id)))


def test_excursion_outlasting_grace_opens_one_alarm(watched_room, feed, at):
    result = feed(watched_room, "humidity", [(0, 55.0), (1, 61.0), (10, 63.5)])
    assert result.opened == []
    result = feed(watched_room, "humidity", [(16, 62.0), (20, 64.0)])
    (alarm,) = alarms()
    assert result.opened == [alarm.id]
    assert (alarm.kind, alarm.metric, alarm.severity, alarm.direction) == (
        "threshold", "humidity", "critical", "high",
    )
    assert alarm.limit_value == 60.0
    assert alarm.trigger_value == 62.0
    assert alarm.extreme_value == 64.0
    assert alarm.excursion_started_at == at(1)
    assert alarm.opened_at == at(16)
    assert alarm.open_key is not None
    assert [e.action for e in alarm.events] == ["opened"]


def test_alarm_clears_after_grace_back_in_range(watched_room, feed, at):
    feed(watched_room, "humidity", [(0, 65.0), (15, 65.0), (20, 55.0), (30, 55.0)])
    (alarm,) = alarms()
    assert alarm.cleared_at is None
    result = feed(watched_room, "humidity", [(35, 54.0)])
    db.session.refresh(alarm)
    assert result.cleared == [alarm.id]
    assert alarm.returned_at == at(20)
    assert alarm.cleared_at == at(35)
    assert alarm.open_key is None
    assert [e.action for e in alarm.events] == ["opened", "cleared"]


def test_a_second_excursion_opens_a_second_alarm(watched_room, feed, at):
    feed(watched_room, "temperature", [(0, 16.0), (15, 16.5), (20, 12.0), (35, 12.0)])
    feed(watched_room, "temperature", [(40, 9.0), (55, 8.5)])
    first, second = alarms()
    assert first.cleared_at == at(35)
    assert (second.direction, second.limit_value, second.cleared_at) == ("low", 10.0, None)


def test_metrics_without_threshold_raise_nothing(watched_room, feed):
    result = feed(watched_room, "co2", [(0, 9000.0), (60, 9000.0)])
    assert result.opened == []
    assert alarms() == []


def test_excursion_state_survives_between_batches_and_restarts(watched_room, feed, at):
    from germbank.models import StorageLocation

    room_id = watched_room.id
    feed(watched_room, "humidity", [(0, 70.0)])
    db.session.remove()  # as if the subscriber restarted
    track = db.session.get(MetricTrack, (room_id, "humidity", "th-test-01"))
    assert track.excursion_since == at(0)
    feed(db.session.get(StorageLocation, room_id), "humidity", [(15, 70.0)])
    assert len(alarms()) == 1


def test_readings_are_evaluated_in_time_order_within_a_batch(watched_room, feed, at):
    feed(watched_room, "humidity", [(15, 65.0), (0, 65.0)])
    (alarm,) = alarms()
    assert alarm.excursion_started_at == at(0)


def test_grace_period_edit_applies_to_the_next_reading(watched_room, feed):
    from germbank.monitoring.services.thresholds import ThresholdInput, save

    save(watched_room, "humidity", ThresholdInput(40.0, 60.0, grace_minutes=60))
    db.session.commit()
    feed(watched_room, "humidity", [(0, 65.0), (30, 65.0)])
    assert alarms() == []
    feed(watched_room, "humidity", [(60, 65.0)])
    assert len(alarms()) == 1


def test_disabling_a_threshold_clears_its_alarm(watched_room, feed):
    from germbank.monitoring.services.thresholds import ThresholdInput, save

    feed(watched_room, "humidity", [(0, 65.0), (15, 65.0)])
    save(watched_room, "humidity", ThresholdInput(40.0, 60.0, enabled=False))
    db.session.commit()
    (alarm,) = alarms()
    assert alarm.cleared_at is not None
    assert alarm.events[-1].comment == "threshold removed or disabled"
    feed(watched_room, "humidity", [(30, 80.0), (90, 80.0)])
    assert len(alarms()) == 1


def test_unique_open_key_refuses_a_second_active_alarm(watched_room, feed, at):
    import pytest
    from sqlalchemy.exc import IntegrityError

    feed(watched_room, "humidity", [(0, 65.0), (15, 65.0)])
    (alarm,) = alarms()
    duplicate = Alarm(
        location_id=alarm.location_id, kind="threshold", metric="humidity",
        excursion_started_at=at(0), opened_at=at(16), open_key=alarm.open_key,
    )
    db.session.add(duplicate)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_broken_evaluation_is_logged_not_raised(watched_room, logs, monkeypatch, at):
    from germbank.monitoring import hooks
    from germbank.monitoring.services import evaluation
    from germbank.monitoring.services.evaluation import LocatedReading

    def explode(*_args, **_kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(evaluation, "evaluate_readings", explode)
    result = hooks.after_ingest_commit([LocatedReading(watched_room.id, "humidity", at(0), 70.0)])
    assert result is None
    assert "alarm evaluation failed" in logs.text


def test_two_sensors_in_one_room_do_not_cancel_each_other(watched_room, feed, at):
    """Sensor A near the door reads high while B reads normal: the room still alarms."""
    for minute in range(0, 20, 2):
        feed(watched_room, "humidity", [(minute, 55.0)], device="th-b")
        feed(watched_room, "humidity", [(minute + 1, 66.0)], device="th-a")
    (alarm,) = alarms()
    assert alarm.excursion_started_at == at(1)
    # A recovers and clears its part; B now reports an excursion long enough to alarm too.
    feed(watched_room, "humidity", [(m, 70.0) for m in (21, 40)], device="th-b")
    feed(watched_room, "humidity", [(m, 50.0) for m in (22, 38)], device="th-a")
    db.session.refresh(alarm)
    assert alarm.cleared_at is None  # B still holds it open
    assert alarm.extreme_value == 70.0
    feed(watched_room, "humidity", [(m, 50.0) for m in (41, 57)], device="th-b")
    db.session.refresh(alarm)
    assert alarm.cleared_at == at(57)
    assert len(alarms()) == 1
