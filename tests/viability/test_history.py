"""Integration of the viability equation over a lot's real, gappy, moving climate history."""

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from germbank.viability.constants import default_constants
from germbank.viability.equation import (
    percent_to_probit,
    predict_percent,
    probit_to_percent,
    sigma_days,
)
from germbank.viability.exposure import (
    ClimateInterval,
    ClimateSeries,
    SetPoint,
    Stay,
    build_exposure,
)
from germbank.viability.history import forecast
from germbank.viability.moisture import CromartyIsotherm, SealedMoisture


def test_constant_history_equals_closed_form(one_store_lot, kenaf, stored_on):
    lot = one_store_lot(temperature_c=25.0, rh_pct=40.0, days=400)
    closed_form = predict_percent(95.0, 400, 25.0, 8.0, kenaf)
    assert lot.percent_at(stored_on + timedelta(days=400)) == pytest.approx(closed_form, abs=1e-9)
    halfway = predict_percent(95.0, 200, 25.0, 8.0, kenaf)
    assert lot.percent_at(stored_on + timedelta(days=200)) == pytest.approx(halfway, abs=1e-9)


def test_crossing_date_at_constant_conditions_is_sigma_times_probit_drop(
    one_store_lot, kenaf, stored_on
):
    lot = one_store_lot(temperature_c=25.0, rh_pct=40.0, days=100, setpoint=(25.0, 40.0))
    threshold = 0.85 * 95.0
    expected_days = sigma_days(25.0, 8.0, kenaf) * (
        percent_to_probit(95.0) - percent_to_probit(threshold)
    )
    crossing = lot.crossing_date(threshold)
    assert (crossing - stored_on).total_seconds() / 86400 == pytest.approx(expected_days, abs=1e-4)


