"""Exposure of a stay from hourly buckets, and the daily table, against hand-worked examples."""

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from germbank.monitoring.daily import daily_from_hourly, daily_from_readings
from germbank.monitoring.exposure import Extreme, HourBucket, combine, exposure

H0 = datetime(2026, 7, 1, 0, tzinfo=UTC)


def hour(n: float) -> datetime:
    return H0 + timedelta(hours=n)


def bucket(n, lo, hi, mean, count=60):
    return HourBucket(hour(n), lo, hi, mean, count)


BUCKETS = [
    bucket(0, 11.0, 12.0, 11.5),
    bucket(1, 12.0, 16.0, 14.0),  # touches the limit, mean inside
    bucket(2, 15.5, 17.0, 16.2),  # out of range (above)
    bucket(3, 8.0, 9.8, 9.0, 30),  # out of range (below), fewer readings
]


def test_hours_out_of_range_extremes_and_weighted_mean():
    result = exposure(BUCKETS, 10.0, 15.0, hour(0), hour(4))
    assert result.hours_covered == 4
    assert (result.hours_out_of_range, result.hours_above, result.hours_below) == (2, 1, 1)
    assert result.hours_with_excursion == 3
    assert result.lowest == Extreme(8.0, hour(3))
    assert result.highest == Extreme(17.0, hour(2))
    assert result.mean == pytest.approx((11.5 * 60 + 14.0 * 60 + 16.2 * 60 + 9.0 * 30) / 210)
    assert result.share_out_of_range == 0.5


def test_a_stay_that_starts_and_ends_mid_hour_counts_the_part_inside():
    result = exposure(BUCKETS, 10.0, 15.0, hour(1.5), hour(2.25))
    assert result.hours_covered == pytest.approx(0.75)
    assert result.hours_out_of_range == pytest.approx(0.25)


def test_no_data_gives_no_mean():
    result = exposure([], 10.0, 15.0, hour(0), hour(10))
    assert result.hours_covered == 0
    assert result.mean is None and result.share_out_of_range is None


def test_no_threshold_still_gives_extremes_and_mean():
    result = exposure(BUCKETS, None, None, hour(0), hour(4))
    assert result.hours_out_of_range == 0
    assert result.highest.value == 17.0


def test_combining_two_stays_equals_one_long_stay():
    whole = exposure(BUCKETS, 10.0, 15.0, hour(0), hour(4))
    parts = combine(
        [exposure(BUCKETS, 10.0, 15.0, hour(0), hour(1.5)),
         exposure(BUCKETS, 10.0, 15.0, hour(1.5), hour(4))]
    )
    assert parts.hours_covered == pytest.approx(whole.hours_covered)
    assert parts.hours_out_of_range == pytest.approx(whole.hours_out_of_range)
    assert parts.mean == pytest.approx(whole.mean)
    assert (parts.lowest, parts.highest) == (whole.lowest, whole.highest)


def test_daily_table_from_readings_in_local_days():
    # Readings every 10 min from 15:00 UTC (23:00 Shanghai) for 2 hours: two local days.
    ts = pd.date_range("2026-07-01 15:00", periods=12, freq="10min", tz="UTC")
    values = [12.0] * 6 + [16.0, 16.5, 12.0, 12.0, 12.0, 12.0]
    table = daily_from_readings(
        pd.DataFrame({"ts": ts, "value": values}), 10.0, 15.0, "Asia/Shanghai",
        timedelta(minutes=30),
    )
    assert [str(d) for d in table["date"]] == ["2026-07-01", "2026-07-02"]
    first, second = table.to_dict("records")
    assert (first["readings"], first["minimum"], first["maximum"]) == (6, 12.0, 12.0)
    assert first["hours_out_of_range"] == 0
    assert (second["readings"], second["maximum"]) == (6, 16.5)
    assert second["hours_out_of_range"] == pytest.approx(20 / 60, abs=1e-3)
    assert second["hours_covered"] == pytest.approx(1.0, abs=1e-3)


def test_a_silent_gap_is_capped_not_counted_as_hours_of_the_last_value():
    ts = pd.to_datetime(["2026-07-01 01:00", "2026-07-01 01:10", "2026-07-01 09:00"], utc=True)
    table = daily_from_readings(
        pd.DataFrame({"ts": ts, "value": [20.0, 20.0, 12.0]}), 10.0, 15.0, "UTC",
        timedelta(minutes=30),
    )
    assert table.loc[0, "hours_out_of_range"] == pytest.approx(10 / 60 + 30 / 60, abs=1e-3)


def test_daily_table_from_hourly_rollups():
    hourly = pd.DataFrame(
        {
            "start": [hour(n) for n in range(4)],
            "minimum": [b.minimum for b in BUCKETS],
            "maximum": [b.maximum for b in BUCKETS],
            "mean": [b.mean for b in BUCKETS],
            "count": [b.count for b in BUCKETS],
        }
    )
    (row,) = daily_from_hourly(hourly, 10.0, 15.0, "UTC").to_dict("records")
    assert (row["minimum"], row["maximum"], row["readings"]) == (8.0, 17.0, 210)
    assert row["hours_out_of_range"] == 2
    assert row["share_out_of_range"] == 0.5
    expected_mean = (11.5 * 60 + 14.0 * 60 + 16.2 * 60 + 9.0 * 30) / 210
    assert row["mean"] == pytest.approx(expected_mean, abs=1e-3)


def test_empty_inputs_give_empty_tables():
    assert daily_from_readings(pd.DataFrame({"ts": [], "value": []}), 1, 2, "UTC",
                               timedelta(minutes=5)).empty
    assert daily_from_hourly(pd.DataFrame(), 1, 2, "UTC").empty
