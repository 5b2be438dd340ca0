"""The alarm rules as pure functions: when an excursion becomes an alarm, and when it clears.

Why pure: the rules decide whether a seed lot's store is reported in trouble, so they must be
testable exhaustively without a database, a clock or a broker. The evaluation service
(:mod:`germbank.monitoring.services.evaluation`) feeds readings through :func:`step` and
persists what it returns; the same function runs for live ingest and for history replays.

One :class:`TrackState` exists per device, location and metric. A reading outside the
limits starts (or continues) an excursion; the alarm opens on the first out-of-range reading
that shows the excursion has lasted at least the grace period. An excursion, like an alarm,
only ends once the readings have been back in range for the grace period: a value hovering
at a limit (out, in, out ...) is one long excursion, not many short ones, while a single
spike followed by a grace period of normal readings leaves no alarm. While the alarm is
active, a reading back in range starts the return; the alarm clears on the first reading
that shows the return has lasted the grace period. Any out-of-range reading during a return
starts it over.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

HIGH = "high"
LOW = "low"
SEVERITIES = ("warning", "critical")


@dataclass(frozen=True, slots=True)
class Limits:
    """The safe range of one metric at one location; None on a side means unbounded."""

    minimum: float | None
    maximum: float | None
    grace: timedelta
    severity: str = "warning"

    def excursion(self, value: float) -> str | None:
        """``"high"``, ``"low"`` or None when the value is within the range (bounds included)."""
        if self.maximum is not None and value > self.maximum:
            return HIGH
        if self.minimum is not None and value < self.minimum:
            return LOW
        return None

    def limit_for(self, direction: str) -> float | None:
        """The bound an excursion in ``direction`` crossed."""
        return self.maximum if direction == HIGH else self.minimum


@dataclass(frozen=True, slots=True)
class TrackState:
    """What the rules remember between readings of one location and metric."""

    excursion_since: datetime | None = None
    direction: str | None = None
    extreme: float | None = None
    in_range_since: datetime | None = None
    alarm_active: bool = False
    last_ts: datetime | None = None
    last_value: float | None = None

    @property
    def in_excursion(self) -> bool:
        """True while the latest reading was out of range."""
        return self.excursion_since is not None and self.in_range_since is None


@dataclass(frozen=True, slots=True)
class AlarmOpened:
    """The excursion outlasted the grace period: an alarm must open now."""

    at: datetime
    excursion_since: datetime
    direction: str
    severity: str
    limit: float | None
    value: float
    extreme: float


@dataclass(frozen=True, slots=True)
class AlarmWorsened:
    """An active alarm saw a value further out of range than any before."""

    at: datetime
    direction: str
    extreme: float


@dataclass(frozen=True, slots=True)
class AlarmCleared:
    """Back in range for the grace period: the active alarm clears."""

    at: datetime
    returned_at: datetime


Transition = AlarmOpened | AlarmWorsened | AlarmCleared


def worse(direction: str, current: float | None, value: float) -> float:
    """The value further out of range in ``direction`` (higher when high, lower when low)."""
    if current is None:
        return value
    return max(current, value) if direction == HIGH else min(current, value)


def step(
    state: TrackState, limits: Limits, ts: datetime, value: float
) -> tuple[TrackState, list[Transition]]:
    """Apply one reading; return the new state and the alarm transitions it causes.

    A reading older than the last one evaluated is ignored (a buffered batch arriving late
    cannot rewrite what was already decided); it is still stored and charted elsewhere.
    """
    if state.last_ts is not None and ts < state.last_ts:
        return state, []
    direction = limits.excursion(value)
    if direction is not None:
        return _out_of_range(state, limits, ts, value, direction)
    return _in_range(state, limits, ts, value)


def _out_of_range(
    state: TrackState, limits: Limits, ts: datetime, value: float, direction: str
) -> tuple[TrackState, list[Transition]]:
    since = state.excursion_since if state.excursion_since is not None else ts
    if state.direction == direction and state.excursion_since is not None:
        extreme = worse(direction, state.extreme, value)
    else:
        extreme = value  # a new excursion, or it swung to the other side
    new = replace(
        state,
        excursion_since=since,
        direction=direction,
        extreme=extreme,
        in_range_since=None,
        last_ts=ts,
        last_value=value,
    )
    if not state.alarm_active:
        if ts - since >= limits.grace:
            opened = AlarmOpened(
                at=ts,
                excursion_since=since,
                direction=direction,
                severity=limits.severity,
                limit=limits.limit_for(direction),
                value=value,
                extreme=extreme,
            )
            return replace(new, alarm_active=True), [opened]
        return new, []
    if extreme != state.extreme or direction != state.direction:
        return new, [AlarmWorsened(at=ts, direction=direction, extreme=extreme)]
    return new, []


def _in_range(
    state: TrackState, limits: Limits, ts: datetime, value: float
) -> tuple[TrackState, list[Transition]]:
    if state.excursion_since is None and not state.alarm_active:
        return TrackState(last_ts=ts, last_value=value), []
    returned = state.in_range_since if state.in_range_since is not None else ts
    if ts - returned >= limits.grace:
        # Back in range for the grace period: the excursion (and its alarm, if any) is over.
        cleared = [AlarmCleared(at=ts, returned_at=returned)] if state.alarm_active else []
        return TrackState(last_ts=ts, last_value=value), cleared
    return replace(state, in_range_since=returned, last_ts=ts, last_value=value), []


def run(
    state: TrackState, limits: Limits, readings: list[tuple[datetime, float]]
) -> tuple[TrackState, list[Transition]]:
    """Apply readings in time order; the transitions of all of them, in order."""
    transitions: list[Transition] = []
    for ts, value in sorted(readings, key=lambda pair: pair[0]):
        state, found = step(state, limits, ts, value)
        transitions.extend(found)
    return state, transitions


def status_of(state: TrackState | None, offline: bool = False) -> str:
    """The overview's word for a location and metric: offline, alarm, excursion or ok."""
    if offline:
        return "offline"
    if state is None or state.last_ts is None:
        return "unknown"
    if state.alarm_active:
        return "alarm"
    if state.in_excursion:
        return "excursion"
    return "ok"


def offline_due(
    last_seen: datetime | None, interval: timedelta, now: datetime, missed: int = 3
) -> bool:
    """True when a device has sent nothing for ``missed`` reporting intervals.

    A device never heard from is not offline (it may not be installed yet); the devices page
    shows it as never seen.
    """
    if last_seen is None or interval <= timedelta(0):
        return False
    return now - last_seen > interval * missed
