"""What people do with alarms: acknowledge, assign, re-open; and how long alarms lasted."""

from datetime import UTC, datetime, timedelta

import pytest

from germbank.monitoring import lifecycle
from germbank.monitoring.lifecycle import AlarmLife, AlarmRuleError

T0 = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def fresh() -> AlarmLife:
    return AlarmLife(opened_at=at(15), excursion_started_at=at(0))


def test_a_new_alarm_is_active_and_needs_attention():
    life = fresh()
    assert life.state == "active"
    assert life.needs_attention


def test_acknowledge_records_who_when_and_why():
    life, event = lifecycle.acknowledge(fresh(), at(20), "wang", "  Door left open; closed  ")
    assert life.state == "acknowledged"
    assert (life.acknowledged_by, life.acknowledged_at, life.ack_comment) == (
        "wang", at(20), "Door left open; closed",
    )
    assert (event.action, event.by) == ("acknowledged", "wang")
    assert event.comment == "Door left open; closed"
    assert not life.needs_attention


@pytest.mark.parametrize("comment", [None, "", "   "])
def test_acknowledge_needs_a_comment(comment):
    with pytest.raises(AlarmRuleError, match="comment is required"):
        lifecycle.acknowledge(fresh(), at(20), "wang", comment)


def test_acknowledge_refuses_an_overlong_comment():
    with pytest.raises(AlarmRuleError, match="longer than"):
        lifecycle.acknowledge(fresh(), at(20), "wang", "x" * 2001)


def test_acknowledge_twice_is_refused():
    life, _ = lifecycle.acknowledge(fresh(), at(20), "wang", "seen")
    with pytest.raises(AlarmRuleError, match="already acknowledged"):
        lifecycle.acknowledge(life, at(21), "li", "seen too")


def test_acknowledge_before_opening_is_refused():
    with pytest.raises(AlarmRuleError, match="before it opened"):
        lifecycle.acknowledge(fresh(), at(10), "wang", "too early")


def test_cleared_unacknowledged_alarm_still_needs_attention():
    life, event = lifecycle.clear(fresh(), at(60), returned_at=at(45))
    assert event.action == "cleared"
    assert life.state == "cleared"
    assert life.needs_attention
    life, _ = lifecycle.acknowledge(life, at(70), "wang", "checked the seed")
    assert life.state == "closed"


def test_clear_twice_or_before_return_is_refused():
    life, _ = lifecycle.clear(fresh(), at(60), at(45))
    with pytest.raises(AlarmRuleError, match="already cleared"):
        lifecycle.clear(life, at(61), at(45))
    with pytest.raises(AlarmRuleError, match="before conditions returned"):
        lifecycle.clear(fresh(), at(40), at(45))


def test_assign_and_unassign():
    life, event = lifecycle.assign(fresh(), at(16), "admin", "wang", "please check room 1")
    assert life.assignee == "wang"
    assert event.comment == "→ wang please check room 1"
    life, event = lifecycle.assign(life, at(17), "admin", None)
    assert life.assignee is None
    with pytest.raises(AlarmRuleError, match="already assigned"):
        lifecycle.assign(life, at(18), "admin", None)


def test_reopen_makes_a_cleared_alarm_active_and_unacknowledged():
    life, _ = lifecycle.clear(fresh(), at(60), at(45))
    life, _ = lifecycle.acknowledge(life, at(70), "wang", "ok")
    life, event = lifecycle.reopen(life, at(80), "li", "humidity still creeping up")
    assert life.state == "active"
    assert life.cleared_at is None and life.returned_at is None
    assert life.acknowledged_at is None and life.ack_comment == ""
    assert (event.action, event.comment) == ("reopened", "humidity still creeping up")


def test_reopen_an_active_alarm_or_without_comment_is_refused():
    with pytest.raises(AlarmRuleError, match="Only a cleared alarm"):
        lifecycle.reopen(fresh(), at(20), "li", "why")
    life, _ = lifecycle.clear(fresh(), at(60), at(45))
    with pytest.raises(AlarmRuleError, match="comment is required"):
        lifecycle.reopen(life, at(80), "li", "")


def test_durations_of_a_finished_alarm():
    life, _ = lifecycle.acknowledge(fresh(), at(25), "wang", "seen")
    life, _ = lifecycle.clear(life, at(60), at(45))
    spans = lifecycle.durations(life, now=at(1000))
    assert spans.excursion == timedelta(minutes=45)
    assert spans.alarm == timedelta(minutes=45)
    assert spans.to_acknowledge == timedelta(minutes=10)


def test_durations_of_a_running_alarm_count_up_to_now():
    spans = lifecycle.durations(fresh(), now=at(75))
    assert spans.excursion == timedelta(minutes=75)
    assert spans.alarm == timedelta(minutes=60)
    assert spans.to_acknowledge is None


@pytest.mark.parametrize(
    ("span", "text"),
    [
        (None, "—"),
        (timedelta(seconds=45), "0:45 min"),
        (timedelta(minutes=15, seconds=5), "15:05 min"),
        (timedelta(hours=3, minutes=7), "3:07 h"),
        (timedelta(days=2, hours=3, minutes=15), "2 d 03:15"),
    ],
)
def test_durations_read_compactly(span, text):
    assert lifecycle.format_duration(span) == text
