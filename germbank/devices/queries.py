"""Location-level time-series and registry queries (what monitoring asks of the sensors).

A reading belongs to the location its device was placed in when it was taken, so a location's
series are the series of every device ever placed there, each limited to the device's stay
(`location_windows`); over hourly rollups a stay is widened to whole hours. The bucket and raw
engines are in germbank.timeseries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so

from germbank.models.sensors import Device, Placement, Reading, Series
from germbank.timeseries import (
    DEFAULT_MAX_BUCKETS,
    Bucket,
    Window,
    from_ms,
    to_ms,
    windows_buckets,
    windows_raw,
)


def location_windows(session: so.Session, location_id: int, metric: str, start: datetime,
                     end: datetime) -> list[Window]:
    """The series measuring `metric` at the location, each limited to its device's stay."""
    rows = session.execute(
        sa.select(Series.id, Placement.placed_from, Placement.placed_to)
        .join(Placement, Placement.device_id == Series.device_id)
        .where(Placement.location_id == location_id, Series.metric == metric,
               Placement.placed_from < end,
               sa.or_(Placement.placed_to.is_(None), Placement.placed_to > start))
    )
    return [Window(series_id, max(start, placed_from), min(end, placed_to or end))
            for series_id, placed_from, placed_to in rows]


def location_raw(session: so.Session, location_id: int, metric: str, start: datetime,
                 end: datetime) -> list[tuple[datetime, float]]:
    """Raw readings taken at the location in [start, end), in time order."""
    return windows_raw(session, location_windows(session, location_id, metric, start, end))


def location_hourly(session: so.Session, location_id: int, metric: str, start: datetime,
                    end: datetime) -> list[Bucket]:
    """Hourly buckets at the location for hours starting in [start, end)."""
    windows = location_windows(session, location_id, metric, start, end)
    return windows_buckets(session, windows, start, end, width=timedelta(hours=1), hourly=True)


def location_buckets(session: so.Session, location_id: int, metric: str, start: datetime,
                     end: datetime, *, max_buckets: int = DEFAULT_MAX_BUCKETS) -> list[Bucket]:
    """At most `max_buckets` buckets of the metric at the location over [start, end)."""
    windows = location_windows(session, location_id, metric, start, end)
    return windows_buckets(session, windows, start, end, max_buckets=max_buckets)


def latest_by_location(session: so.Session, location_ids: Iterable[int]
                       ) -> dict[tuple[int, str], tuple[datetime, float]]:
    """The newest reading of each metric at each location (within its devices' stays)."""
    rows = session.execute(
        sa.select(Placement.location_id, Series.id, Series.metric, Placement.placed_from,
                  Placement.placed_to)
        .join(Series, Series.device_id == Placement.device_id)
        .where(Placement.location_id.in_(list(location_ids)))
    ).all()
    table = Reading.__table__
    found: dict[tuple[int, str], tuple[datetime, float]] = {}
    for location_id, series_id, metric, placed_from, placed_to in rows:
        query = sa.select(table.c.ts, table.c.value).where(
            table.c.series_id == series_id, table.c.ts >= to_ms(placed_from)
        )
        if placed_to is not None:
            query = query.where(table.c.ts < to_ms(placed_to))
        newest = session.execute(query.order_by(table.c.ts.desc()).limit(1)).first()
        if newest is not None:
            candidate = (from_ms(newest[0]), newest[1])
            key = (location_id, metric)
            if key not in found or candidate[0] > found[key][0]:
                found[key] = candidate
    return found


def location_metrics(session: so.Session, location_ids: Iterable[int]) -> dict[int, list[str]]:
    """Metrics measured at each location by devices placed there now or before."""
    rows = session.execute(
        sa.select(Placement.location_id, Series.metric).distinct()
        .join(Series, Series.device_id == Placement.device_id)
        .where(Placement.location_id.in_(list(location_ids)))
        .order_by(Placement.location_id, Series.metric)
    )
    metrics: dict[int, list[str]] = {}
    for location_id, metric in rows:
        metrics.setdefault(location_id, []).append(metric)
    return metrics


def sensed_locations(session: so.Session) -> set[int]:
    """Locations where a device has ever been placed."""
    return set(session.scalars(sa.select(Placement.location_id).distinct()))


def placement_spans(session: so.Session, device_codes: Iterable[str]
                    ) -> dict[str, list[tuple[datetime, datetime | None, int]]]:
    """Placement history per device code: [(from, to or None, location_id)] by time."""
    rows = session.execute(
        sa.select(Device.code, Placement.placed_from, Placement.placed_to, Placement.location_id)
        .join(Placement, Placement.device_id == Device.id)
        .where(Device.code.in_(list(device_codes)))
        .order_by(Device.code, Placement.placed_from)
    )
    spans: dict[str, list[tuple[datetime, datetime | None, int]]] = {}
    for code, placed_from, placed_to, location_id in rows:
        spans.setdefault(code, []).append((placed_from, placed_to, location_id))
    return spans


@dataclass(frozen=True, slots=True)
class PlacedDevice:
    """A device placed somewhere now: what an offline check needs."""

    code: str
    location_id: int
    interval: timedelta
    last_seen: datetime | None
    metrics: tuple[str, ...]


def placed_devices(session: so.Session) -> list[PlacedDevice]:
    """Devices with an open placement, with their interval, last-seen time and metrics."""
    devices = session.scalars(
        sa.select(Device).join(Placement, Placement.device_id == Device.id)
        .where(Placement.placed_to.is_(None))
        .options(so.selectinload(Device.series), so.selectinload(Device.placements))
        .order_by(Device.code)
    ).unique()
    placed = []
    for device in devices:
        current = next(p for p in device.placements if p.placed_to is None)
        placed.append(PlacedDevice(
            device.code, current.location_id, timedelta(seconds=device.interval_s),
            device.last_seen_at, tuple(s.metric for s in device.series),
        ))
    return placed