def test_varying_history_sums_each_period(kenaf, sealed, stored_on, hourly_series):
    """Half a year at 30 °C then half at 10 °C loses p1/σ1 + p2/σ2 probits."""
    hours = 365 * 24
    temperature = np.where(np.arange(hours) < hours // 2, 30.0, 10.0)
    series = hourly_series(stored_on, hours, temperature, 40.0)
    stays = [Stay("s", stored_on, None, SetPoint(10, 40))]
    lot = forecast(
        build_exposure(stays, {"s": series}, stored_on + timedelta(hours=hours)),
        kenaf,
        sealed,
        percent_to_probit(95),
    )
    half = hours / 2 / 24
    expected = half / sigma_days(30, 8, kenaf) + half / sigma_days(10, 8, kenaf)
    assert lot.loss_at(stored_on + timedelta(hours=hours)) == pytest.approx(expected, rel=1e-12)


def test_warmer_history_lower_germination_and_earlier_crossing(one_store_lot, stored_on):
    cool, warm = one_store_lot(temperature_c=12.0), one_store_lot(temperature_c=18.0)
    end = stored_on + timedelta(days=365)
    assert warm.percent_at(end) < cool.percent_at(end)
    assert warm.crossing_date(80) < cool.crossing_date(80)


def test_wetter_history_lower_germination_and_earlier_crossing(one_store_lot, stored_on):
    isotherm = CromartyIsotherm(20)
    dry = one_store_lot(rh_pct=40.0, moisture_model=isotherm, setpoint=(10, 40))
    wet = one_store_lot(rh_pct=65.0, moisture_model=isotherm, setpoint=(10, 40))
    end = stored_on + timedelta(days=365)
    assert wet.percent_at(end) < dry.percent_at(end)
    assert wet.crossing_date(80) < dry.crossing_date(80)


def test_gaps_are_filled_with_the_setpoint_and_flagged(one_store_lot):
    missing = range(100, 100 + 24 * 10)  # ten days offline
    lot = one_store_lot(temperature_c=20.0, setpoint=(5.0, 40.0), days=100, missing_hours=missing)
    exposure = lot.exposure
    assert lot.setpoint_fill_days == pytest.approx(10.0)
    assert lot.measured_fraction == pytest.approx(0.9)
    filled = ~exposure.measured
    assert np.all(exposure.temperature_c[filled] == 5.0)
    assert np.all(exposure.temperature_c[~filled] == 20.0)
    # the cooler set point during the gap means less loss than a fully measured 20 °C year
    assert lot.loss_at(lot.history_end) < one_store_lot(temperature_c=20.0, days=100).loss_at(
        lot.history_end
    )


def test_missing_sensor_values_are_filled_and_flagged(kenaf, sealed):
    series = ClimateSeries.from_arrays(
        start=np.array([0.0, 1.0]) + 19000,
        end=np.array([1.0, 2.0]) + 19000,
        temperature_c=[np.nan, 20.0],
        rh_pct=[40.0, 40.0],
    )
    start = datetime(2022, 1, 8, tzinfo=UTC)  # day 19000
    stays = [Stay("s", start, None, SetPoint(4.0, 30.0))]
    exposure = build_exposure(stays, {"s": series}, start + timedelta(days=2))
    assert list(exposure.measured) == [False, True]
    assert list(exposure.temperature_c) == [4.0, 20.0]


def test_lot_moved_between_stores_uses_each_stores_climate(kenaf, sealed, stored_on, hourly_series):
    moved = stored_on + timedelta(days=100)
    until = stored_on + timedelta(days=200)
    climate = {
        "cold": hourly_series(stored_on, 200 * 24, 5.0, 30.0),
        "warm": hourly_series(stored_on, 200 * 24, 25.0, 30.0),
    }
    stays = [
        Stay("cold", stored_on, moved, SetPoint(5, 30)),
        Stay("warm", moved, None, SetPoint(25, 30)),
    ]
    lot = forecast(build_exposure(stays, climate, until), kenaf, sealed, percent_to_probit(95))
    expected = 100 / sigma_days(5, 8, kenaf) + 100 / sigma_days(25, 8, kenaf)
    assert lot.loss_at(until) == pytest.approx(expected, rel=1e-9)
    summaries = lot.stay_summaries()
    assert [s.location for s in summaries] == ["cold", "warm"]
    assert summaries[0].mean_temperature_c == pytest.approx(5.0)
    assert summaries[1].probit_loss > summaries[0].probit_loss


def test_store_without_any_readings_is_all_setpoint(kenaf, sealed, stored_on):
    stays = [Stay("new", stored_on, None, SetPoint(10, 40))]
    exposure = build_exposure(stays, {}, stored_on + timedelta(days=30))
    lot = forecast(exposure, kenaf, sealed, percent_to_probit(95))
    assert lot.measured_fraction == 0.0
    assert lot.setpoint_fill_days == pytest.approx(30)


def test_extrapolation_at_setpoint_or_recent_mean(one_store_lot, kenaf):
    at_setpoint = one_store_lot(temperature_c=20.0, setpoint=(10.0, 40.0), days=60)
    recent = one_store_lot(
        temperature_c=20.0, setpoint=(10.0, 40.0), days=60, forward="recent_mean"
    )
    assert at_setpoint.forward_rate == pytest.approx(1 / sigma_days(10, 8, kenaf))
    assert recent.forward_rate == pytest.approx(1 / sigma_days(20, 8, kenaf))
    later = at_setpoint.history_end + timedelta(days=365)
    assert recent.percent_at(later) < at_setpoint.percent_at(later)


def test_prediction_before_storage_is_the_initial_germination(one_store_lot, stored_on):
    lot = one_store_lot()
    assert lot.percent_at(stored_on - timedelta(days=5)) == pytest.approx(95.0)


def test_curve_for_the_chart_declines_from_initial(one_store_lot, stored_on):
    lot = one_store_lot(temperature_c=20.0)
    curve = lot.curve(stored_on + timedelta(days=3 * 365), points=50)
    percents = [p for _, p in curve]
    assert len(curve) == 50 and curve[0][0] == stored_on
    assert percents[0] == pytest.approx(95.0) and all(np.diff(percents) < 0)


def test_stays_must_be_continuous(kenaf, stored_on):
    stays = [
        Stay("a", stored_on, stored_on + timedelta(days=1), SetPoint(5, 30)),
        Stay("b", stored_on + timedelta(days=2), None, SetPoint(5, 30)),
    ]
    with pytest.raises(ValueError, match="stays must be continuous"):
        build_exposure(stays, {}, stored_on + timedelta(days=3))


def test_overlapping_readings_are_refused():
    series = ClimateSeries.from_arrays(
        start=[19000.0, 19000.5], end=[19001.0, 19001.5], temperature_c=[5, 5], rh_pct=[30, 30]
    )
    start = datetime(2022, 1, 8, tzinfo=UTC)
    with pytest.raises(ValueError, match="overlap"):
        build_exposure(
            [Stay("s", start, None, SetPoint(5, 30))], {"s": series}, start + timedelta(2)
        )


def test_naive_datetimes_are_refused(stored_on):
    naive = datetime(2022, 1, 1)
    with pytest.raises(ValueError, match="timezone-aware"):
        ClimateSeries.from_intervals([ClimateInterval(naive, naive + timedelta(hours=1), 5, 30)])
    with pytest.raises(ValueError, match="timezone-aware"):
        build_exposure([Stay("s", naive, None, SetPoint(5, 30))], {}, stored_on)


def test_intervals_given_as_objects_keep_their_source_flag(kenaf, sealed, stored_on):
    intervals = [
        ClimateInterval(stored_on, stored_on + timedelta(hours=1), 10, 40),
        ClimateInterval(
            stored_on + timedelta(hours=1), stored_on + timedelta(hours=2), 10, 40, "setpoint"
        ),
    ]
    series = ClimateSeries.from_intervals(intervals)
    stays = [Stay("s", stored_on, None, SetPoint(10, 40))]
    exposure = build_exposure(stays, {"s": series}, stored_on + timedelta(hours=2))
    assert list(exposure.measured) == [True, False]


def test_threshold_outside_range_is_refused(one_store_lot):
    with pytest.raises(ValueError, match="threshold"):
        one_store_lot().crossing_date(0)


def test_already_below_threshold_crosses_at_storage_start(one_store_lot, stored_on):
    lot = one_store_lot(initial_pct=70.0)
    assert lot.crossing_date(80.0) == stored_on
    assert probit_to_percent(lot.ki) == pytest.approx(70.0)


def test_lot_just_moved_is_forecast_at_its_new_stores_setpoint(kenaf, sealed, stored_on):
    moved = stored_on + timedelta(days=50)
    stays = [
        Stay("warm", stored_on, moved, SetPoint(25, 30)),
        Stay("cold", moved, None, SetPoint(-18, 15)),
    ]
    lot = forecast(build_exposure(stays, {}, moved), kenaf, sealed, percent_to_probit(95))
    assert lot.forward_rate == pytest.approx(1 / sigma_days(-18, 8, kenaf))


@given(cuts=st.lists(st.integers(1, 30 * 1440 - 1), max_size=40, unique=True))
@settings(max_examples=40, deadline=None)
def test_constant_climate_in_any_interval_pieces_equals_the_closed_form(cuts):
    """However a constant climate is chopped into readings, the loss is p/σ."""
    kenaf = default_constants("kenaf")
    minutes = sorted([0, *cuts, 30 * 1440])  # readings cut at whole minutes
    edges = np.array(minutes) / 1440 + 19000.0  # day numbers from 2022-01-08
    series = ClimateSeries.from_arrays(
        start=edges[:-1],
        end=edges[1:],
        temperature_c=np.full(len(edges) - 1, 22.0),
        rh_pct=np.full(len(edges) - 1, 45.0),
    )
    start = datetime(2022, 1, 8, tzinfo=UTC)
    exposure = build_exposure(
        [Stay("s", start, None, SetPoint(22.0, 45.0))], {"s": series}, start + timedelta(days=30)
    )
    lot = forecast(exposure, kenaf, SealedMoisture(9.0), percent_to_probit(92))
    assert lot.measured_fraction == pytest.approx(1.0)
    assert lot.loss_at(start + timedelta(days=30)) == pytest.approx(
        30 / sigma_days(22.0, 9.0, kenaf), rel=1e-9
    )
