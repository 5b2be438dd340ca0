"""The alarm rules: open after the grace period, clear after the grace period back in range."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from germbank.monitoring.state_machine import (
    AlarmCleared,
    AlarmOpened,
    AlarmWorsened,
    Limits,
    TrackState,
    offline_due,
    run,
    status_of,
    step,
)

T0 = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
SHORT_TERM_RH = Limits(minimum=40.0, maximum=60.0, grace=timedelta(minutes=15), severity="critical")


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def feed(limits, pairs, state=None):
    return run(state or TrackState(), limits, [(at(m), v) for m, v in pairs])


def test_values_in_range_never_open_an_alarm():
    state, transitions = feed(SHORT_TERM_RH, [(m, 55.0) for m in range(0, 120, 5)])
    assert transitions == []
    assert status_of(state) == "ok"


def test_bounds_themselves_are_in_range():
    state, transitions = feed(SHORT_TERM_RH, [(0, 60.0), (20, 40.0), (40, 60.0)])
    assert transitions == []
    assert not state.in_excursion


def test_excursion_shorter_than_grace_leaves_no_alarm():
    state, transitions = feed(SHORT_TERM_RH, [(0, 62.0), (10, 63.0), (14, 61.0), (16, 55.0)])
    assert transitions == []
    assert status_of(state) == "ok"
    state, transitions = feed(SHORT_TERM_RH, [(31, 55.0)], state=state)
    assert transitions == []
    assert state.excursion_since is None  # a grace period back in range ends it


def test_a_value_hovering_at_the_limit_is_one_long_excursion():
    """Out, in, out ... every few minutes: the excursion never ends, so the alarm opens."""
    readings = [(m, 61.0 if m % 4 == 0 else 59.5) for m in range(0, 18, 2)]
    _, transitions = feed(SHORT_TERM_RH, readings)
    (opened,) = transitions
    assert opened.at == at(16)
    assert opened.excursion_since == at(0)


def test_a_single_spike_then_normal_readings_opens_nothing():
    readings = [(0, 70.0)] + [(m, 55.0) for m in range(1, 60)]
    state, transitions = feed(SHORT_TERM_RH, readings)
    assert transitions == []
    assert state.excursion_since is None


def test_excursion_reaching_grace_opens_at_that_reading():
    state, transitions = feed(SHORT_TERM_RH, [(0, 62.0), (10, 64.5), (15, 63.0)])
    assert transitions == [
        AlarmOpened(
            at=at(15), excursion_since=at(0), direction="high", severity="critical",
            limit=60.0, value=63.0, extreme=64.5,
        )
    ]
    assert state.alarm_active
    assert status_of(state) == "alarm"


def test_excursion_shows_as_excursion_before_the_alarm():
    state, _ = feed(SHORT_TERM_RH, [(0, 55.0), (5, 61.0)])
    assert status_of(state) == "excursion"


def test_low_excursion_opens_with_the_minimum_as_limit():
    _, transitions = feed(SHORT_TERM_RH, [(0, 39.0), (20, 38.0)])
    (opened,) = transitions
    assert opened.direction == "low"
    assert opened.limit == 40.0
    assert opened.extreme == 38.0


def test_only_one_alarm_while_the_excursion_lasts():
    _, transitions = feed(SHORT_TERM_RH, [(m, 65.0) for m in range(0, 120, 5)])
    assert [type(t) for t in transitions] == [AlarmOpened]


def test_worse_values_are_reported_while_active():
    readings = [(0, 62.0), (15, 62.0), (20, 61.0), (25, 70.0), (30, 68.0)]
    _, transitions = feed(SHORT_TERM_RH, readings)
    assert transitions[1:] == [AlarmWorsened(at=at(25), direction="high", extreme=70.0)]


def test_clears_only_after_grace_back_in_range():
    readings = [(0, 65.0), (20, 65.0), (30, 55.0), (40, 55.0), (45, 55.0)]
    state, transitions = feed(SHORT_TERM_RH, readings)
    assert transitions[-1] == AlarmCleared(at=at(45), returned_at=at(30))
    assert not state.alarm_active
    assert status_of(state) == "ok"


def test_relapse_during_return_restarts_the_clearing_clock():
    readings = [(0, 65.0), (20, 65.0), (30, 55.0), (40, 61.0), (50, 55.0), (60, 55.0), (65, 55.0)]
    _, transitions = feed(SHORT_TERM_RH, readings)
    cleared = [t for t in transitions if isinstance(t, AlarmCleared)]
    assert cleared == [AlarmCleared(at=at(65), returned_at=at(50))]


def test_new_excursion_after_clearing_opens_a_new_alarm():
    readings = [(0, 65.0), (15, 65.0), (20, 50.0), (35, 50.0), (40, 66.0), (55, 66.0)]
    _, transitions = feed(SHORT_TERM_RH, readings)
    assert [type(t) for t in transitions] == [AlarmOpened, AlarmCleared, AlarmOpened]
    assert transitions[2].excursion_since == at(40)


def test_zero_grace_opens_and_clears_immediately():
    limits = Limits(10.0, 15.0, timedelta(0))
    _, transitions = feed(limits, [(0, 16.0), (1, 14.0)])
    assert transitions == [
        AlarmOpened(at(0), at(0), "high", "warning", 15.0, 16.0, 16.0),
        AlarmCleared(at=at(1), returned_at=at(1)),
    ]


def test_swing_from_high_to_low_counts_as_one_excursion():
    limits = Limits(10.0, 15.0, timedelta(minutes=15))
    state, transitions = feed(limits, [(0, 16.0), (10, 9.0), (15, 8.0)])
    (opened,) = transitions
    assert opened.excursion_since == at(0)
    assert opened.direction == "low"
    assert opened.extreme == 8.0
    assert state.direction == "low"


def test_one_sided_threshold_ignores_the_open_side():
    limits = Limits(None, 40.0, timedelta(minutes=15))
    _, transitions = feed(limits, [(0, 2.0), (30, 1.0)])
    assert transitions == []


def test_late_reading_older_than_the_last_is_ignored():
    state, _ = feed(SHORT_TERM_RH, [(0, 65.0), (20, 65.0)])
    new, transitions = step(state, SHORT_TERM_RH, at(10), 50.0)
    assert new == state
    assert transitions == []


def test_state_survives_between_batches():
    first, t1 = feed(SHORT_TERM_RH, [(0, 65.0), (10, 65.0)])
    assert t1 == []
    _, t2 = feed(SHORT_TERM_RH, [(16, 65.0)], state=first)
    assert [type(t) for t in t2] == [AlarmOpened]


def test_unknown_status_before_any_reading_and_offline_wins():
    assert status_of(None) == "unknown"
    state, _ = feed(SHORT_TERM_RH, [(0, 65.0), (20, 65.0)])
    assert status_of(state, offline=True) == "offline"


@pytest.mark.parametrize(
    ("silent_minutes", "due"), [(29, False), (30, False), (31, True), (600, True)]
)
def test_offline_after_three_missed_intervals(silent_minutes, due):
    assert offline_due(at(0), timedelta(minutes=10), at(silent_minutes)) is due


def test_never_seen_device_is_not_offline():
    assert offline_due(None, timedelta(minutes=1), at(1000)) is False


def brute_force_alarms(limits, readings):
    """Independent statement of the rules: alarm intervals from the sorted readings."""
    opened, cleared = [], []
    active = False
    exc_start = None
    ret_start = None
    for ts, value in readings:
        out = limits.excursion(value) is not None
        if out:
            ret_start = None
            exc_start = exc_start or ts
            if not active and ts - exc_start >= limits.grace:
                active = True
                opened.append(ts)
        else:
            if active:
                ret_start = ret_start or ts
                if ts - ret_start >= limits.grace:
                    active = False
                    cleared.append(ts)
                    exc_start = None
                    ret_start = None
            elif exc_start is not None:
                ret_start = ret_start or ts
                if ts - ret_start >= limits.grace:
                    exc_start = None
                    ret_start = None
    return opened, cleared


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(st.floats(min_value=30, max_value=70), min_size=1, max_size=80),
    gaps=st.lists(st.integers(min_value=1, max_value=12), min_size=80, max_size=80),
    grace=st.integers(min_value=0, max_value=30),
)
def test_rules_agree_with_a_brute_force_statement(values, gaps, grace):
    limits = Limits(40.0, 60.0, timedelta(minutes=grace))
    readings = []
    minute = 0
    for value, gap in zip(values, gaps, strict=False):
        readings.append((at(minute), value))
        minute += gap
    state, transitions = run(TrackState(), limits, readings)
    opened = [t.at for t in transitions if isinstance(t, AlarmOpened)]
    cleared = [t.at for t in transitions if isinstance(t, AlarmCleared)]
    assert (opened, cleared) == brute_force_alarms(limits, readings)
    assert state.alarm_active == (len(opened) > len(cleared))


def test_an_alarm_marked_active_by_hand_clears_after_grace_in_range():
    """A re-opened alarm has no excursion start in the track; it still clears in time."""
    state = TrackState(alarm_active=True, last_ts=at(0), last_value=55.0)
    state, transitions = feed(SHORT_TERM_RH, [(5, 55.0), (20, 55.0)], state=state)
    assert transitions == [AlarmCleared(at=at(20), returned_at=at(5))]
    assert not state.alarm_active
