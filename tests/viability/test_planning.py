"""Planning: thresholds, prediction-driven next tests, and "due within N months"."""

from datetime import UTC, date, datetime, timedelta

import pytest

from germbank.viability.planning import (
    add_months,
    months_until_crossing,
    next_test_date,
    predicted_below_within,
    regeneration_threshold_pct,
)


def test_regeneration_threshold_is_85_percent_of_initial():
    assert regeneration_threshold_pct(90) == pytest.approx(76.5)
    with pytest.raises(ValueError, match="initial germination"):
        regeneration_threshold_pct(0)


def test_badly_stored_lot_is_tested_before_the_standard_interval(one_store_lot, stored_on):
    lot = one_store_lot(temperature_c=30.0, days=30, setpoint=(30.0, 40.0))
    plan = next_test_date(
        lot, threshold_pct=80.75, last_test_on=stored_on, standard_interval_days=5 * 365
    )
    assert plan.driven_by == "prediction"
    assert plan.due_on < stored_on + timedelta(days=5 * 365)
    assert plan.predicted_pct == pytest.approx(85.75, abs=1e-3)


def test_well_stored_lot_keeps_the_standard_interval(one_store_lot, stored_on):
    lot = one_store_lot(temperature_c=-18.0, days=30, setpoint=(-18.0, 15.0))
    plan = next_test_date(
        lot, threshold_pct=80.75, last_test_on=stored_on, standard_interval_days=10 * 365
    )
    assert plan.driven_by == "standard_interval"
    assert plan.due_on == stored_on + timedelta(days=10 * 365)


def test_lot_already_past_the_margin_is_due_at_once(one_store_lot, stored_on):
    lot = one_store_lot(temperature_c=30.0, days=30, setpoint=(30.0, 40.0), initial_pct=84.0)
    last = stored_on + timedelta(days=10)
    plan = next_test_date(lot, threshold_pct=80.0, last_test_on=last, standard_interval_days=365)
    assert plan.due_on == last and plan.driven_by == "prediction"


def test_below_within_months(one_store_lot, stored_on):
    lot = one_store_lot(temperature_c=30.0, days=30, setpoint=(30.0, 40.0))
    months = months_until_crossing(lot, threshold_pct=80.75, today=stored_on)
    assert months > 1
    assert predicted_below_within(lot, threshold_pct=80.75, today=stored_on, months=int(months) + 1)
    assert not predicted_below_within(
        lot, threshold_pct=80.75, today=stored_on, months=int(months) - 1
    )


def test_calendar_months():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(datetime(2023, 11, 15, tzinfo=UTC), 3) == datetime(2024, 2, 15, tzinfo=UTC)
