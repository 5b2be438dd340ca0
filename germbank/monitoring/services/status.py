"""The overview: every watched location with its current values, status and a 24-hour trend.

Statuses, most urgent first: ``alarm`` (an active threshold alarm), ``offline`` (a device
there is silent), ``excursion`` (out of range, grace period still running), ``ok`` (in range)
and ``unknown`` (no reading yet). A metric without a threshold is shown but not judged.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import format_timedelta

from germbank.extensions import db
from germbank.models import StorageLocation
from germbank.models.monitoring import Alarm, MetricTrack, Threshold
from germbank.monitoring.metrics import format_value, metric_label, sort_metrics, unit_of
from germbank.monitoring.services.evaluation import STALE_TRACK, track_state
from germbank.monitoring.services.source import climate_source
from germbank.monitoring.state_machine import status_of
from germbank.orm import utcnow

RANK = {"alarm": 0, "offline": 1, "excursion": 2, "ok": 3, "unwatched": 4, "unknown": 5}
SPARK_HOURS = 24
SPARK_CACHE_SECONDS = 60.0


@dataclass(slots=True)
class MetricStatus:
    """One metric of one location, as the overview shows it."""

    metric: str
    value: float | None
    ts: datetime | None
    status: str
    minimum: float | None
    maximum: float | None
    spark: list[float | None] = field(default_factory=list)


@dataclass(slots=True)
class LocationStatus:
    """One location card."""

    location: StorageLocation
    status: str
    metrics: list[MetricStatus]
    active_alarms: int
    offline_devices: list[str]


def watched_locations() -> list[StorageLocation]:
    """Locations with a device ever placed there or with a threshold, by code."""
    ids = set(climate_source().sensed_locations())
    ids |= set(db.session.scalars(sa.select(Threshold.location_id).distinct()))
    if not ids:
        return []
    return list(
        db.session.scalars(
            sa.select(StorageLocation)
            .where(StorageLocation.id.in_(ids), StorageLocation.is_active.is_(True))
            .order_by(StorageLocation.code)
        )
    )


def location_statuses(locations: list[StorageLocation], with_spark: bool = True):
    """Status cards for ``locations`` (queries are batched over all of them)."""
    ids = {location.id for location in locations}
    if not ids:
        return []
    source = climate_source()
    latest = source.latest(ids)
    measured = source.metrics(ids)
    thresholds = {
        (t.location_id, t.metric): t
        for t in db.session.scalars(
            sa.select(Threshold).where(
                Threshold.location_id.in_(ids), Threshold.enabled.is_(True)
            )
        )
    }
    tracks: dict[tuple[int, str], list[MetricTrack]] = {}
    for track in db.session.scalars(
        sa.select(MetricTrack).where(MetricTrack.location_id.in_(ids))
    ):
        tracks.setdefault((track.location_id, track.metric), []).append(track)
    active = list(
        db.session.scalars(
            sa.select(Alarm).where(Alarm.open_key.is_not(None), Alarm.location_id.in_(ids))
        )
    )
    now = utcnow()
    cards = []
    for location in locations:
        watched = {m for (lid, m) in thresholds if lid == location.id}
        metric_names = sort_metrics(set(measured.get(location.id, [])) | watched)
        here = [a for a in active if a.location_id == location.id]
        offline = [a.device_code for a in here if a.kind == "offline"]
        alarmed = {a.metric for a in here if a.kind == "threshold"}
        rows = []
        for metric in metric_names:
            key = (location.id, metric)
            threshold = thresholds.get(key)
            reading = latest.get(key)
            if threshold is None:
                status = "unwatched" if reading else "unknown"
            elif metric in alarmed:
                status = "alarm"
            else:
                status = tracked_status(tracks.get(key, []), now)
                if status == "unknown" and reading:
                    status = "ok" if threshold_allows(threshold, reading[1]) else "excursion"
            rows.append(
                MetricStatus(
                    metric=metric,
                    value=reading[1] if reading else None,
                    ts=reading[0] if reading else None,
                    status=status,
                    minimum=threshold.minimum if threshold else None,
                    maximum=threshold.maximum if threshold else None,
                    spark=_spark(source, location.id, metric, now) if with_spark else [],
                )
            )
        statuses = [row.status for row in rows] + (["offline"] if offline else [])
        overall = min(statuses, key=lambda s: RANK[s]) if statuses else "unknown"
        if overall == "unwatched":
            overall = "ok"
        cards.append(
            LocationStatus(
                location=location,
                status=overall,
                metrics=rows,
                active_alarms=sum(1 for a in active if a.location_id == location.id),
                offline_devices=offline,
            )
        )
    return cards


def tracked_status(tracks: list[MetricTrack], now: datetime) -> str:
    """The most urgent status among the devices measuring a metric at a place.

    Devices silent for over an hour are left out (the offline alarm speaks for them),
    unless no device has spoken recently.
    """
    recent = [t for t in tracks if t.last_ts is not None and now - t.last_ts <= STALE_TRACK]
    statuses = [status_of(track_state(t)) for t in (recent or tracks)]
    return min(statuses, key=lambda s: RANK.get(s, 9)) if statuses else "unknown"


def threshold_allows(threshold: Threshold, value: float) -> bool:
    """True when ``value`` is inside the threshold's range."""
    if threshold.maximum is not None and value > threshold.maximum:
        return False
    return not (threshold.minimum is not None and value < threshold.minimum)


