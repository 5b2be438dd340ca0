"""Time-series queries over the sensors tables: raw readings and min/max/mean buckets.

Why buckets and not points: a year of one-minute readings is half a million points per
series; a chart needs about 2,000 buckets that keep the extremes (an excursion must stay
visible), computed by the database. Ranges of a day or less are bucketed from raw rows;
longer ranges from the hourly rollups, which stay even after raw rows are pruned.

Two levels:
- by series (`series_*`): one device's metric, or several merged;
- by location (`location_*`): every series of the devices that were placed at the location,
  each restricted to the time its device was there (readings belong to where the device was).
  Over rollups a placement is widened to whole hours.

All times are aware UTC datetimes; a `session` is `db.session` or any SQLAlchemy Session.
The `*_ms` variants answer the same rows as plain numbers (epoch milliseconds, as stored):
charts want numbers, and building an aware datetime per row cost more than the query itself
(a day of one-minute readings: about 1 ms of ~3 on PostgreSQL).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so

from germbank.models.sensors import Device, HourlyRollup, Placement, Reading, Series

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
HOUR_MS = 3_600_000
RAW_RANGE_LIMIT = timedelta(days=1)
DEFAULT_MAX_BUCKETS = 2000
_NICE_SECONDS = (1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600)


@dataclass(frozen=True, slots=True)
class Bucket:
    """min/max/mean/count of the readings with start <= ts < end."""

    start: datetime
    end: datetime
    minimum: float
    maximum: float
    mean: float
    count: int


@dataclass(frozen=True, slots=True)
class Window:
    """A series restricted to [start, end) (a placement of its device)."""

    series_id: int
    start: datetime
    end: datetime


def to_ms(ts: datetime) -> int:
    """Epoch milliseconds of an aware datetime, exactly."""
    return (ts - EPOCH) // timedelta(milliseconds=1)


def from_ms(ms: int) -> datetime:
    """Aware UTC datetime of epoch milliseconds."""
    return EPOCH + timedelta(milliseconds=int(ms))


def bucket_width(start: datetime, end: datetime, max_buckets: int = DEFAULT_MAX_BUCKETS,
                 *, hourly: bool | None = None) -> timedelta:
    """The bucket width used for [start, end): a whole number of hours over rollups,
    a round number of seconds over raw rows, never more than `max_buckets` buckets."""
    hourly = (end - start) > RAW_RANGE_LIMIT if hourly is None else hourly
    seconds = max((end - start).total_seconds() / max_buckets, 1e-9)
    if hourly:
        return timedelta(hours=max(1, math.ceil(seconds / 3600)))
    for nice in _NICE_SECONDS:
        if nice >= seconds:
            return timedelta(seconds=nice)
    return timedelta(hours=math.ceil(seconds / 3600))


# -- by series --------------------------------------------------------------------------------


def _windows(series_ids: int | Iterable[int], start: datetime, end: datetime) -> list[Window]:
    ids = [series_ids] if isinstance(series_ids, int) else list(series_ids)
    return [Window(series_id, start, end) for series_id in ids]


def series_raw(session: so.Session, series_ids: int | Iterable[int], start: datetime,
               end: datetime) -> list[tuple[datetime, float]]:
    """Raw (ts, value) readings of the series in [start, end), in time order."""
    return windows_raw(session, _windows(series_ids, start, end))


def series_raw_ms(session: so.Session, series_ids: int | Iterable[int], start: datetime,
                  end: datetime) -> list[tuple[int, float]]:
    """`series_raw` with `ts` in epoch milliseconds (no datetime per row: for charts)."""
    return windows_raw_ms(session, _windows(series_ids, start, end))


def series_hourly(session: so.Session, series_ids: int | Iterable[int], start: datetime,
                  end: datetime) -> list[Bucket]:
    """One bucket per hour with data, for hours starting in [start, end) (from rollups)."""
    return windows_buckets(session, _windows(series_ids, start, end), start, end,
                           width=timedelta(hours=1), hourly=True)


def series_buckets(session: so.Session, series_ids: int | Iterable[int], start: datetime,
                   end: datetime, *, max_buckets: int = DEFAULT_MAX_BUCKETS) -> list[Bucket]:
    """At most `max_buckets` min/max/mean buckets over [start, end); empty ones left out."""
    return windows_buckets(session, _windows(series_ids, start, end), start, end,
                           max_buckets=max_buckets)


# -- over windows (the common engine) -----------------------------------------------------


def _raw_filter(windows: list[Window]):
    table = Reading.__table__
    return sa.or_(*(
        sa.and_(table.c.series_id == w.series_id, table.c.ts >= to_ms(w.start),
                table.c.ts < to_ms(w.end))
        for w in windows if w.end > w.start
    ))


def windows_raw(session: so.Session, windows: list[Window]) -> list[tuple[datetime, float]]:
    """Raw readings inside the windows, in time order."""
    return [(from_ms(ts), value) for ts, value in windows_raw_ms(session, windows)]


_READINGS = Reading.__table__
# The common case (one series, one range) as one prepared statement: building and hashing a
# new expression per call cost a tenth of a 24 h query.
_ONE_WINDOW_RAW = (
    sa.select(_READINGS.c.ts, _READINGS.c.value)
    .where(_READINGS.c.series_id == sa.bindparam("series_id"),
           _READINGS.c.ts >= sa.bindparam("start_ms"), _READINGS.c.ts < sa.bindparam("end_ms"))
    .order_by(_READINGS.c.ts)
)


def windows_raw_ms(session: so.Session, windows: list[Window]) -> list[tuple[int, float]]:
    """Raw (epoch ms, value) readings inside the windows, in time order, as the database
    returns them (rows that unpack like tuples)."""
    windows = [w for w in windows if w.end > w.start]
    if not windows:
        return []
    if len(windows) == 1:
        (only,) = windows
        result = session.execute(_ONE_WINDOW_RAW, {
            "series_id": only.series_id, "start_ms": to_ms(only.start),
            "end_ms": to_ms(only.end)})
    else:
        result = session.execute(
            sa.select(_READINGS.c.ts, _READINGS.c.value).where(_raw_filter(windows))
            .order_by(_READINGS.c.ts))
    return result.all()


def windows_buckets(session: so.Session, windows: list[Window], start: datetime,
                    end: datetime, *, max_buckets: int = DEFAULT_MAX_BUCKETS,
                    width: timedelta | None = None, hourly: bool | None = None) -> list[Bucket]:
    """Buckets over [start, end) of the readings inside the windows.

    Raw rows for a range of a day or less, hourly rollups beyond (or as `hourly` says).
    """
    origin_ms, step_ms, rows = _grouped(session, windows, start, end, max_buckets, width, hourly)
    if not rows:
        return []
    # Bucket times by adding whole steps to the first one: exact (integer microseconds) and
    # half the cost of converting each bucket's epoch milliseconds.
    origin, step = from_ms(origin_ms), timedelta(milliseconds=step_ms)
    buckets = []
    for index, low, high, total, count in rows:
        begin = origin + step * int(index)
        buckets.append(Bucket(begin, begin + step, float(low), float(high),
                              float(total) / int(count), int(count)))
    return buckets


def windows_buckets_ms(session: so.Session, windows: list[Window], start: datetime,
                       end: datetime, *, max_buckets: int = DEFAULT_MAX_BUCKETS,
                       width: timedelta | None = None, hourly: bool | None = None
                       ) -> list[tuple[int, float, float, float, int]]:
    """`windows_buckets` as plain (start epoch ms, minimum, maximum, mean, count) tuples."""
    origin_ms, step_ms, rows = _grouped(session, windows, start, end, max_buckets, width, hourly)
    return [(origin_ms + int(index) * step_ms, float(low), float(high),
             float(total) / int(count), int(count))
            for index, low, high, total, count in rows]


def _grouped(session, windows, start, end, max_buckets, width, hourly):
    """(origin ms, step ms, rows of (bucket index, min, max, sum, count)) by the database."""
    windows = [w for w in windows if w.end > w.start]
    if not windows or end <= start:
        return 0, 0, []
    hourly = (end - start) > RAW_RANGE_LIMIT if hourly is None else hourly
    width = width or bucket_width(start, end, max_buckets, hourly=hourly)
    if hourly:
        return _rollup_buckets(session, windows, start, end, width)
    return _raw_buckets(session, windows, start, end, width)


def _raw_buckets(session, windows, start, end, width):
    table = Reading.__table__
    origin, step = to_ms(start), width // timedelta(milliseconds=1)
    index = ((table.c.ts - origin) // step).label("bucket")
    query = (
        sa.select(index, sa.func.min(table.c.value), sa.func.max(table.c.value),
                  sa.func.sum(table.c.value), sa.func.count())
        .where(_raw_filter(windows), table.c.ts >= origin, table.c.ts < to_ms(end))
        .group_by(index).order_by(index)
    )
    return origin, step, session.execute(query).all()


def _rollup_buckets(session, windows, start, end, width):
    table = HourlyRollup.__table__
    first_hour = to_ms(start) // HOUR_MS
    last_hour = -(-to_ms(end) // HOUR_MS)  # ceiling: the hour holding `end` counts
    hours = max(1, width // timedelta(hours=1))
    index = ((table.c.hour - first_hour) // hours).label("bucket")
    window_filter = sa.or_(*(
        sa.and_(table.c.series_id == w.series_id, table.c.hour >= to_ms(w.start) // HOUR_MS,
                table.c.hour < -(-to_ms(w.end) // HOUR_MS))
        for w in windows
    ))
    query = (
        sa.select(index, sa.func.min(table.c.minimum), sa.func.max(table.c.maximum),
                  sa.func.sum(table.c.total), sa.func.sum(table.c.count))
        .where(window_filter, table.c.hour >= first_hour, table.c.hour < last_hour)
        .group_by(index).order_by(index)
    )
    return first_hour * HOUR_MS, hours * HOUR_MS, session.execute(query).all()


# -- by location ------------------------------------------------------------------------------


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


def location_raw_ms(session: so.Session, location_id: int, metric: str, start: datetime,
                    end: datetime) -> list[tuple[int, float]]:
    """`location_raw` with `ts` in epoch milliseconds (for charts)."""
    return windows_raw_ms(session, location_windows(session, location_id, metric, start, end))


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


def location_buckets_ms(session: so.Session, location_id: int, metric: str, start: datetime,
                        end: datetime, *, max_buckets: int = DEFAULT_MAX_BUCKETS
                        ) -> list[tuple[int, float, float, float, int]]:
    """`location_buckets` as (start epoch ms, minimum, maximum, mean, count) tuples."""
    windows = location_windows(session, location_id, metric, start, end)
    return windows_buckets_ms(session, windows, start, end, max_buckets=max_buckets)


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
