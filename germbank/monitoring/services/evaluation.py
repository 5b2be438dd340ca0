"""Evaluating readings against thresholds as they are ingested, and devices that fell silent.

:func:`evaluate_readings` runs right after each committed ingest batch (see
:mod:`germbank.monitoring.hooks`), so an alarm opens within about a second of the message
that makes an excursion outlast its grace period. It keeps one :class:`MetricTrack` per
location, metric and device, so excursions that span batches and subscriber restarts still
count.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from germbank.models.monitoring import Alarm, MetricTrack
from germbank.monitoring.services import alarms as alarm_service
from germbank.monitoring.services.placement import locate_readings
from germbank.monitoring.services.thresholds import enabled_thresholds, limits_of
from germbank.monitoring.state_machine import (
    AlarmCleared,
    AlarmOpened,
    AlarmWorsened,
    TrackState,
    run,
)
from germbank.orm import utcnow

log = logging.getLogger(__name__)

STALE_TRACK = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class LocatedReading:
    """A reading with the location its device was at when it was taken."""

    location_id: int
    metric: str
    ts: datetime
    value: float
    device_code: str = ""


@dataclass(slots=True)
class EvaluationResult:
    """What one evaluation changed (for logs and tests)."""

    evaluated: int = 0
    opened: list[int] = field(default_factory=list)
    cleared: list[int] = field(default_factory=list)
    devices_back: list[str] = field(default_factory=list)


def track_state(track: MetricTrack | None) -> TrackState:
    """The pure rules' view of a stored track (a fresh state when there is none)."""
    if track is None:
        return TrackState()
    return TrackState(
        excursion_since=track.excursion_since,
        direction=track.direction,
        extreme=track.extreme,
        in_range_since=track.in_range_since,
        alarm_active=track.alarm_active,
        last_ts=track.last_ts,
        last_value=track.last_value,
    )


def store_state(track: MetricTrack, state: TrackState) -> None:
    """Copy the rules' new state onto the stored track."""
    track.excursion_since = state.excursion_since
    track.direction = state.direction
    track.extreme = state.extreme
    track.in_range_since = state.in_range_since
    track.alarm_active = state.alarm_active
    track.last_ts = state.last_ts
    track.last_value = state.last_value


def evaluate_readings(session: so.Session, readings: Iterable[Any]) -> EvaluationResult:
    """Apply newly stored readings to the alarm rules; open and clear alarms (adds, flushes).

    ``readings`` may be :class:`LocatedReading` objects or anything with ``device_id``,
    ``metric``, ``ts`` and ``value`` (the decoder's readings): those are placed where their
    device was at ``ts``; readings of unplaced devices are skipped. The caller commits.

    Each device keeps its own track, so two sensors in one room (or an air sensor and a soil
    probe in one bay) never cancel each other out: the location's alarm opens when any of
    its devices' excursions outlasts the grace period, and clears when none is left.
    """
    located = locate_readings(session, readings)
    result = EvaluationResult(evaluated=len(located))
    if not located:
        return result
    _clear_offline_alarms(session, located, result)
    points: dict[tuple[int, str, str], list[tuple[datetime, float]]] = defaultdict(list)
    for reading in located:
        key = (reading.location_id, reading.metric, reading.device_code)
        points[key].append((reading.ts, reading.value))
    thresholds = enabled_thresholds({location_id for location_id, _m, _d in points})
    keys = sorted(key for key in points if key[:2] in thresholds)
    tracks = _tracks(session, {key[0] for key in keys})
    for key in keys:
        track = tracks.get(key)
        if track is None:
            track = MetricTrack(location_id=key[0], metric=key[1], device_code=key[2])
            session.add(track)
            tracks[key] = track
        state, transitions = run(track_state(track), limits_of(thresholds[key[:2]]), points[key])
        store_state(track, state)
        for transition in transitions:
            _apply(key, transition, tracks, result)
    session.flush()
    return result


def _tracks(session: so.Session, location_ids: set[int]) -> dict[tuple[int, str, str], MetricTrack]:
    if not location_ids:
        return {}
    rows = session.scalars(sa.select(MetricTrack).where(MetricTrack.location_id.in_(location_ids)))
    return {(row.location_id, row.metric, row.device_code): row for row in rows}


def others_in_alarm(tracks, key: tuple[int, str, str], at: datetime) -> bool:
    """True when another device at the same place and metric still holds an alarm.

    A device that has sent nothing for over an hour (moved away, silent: the offline alarm
    covers that) no longer keeps the location's alarm open.
    """
    location_id, metric, device = key
    return any(
        track.alarm_active
        and track.last_ts is not None
        and at - track.last_ts <= STALE_TRACK
        for (lid, m, d), track in tracks.items()
        if lid == location_id and m == metric and d != device
    )


def _apply(key: tuple[int, str, str], transition, tracks, result: EvaluationResult) -> None:
    location_id, metric, _device = key
    alarm = alarm_service.active_alarm(location_id, alarm_service.THRESHOLD, metric)
    if isinstance(transition, AlarmOpened):
        if alarm is None:
            alarm = alarm_service.open_threshold_alarm(location_id, metric, transition)
            result.opened.append(alarm.id)
            log.info("alarm %d opened: location %d %s", alarm.id, location_id, metric)
        else:  # another device (or a re-opening) got there first: keep the worst value
            alarm_service.record_extreme(alarm, transition.direction, transition.extreme)
    elif isinstance(transition, AlarmWorsened):
        if alarm is not None:
            alarm_service.record_extreme(alarm, transition.direction, transition.extreme)
    elif isinstance(transition, AlarmCleared) and alarm is not None:
        if others_in_alarm(tracks, key, transition.at):
            return
        alarm_service.clear_alarm(alarm, transition.at, transition.returned_at)
        result.cleared.append(alarm.id)
        log.info("alarm %d cleared: location %d %s", alarm.id, location_id, metric)


def _clear_offline_alarms(
    session: so.Session, located: list[LocatedReading], result: EvaluationResult
) -> None:
    """A device that sends again is back: its offline alarm clears at its first new reading."""
    first_seen: dict[str, datetime] = {}
    for reading in located:
        if reading.device_code:
            seen = first_seen.get(reading.device_code)
            if seen is None or reading.ts < seen:
                first_seen[reading.device_code] = reading.ts
    if not first_seen:
        return
    offline = session.scalars(
        sa.select(Alarm).where(
            Alarm.kind == alarm_service.OFFLINE,
            Alarm.open_key.is_not(None),
            Alarm.device_code.in_(list(first_seen)),
        )
    ).all()
    now = utcnow()
    for alarm in offline:
        heard = max(now, alarm.opened_at)
        alarm_service.clear_alarm(alarm, heard, min(first_seen[alarm.device_code], heard))
        result.cleared.append(alarm.id)
        result.devices_back.append(alarm.device_code)
