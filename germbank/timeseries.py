"""Time-series queries over the sensors tables: raw readings and min/max/mean buckets.

Why buckets and not points: a year of one-minute readings is half a million points per
series; a chart needs about 2,000 buckets that keep the extremes (an excursion must stay
visible), computed by the database. Ranges of a day or less are bucketed from raw rows;
longer ranges from the hourly rollups, which stay even after raw rows are pruned.

Here: by series (`series_*`: one device's metric, or several merged) and over `Window`s (a
series restricted to a time span). By location — every series of the devices that were placed
at a location, each limited to its device's stay — see germbank.devices.queries.

All times are aware UTC datetimes; a `session` is `db.session` or any SQLAlchemy Session.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so

from germbank.models.sensors import HourlyRollup, Reading

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
    if not any(w.end > w.start for w in windows):
        return []
    table = Reading.__table__
    rows = session.execute(
        sa.select(table.c.ts, table.c.value).where(_raw_filter(windows)).order_by(table.c.ts)
    )
    return [(from_ms(ts), value) for ts, value in rows]


def windows_buckets(session: so.Session, windows: list[Window], start: datetime,
                    end: datetime, *, max_buckets: int = DEFAULT_MAX_BUCKETS,
                    width: timedelta | None = None, hourly: bool | None = None) -> list[Bucket]:
    """Buckets over [start, end) of the readings inside the windows.

    Raw rows for a range of a day or less, hourly rollups beyond (or as `hourly` says).
    """
    windows = [w for w in windows if w.end > w.start]
    if not windows or end <= start:
        return []
    hourly = (end - start) > RAW_RANGE_LIMIT if hourly is None else hourly
    width = width or bucket_width(start, end, max_buckets, hourly=hourly)
    if hourly:
        return _rollup_buckets(session, windows, start, end, width)
    return _raw_buckets(session, windows, start, end, width)


def _raw_buckets(session, windows, start, end, width) -> list[Bucket]:
    table = Reading.__table__
    origin, step = to_ms(start), width // timedelta(milliseconds=1)
    index = ((table.c.ts - origin) // step).label("bucket")
    query = (
        sa.select(index, sa.func.min(table.c.value), sa.func.max(table.c.value),
                  sa.func.sum(table.c.value), sa.func.count())
        .where(_raw_filter(windows), table.c.ts >= origin, table.c.ts < to_ms(end))
        .group_by(index).order_by(index)
    )
    return [_bucket(origin, step, int(b), low, high, total, count)
            for b, low, high, total, count in session.execute(query)]


def _rollup_buckets(session, windows, start, end, width) -> list[Bucket]:
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
    return [_bucket(first_hour * HOUR_MS, hours * HOUR_MS, int(b), low, high, total, count)
            for b, low, high, total, count in session.execute(query)]


def _bucket(origin_ms, step_ms, index, low, high, total, count) -> Bucket:
    begin = origin_ms + index * step_ms
    return Bucket(from_ms(begin), from_ms(begin + step_ms), float(low), float(high),
                  float(total) / int(count), int(count))
