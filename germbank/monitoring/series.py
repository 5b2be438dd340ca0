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
    width = bucket_hours(start, end, max_points)
    origin = floor_hour(start)
    step = HOUR * width
    count = max(1, math.ceil((end - origin) / step))
    lows: list[float | None] = [None] * count
    highs: list[float | None] = [None] * count
    sums = [0.0] * count
    weights = [0] * count
    for hour in hours:
        index = int((hour.start - origin) // step)
        if not 0 <= index < count or hour.count <= 0:
            continue
        low, high = lows[index], highs[index]
        lows[index] = hour.minimum if low is None else min(low, hour.minimum)
        highs[index] = hour.maximum if high is None else max(high, hour.maximum)
        sums[index] += hour.mean * hour.count
        weights[index] += hour.count
    series = Series("bucket", int(step.total_seconds()))
    for index in range(count):
        series.t.append((origin + step * index).timestamp())
        series.minimum.append(lows[index])
        series.maximum.append(highs[index])
        series.mean.append(sums[index] / weights[index] if weights[index] else None)
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


def location_series(
    source, location_id: int, metric: str, start: datetime, end: datetime,
    max_points: int = MAX_POINTS,
) -> Series:
    """The chart series of one metric at one location: raw up to a day, buckets beyond."""
    if end - start <= RAW_LIMIT:
        return raw_series(source.raw(location_id, metric, start, end))
    # A source that can group hours on the database side on the same grid saves fetching
    # every hour of a year; any other answers hour by hour.
    grouped = getattr(source, "buckets", None)
    width = bucket_hours(start, end, max_points)
    buckets = grouped(location_id, metric, start, end, max_points, width) if grouped else None
    if buckets is None:
        buckets = source.hourly(location_id, metric, floor_hour(start), end)
    return downsample(buckets, start, end, max_points)