def _spark(source, location_id: int, metric: str, now: datetime) -> list[float | None]:
    """Hourly means of the last 24 hours, cached for a minute (the overview polls often)."""
    cache = current_app.extensions.setdefault("monitoring_spark_cache", {})
    key = (location_id, metric)
    hit = cache.get(key)
    if hit is not None and time.monotonic() - hit[0] < SPARK_CACHE_SECONDS:
        return hit[1]
    end = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    start = end - timedelta(hours=SPARK_HOURS)
    by_hour = {b.start: b.mean for b in source.hourly(location_id, metric, start, end)}
    values = [by_hour.get(start + timedelta(hours=h)) for h in range(SPARK_HOURS)]
    cache[key] = (time.monotonic(), values)
    return values


def as_json(cards: list[LocationStatus], locale: str) -> list[dict]:
    """The overview's JSON (also what the page renders first, so both agree)."""
    from germbank.monitoring.blueprint import STATUS_LABELS

    now = utcnow()
    out = []
    for card in cards:
        location = card.location
        out.append(
            {
                "code": location.code,
                "name": location.display_name(locale),
                "parent": location.parent.code if location.parent else None,
                "status": card.status,
                "status_label": str(STATUS_LABELS.get(card.status, card.status)),
                "alarms": card.active_alarms,
                "alarms_label": _alarms_label(card.active_alarms),
                "offline_devices": card.offline_devices,
                "metrics": [
                    {
                        "metric": row.metric,
                        "label": metric_label(row.metric),
                        "unit": unit_of(row.metric),
                        "value": row.value,
                        "display": format_value(row.metric, row.value),
                        "ts": row.ts.isoformat() if row.ts else None,
                        "age_label": format_timedelta(row.ts - now, add_direction=True)
                        if row.ts
                        else "",
                        "status": row.status,
                        "status_label": str(STATUS_LABELS.get(row.status, "")),
                        "minimum": row.minimum,
                        "maximum": row.maximum,
                        "spark": {"v": row.spark},
                    }
                    for row in card.metrics
                ],
            }
        )
    return out


def _alarms_label(count: int) -> str:
    from flask_babel import ngettext

    return ngettext("%(num)d active alarm", "%(num)d active alarms", count) if count else ""


def grouped(cards: list[LocationStatus]) -> list[tuple[StorageLocation | None, list]]:
    """Cards grouped under their parent location (store, greenhouse), in code order."""
    groups: dict[int | None, list[LocationStatus]] = {}
    parents: dict[int | None, StorageLocation | None] = {}
    for card in cards:
        parent = card.location.parent
        key = parent.id if parent else None
        groups.setdefault(key, []).append(card)
        parents[key] = parent
    order = sorted(groups, key=lambda k: (k is None, _code(parents[k])))
    return [(parents[key], groups[key]) for key in order]


def _code(location: StorageLocation | None) -> str:
    return location.code if location else ""
