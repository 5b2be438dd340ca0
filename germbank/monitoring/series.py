"""Chart series for any range: raw readings up to a day, else at most ~2,000 buckets.

Why buckets keep min and max: a chart of a year must still show the hour the humidity
spiked, so each bucket carries the extremes of the hours inside it, not just their mean.
Buckets are a fixed grid over the requested range (empty ones are gaps), which is what lets
uPlot draw a year instantly and what the tests compare with brute force.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from germbank.monitoring.exposure import HourBucket
from germbank.timeseries import HOUR_MS, to_ms

RAW_LIMIT = timedelta(days=1)
MAX_POINTS = 2000
HOUR = timedelta(hours=1)


@dataclass(slots=True)
class Series:
    """Columns for uPlot: times (epoch seconds) and min/max/mean per point."""

    resolution: str  # "raw" or "bucket"
    bucket_seconds: int
    t: list[float] = field(default_factory=list)
    minimum: list[float | None] = field(default_factory=list)
    maximum: list[float | None] = field(default_factory=list)
    mean: list[float | None] = field(default_factory=list)


def bucket_hours(start: datetime, end: datetime, max_points: int = MAX_POINTS) -> int:
    """Whole hours per bucket so that [start, end) needs at most ``max_points`` buckets."""
    hours = max((end - start) / HOUR, 1.0)
    return max(1, math.ceil(hours / max_points))


def floor_hour(moment: datetime) -> datetime:
    """The start of the hour ``moment`` is in."""
    return moment.replace(minute=0, second=0, microsecond=0)


def downsample(
    hours: Iterable[HourBucket], start: datetime, end: datetime, max_points: int = MAX_POINTS
) -> Series:
    """Group hourly buckets into a fixed grid of equal buckets covering [start, end).

    Buckets already on the grid (a whole number of them per grid step, starting on it) pass
    through unchanged, so a source may hand over hours or pre-grouped buckets alike.
    """
    return downsample_ms(
        ((to_ms(h.start), h.minimum, h.maximum, h.mean, h.count) for h in hours),
        start, end, max_points,
    )


def downsample_ms(
    rows: Iterable[tuple[int, float, float, float, int]], start: datetime, end: datetime,
    max_points: int = MAX_POINTS,
) -> Series:
    """`downsample` of (start epoch ms, minimum, maximum, mean, count) rows.

    Why in epoch milliseconds: the grid and the chart's times are plain numbers, so a year of
    buckets costs integer arithmetic instead of two datetimes per bucket.
    """
    width = bucket_hours(start, end, max_points)
    origin = floor_hour(start)
    step = HOUR * width
    count = max(1, math.ceil((end - origin) / step))
    origin_ms, step_ms = to_ms(origin), width * HOUR_MS
    lows: list[float | None] = [None] * count
    highs: list[float | None] = [None] * count
    sums = [0.0] * count
    weights = [0] * count
    for begin_ms, minimum, maximum, mean, readings in rows:
        index = (begin_ms - origin_ms) // step_ms
        if not 0 <= index < count or readings <= 0:
            continue
        low, high = lows[index], highs[index]
        lows[index] = minimum if low is None else min(low, minimum)
        highs[index] = maximum if high is None else max(high, maximum)
        sums[index] += mean * readings
        weights[index] += readings
    series = Series("bucket", step_ms // 1000)
    # Exactly datetime.timestamp() of each grid time: both divide the same integer by 1000.
    series.t = [(origin_ms + step_ms * index) / 1000 for index in range(count)]
    series.minimum = lows
    series.maximum = highs
    series.mean = [total / weight if weight else None
                   for total, weight in zip(sums, weights, strict=True)]
    return series


def raw_series(readings: Iterable[tuple[datetime, float]]) -> Series:
    """Every reading as a point (min = max = mean)."""
    series = Series("raw", 0)
    for ts, value in readings:
        series.t.append(ts.timestamp())
        series.minimum.append(value)
        series.maximum.append(value)
        series.mean.append(value)
    return series


def raw_series_ms(readings: Iterable[tuple[int, float]]) -> Series:
    """`raw_series` of (epoch ms, value) readings: the chart's times straight from the numbers
    the database stores (ms / 1000 equals datetime.timestamp() exactly)."""
    series = Series("raw", 0)
    values = []
    for ts_ms, value in readings:
        series.t.append(ts_ms / 1000)
        values.append(value)
    series.minimum = values
    series.maximum = list(values)
    series.mean = list(values)
    return series


def location_series(
    source, location_id: int, metric: str, start: datetime, end: datetime,
    max_points: int = MAX_POINTS,
) -> Series:
    """The chart series of one metric at one location: raw up to a day, buckets beyond."""
    # Sources that answer in epoch milliseconds (the database's own numbers) spare a datetime
    # per reading or bucket; any other answers in datetimes.
    if end - start <= RAW_LIMIT:
        in_ms = getattr(source, "raw_ms", None)
        readings = in_ms(location_id, metric, start, end) if in_ms else None
        if readings is not None:
            return raw_series_ms(readings)
        return raw_series(source.raw(location_id, metric, start, end))
    # A source that can group hours on the database side on the same grid saves fetching
    # every hour of a year; any other answers hour by hour.
    width = bucket_hours(start, end, max_points)
    grouped_ms = getattr(source, "buckets_ms", None)
    rows = grouped_ms(location_id, metric, start, end, max_points, width) if grouped_ms else None
    if rows is not None:
        return downsample_ms(rows, start, end, max_points)
    grouped = getattr(source, "buckets", None)
    buckets = grouped(location_id, metric, start, end, max_points, width) if grouped else None
    if buckets is None:
        buckets = source.hourly(location_id, metric, floor_hour(start), end)
    return downsample(buckets, start, end, max_points)
