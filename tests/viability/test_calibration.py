"""Calibration: predictions against tests, and fits that recover known Ki and KE."""

from datetime import timedelta

import numpy as np
import pytest

from germbank.viability.calibration import (
    CalibrationError,
    GerminationResult,
    compare,
    fit_crop_ke,
    fit_ki,
    fit_ki_and_ke,
    rescaled_for_ke,
)
from germbank.viability.equation import percent_to_probit, probit_to_percent


@pytest.fixture
def warm_lot(one_store_lot):
    """Three years at 25 °C with a hot month (35 °C) in the second year: ageing varies."""
    hours = 3 * 365 * 24
    temperature = np.full(hours, 25.0)
    temperature[400 * 24 : 430 * 24] = 35.0
    return one_store_lot(temperature_c=temperature, days=3 * 365, setpoint=(25.0, 40.0))


def synthetic_tests(forecast, stored_on, *, ki, ke, days=(0, 200, 450, 700, 1000)):
    """Exact test results a lot with the given true Ki and KE would have produced."""
    truth = rescaled_for_ke(forecast, ke).with_ki(ki)
    return [
        GerminationResult(
            stored_on + timedelta(days=d), truth.percent_at(stored_on + timedelta(days=d))
        )
        for d in days
    ]


def test_compare_reports_error_in_points_and_probits(warm_lot, stored_on):
    when = stored_on + timedelta(days=365)
    predicted = warm_lot.percent_at(when)
    error = compare(warm_lot, GerminationResult(when, predicted - 10))
    assert error.predicted_pct == pytest.approx(predicted)
    assert error.error_pct_points == pytest.approx(-10)
    assert error.error_probit < 0


def test_fit_ki_recovers_the_initial_viability(warm_lot, stored_on):
    true_ki = percent_to_probit(91.0)
    tests = synthetic_tests(warm_lot, stored_on, ki=true_ki, ke=warm_lot.constants.ke)
    fit = fit_ki(warm_lot, tests)
    assert fit.ki == pytest.approx(true_ki, abs=1e-9)
    assert fit.initial_pct == pytest.approx(91.0, abs=1e-7)
    assert fit.rmse_pct == pytest.approx(0, abs=1e-7) and fit.r_squared == pytest.approx(1)
    assert fit.ke is None and fit.n_tests == 5


def test_single_late_test_back_calculates_ki(warm_lot, stored_on):
    """An initial test made after a year in store still gives the lot's Ki at storage."""
    when = stored_on + timedelta(days=365)
    fit = fit_ki(warm_lot, [GerminationResult(when, 88.0)])
    assert fit.ki == pytest.approx(percent_to_probit(88.0) + warm_lot.loss_at(when))
    assert fit.r_squared is None


def test_fit_ki_and_ke_recovers_both(warm_lot, stored_on):
    true_ki, true_ke = percent_to_probit(93.0), warm_lot.constants.ke - 0.3
    tests = synthetic_tests(warm_lot, stored_on, ki=true_ki, ke=true_ke)
    fit = fit_ki_and_ke(warm_lot, tests)
    assert fit.ke == pytest.approx(true_ke, abs=1e-7)
    assert fit.ki == pytest.approx(true_ki, abs=1e-7)
    assert fit.rmse_probit == pytest.approx(0, abs=1e-7)


def test_fit_ki_and_ke_with_noisy_tests_reports_quality(warm_lot, stored_on):
    true_ki, true_ke = percent_to_probit(93.0), warm_lot.constants.ke - 0.3
    tests = synthetic_tests(warm_lot, stored_on, ki=true_ki, ke=true_ke)
    noise = [1.5, -2.0, 0.5, 2.0, -1.0]
    noisy = [
        GerminationResult(t.tested_on, t.germination_pct + n)
        for t, n in zip(tests, noise, strict=True)
    ]
    fit = fit_ki_and_ke(warm_lot, noisy)
    assert fit.ke == pytest.approx(true_ke, abs=0.15)
    assert 0.5 < fit.rmse_pct < 3 and 0.8 < fit.r_squared < 1


def test_ke_needs_three_tests(warm_lot, stored_on):
    tests = synthetic_tests(warm_lot, stored_on, ki=1.5, ke=9.0, days=(0, 900))
    with pytest.raises(CalibrationError, match="at least 3 tests"):
        fit_ki_and_ke(warm_lot, tests)


def test_ke_needs_tests_spanning_enough_ageing(warm_lot, stored_on):
    tests = synthetic_tests(warm_lot, stored_on, ki=1.5, ke=9.0, days=(0, 5, 10))
    with pytest.raises(CalibrationError, match="span only"):
        fit_ki_and_ke(warm_lot, tests)


def test_ke_refused_when_germination_rises(warm_lot, stored_on):
    tests = [
        GerminationResult(stored_on + timedelta(days=d), p)
        for d, p in [(0, 80), (500, 88), (1000, 93)]
    ]
    with pytest.raises(CalibrationError, match="do not decline"):
        fit_ki_and_ke(warm_lot, tests)


def test_zero_or_full_germination_needs_seed_count(warm_lot, stored_on):
    with pytest.raises(ValueError, match="seeds_tested"):
        fit_ki(warm_lot, [GerminationResult(stored_on, 100.0)])
    fit = fit_ki(warm_lot, [GerminationResult(stored_on, 100.0, seeds_tested=100)])
    assert probit_to_percent(fit.ki) == pytest.approx(99.75)


def test_crop_ke_pools_lots_with_their_own_ki(one_store_lot, stored_on):
    hot = one_store_lot(temperature_c=28.0, days=3 * 365, setpoint=(28.0, 40.0))
    mild = one_store_lot(temperature_c=20.0, days=3 * 365, setpoint=(20.0, 40.0))
    true_ke = hot.constants.ke + 0.2
    kis = (percent_to_probit(95), percent_to_probit(88))
    lots = [
        (hot, synthetic_tests(hot, stored_on, ki=kis[0], ke=true_ke, days=(0, 500, 1000))),
        (mild, synthetic_tests(mild, stored_on, ki=kis[1], ke=true_ke, days=(100, 900))),
    ]
    crop = fit_crop_ke(lots)
    assert crop.ke == pytest.approx(true_ke, abs=1e-7)
    assert crop.lot_kis == pytest.approx(kis, abs=1e-7)
    assert crop.n_tests == 5


def test_crop_ke_needs_more_tests_than_lots(one_store_lot, stored_on):
    lot = one_store_lot(temperature_c=28.0, days=400, setpoint=(28.0, 40.0))
    with pytest.raises(CalibrationError, match="need at least 3 tests"):
        fit_crop_ke(
            [
                (
                    lot,
                    [
                        GerminationResult(stored_on, 90.0),
                        GerminationResult(stored_on + timedelta(300), 85.0),
                    ],
                )
            ]
        )
