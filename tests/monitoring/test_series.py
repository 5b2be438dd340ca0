"""Chart buckets equal brute-force aggregation of the raw readings, on random data."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from germbank.monitoring.exposure import HourBucket
from germbank.monitoring.series import (
    MAX_POINTS,
    bucket_hours,
    downsample,
    downsample_ms,
    floor_hour,
    location_series,
    raw_series,
    raw_series_ms,
    to_ms,
)
from germbank.monitoring.services.source import MemoryClimateSource

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def brute_force(readings, start, end, max_points):
    """Min/max/mean of the raw readings per fixed bucket, computed the obvious way.

    Buckets are made of whole hours, so the hour holding ``end`` counts whole.
    """
    step = timedelta(hours=bucket_hours(start, end, max_points))
    origin = floor_hour(start)
    last = floor_hour(end) + timedelta(hours=1)
    buckets = {}
    for ts, value in readings:
        if not (origin <= ts < last):
            continue
        buckets.setdefault(int((ts - origin) / step), []).append(value)
    return {
        (origin + step * i).timestamp(): (min(vs), max(vs), sum(vs) / len(vs))
        for i, vs in buckets.items()
    }


@settings(max_examples=60, deadline=None)
@given(
    offsets=st.lists(st.integers(min_value=0, max_value=400 * 24 * 60), min_size=1, max_size=300),
    values=st.lists(st.floats(min_value=-30, max_value=90), min_size=300, max_size=300),
    span_days=st.integers(min_value=2, max_value=400),
    max_points=st.sampled_from([10, 100, MAX_POINTS]),
)
def test_buckets_match_brute_force(offsets, values, span_days, max_points):
    readings = [(T0 + timedelta(minutes=m), v) for m, v in zip(offsets, values, strict=False)]
    source = MemoryClimateSource()
    source.extend(1, "temperature", readings)
    start = T0 + timedelta(minutes=17)
    end = start + timedelta(days=span_days)
    series = location_series(source, 1, "temperature", start, end, max_points)
    assert series.resolution == "bucket"
    assert len(series.t) <= max_points + 1
    got = {
        t: (lo, hi, mean)
        for t, lo, hi, mean in zip(
            series.t, series.minimum, series.maximum, series.mean, strict=True
        )
        if mean is not None
    }
    expected = brute_force(readings, start, end, max_points)
    assert set(got) == set(expected)
    for t, (lo, hi, mean) in expected.items():
        assert got[t][0] == lo and got[t][1] == hi
        assert got[t][2] == pytest.approx(mean)


def test_a_year_fits_in_two_thousand_points_and_keeps_the_spike():
    source = MemoryClimateSource()
    source.extend(1, "humidity", [(T0 + timedelta(hours=h), 55.0) for h in range(365 * 24)])
    source.add(1, "humidity", T0 + timedelta(days=200, minutes=7), 81.0)
    series = location_series(source, 1, "humidity", T0, T0 + timedelta(days=365))
    assert len(series.t) <= MAX_POINTS
    assert max(v for v in series.maximum if v is not None) == 81.0
    assert series.bucket_seconds == 5 * 3600


def test_a_day_or_less_sends_raw_readings():
    source = MemoryClimateSource()
    readings = [(T0 + timedelta(seconds=10 * i), 12.0 + i / 1000) for i in range(8640)]
    source.extend(1, "temperature", readings)
    series = location_series(source, 1, "temperature", T0, T0 + timedelta(days=1))
    assert series.resolution == "raw"
    assert len(series.t) == 8640
    assert series.mean[5] == 12.005


def test_empty_buckets_are_gaps():
    hours = downsample([], T0, T0 + timedelta(days=3), 100)
    assert hours.mean == [None] * len(hours.t)
    assert len(hours.t) == 72


@settings(max_examples=60, deadline=None)
@given(
    hours=st.lists(
        st.tuples(st.integers(min_value=-48, max_value=500 * 24),
                  st.floats(min_value=-30, max_value=90), st.floats(min_value=0, max_value=20),
                  st.integers(min_value=0, max_value=360)),
        max_size=200),
    start_minutes=st.integers(min_value=0, max_value=60 * 24 * 30),
    span_hours=st.integers(min_value=25, max_value=400 * 24),
    max_points=st.sampled_from([7, 100, MAX_POINTS]),
)
def test_downsample_in_epoch_ms_puts_each_hour_on_the_datetime_grid(
    hours, start_minutes, span_hours, max_points
):
    """The integer grid equals the grid computed with datetimes, bucket by bucket."""
    buckets = [HourBucket(T0 + timedelta(hours=h), low, low + spread, low + spread / 3, count)
               for h, low, spread, count in hours]
    start = T0 + timedelta(minutes=start_minutes, microseconds=start_minutes * 7)
    end = start + timedelta(hours=span_hours)
    fast = downsample_ms([(to_ms(b.start), b.minimum, b.maximum, b.mean, b.count)
                          for b in buckets], start, end, max_points)
    origin, step = floor_hour(start), timedelta(hours=bucket_hours(start, end, max_points))
    assert fast.bucket_seconds == step.total_seconds()
    assert fast.t == [(origin + step * i).timestamp() for i in range(len(fast.t))]
    assert origin + step * len(fast.t) >= end > origin + step * (len(fast.t) - 1)
    grid: dict[int, list[HourBucket]] = {}
    for bucket in buckets:
        index = (bucket.start - origin) // step
        if 0 <= index < len(fast.t) and bucket.count > 0:
            grid.setdefault(index, []).append(bucket)
    for index in range(len(fast.t)):
        inside = grid.get(index, [])
        assert fast.minimum[index] == (min(b.minimum for b in inside) if inside else None)
        assert fast.maximum[index] == (max(b.maximum for b in inside) if inside else None)
        if inside:
            weight = sum(b.count for b in inside)
            mean = sum(b.mean * b.count for b in inside) / weight
            assert fast.mean[index] == pytest.approx(mean)
        else:
            assert fast.mean[index] is None
    assert downsample(buckets, start, end, max_points) == fast


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=10**13),
                          st.floats(allow_nan=False)), max_size=50))
def test_raw_series_in_epoch_ms_has_exactly_the_datetime_timestamps(readings):
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    slow = raw_series([(epoch + timedelta(milliseconds=ms), v) for ms, v in readings])
    fast = raw_series_ms(readings)
    assert fast.t == slow.t
    assert (fast.minimum, fast.maximum, fast.mean) == (slow.minimum, slow.maximum, slow.mean)
    assert fast.resolution == "raw"
