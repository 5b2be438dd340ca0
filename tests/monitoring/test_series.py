"""Chart buckets equal brute-force aggregation of the raw readings, on random data."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from germbank.monitoring.series import (
    MAX_POINTS,
    bucket_hours,
    downsample,
    floor_hour,
    location_series,
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
