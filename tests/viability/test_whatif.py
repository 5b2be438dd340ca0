"""What-if excursions move crossing dates the right way, and only for lots that were there."""

from datetime import timedelta

import pytest

from germbank.viability.equation import sigma_days
from germbank.viability.moisture import CromartyIsotherm
from germbank.viability.whatif import LotScenario, StoreExcursion, perturbed_forecast, what_if


@pytest.fixture
def lot(one_store_lot):
    return one_store_lot(temperature_c=20.0, days=365, setpoint=(20.0, 40.0))


def test_past_warm_spell_brings_crossing_forward_by_the_exact_amount(lot, stored_on, kenaf):
    excursion = StoreExcursion(
        start=stored_on + timedelta(days=100), days=7, delta_temperature_c=10
    )
    report = what_if([LotScenario("lot-1", lot, 80.0)], excursion, moved_more_than_days=1)
    shift = report.shifts[0]
    extra_loss = 7 * (1 / sigma_days(30, 8, kenaf) - 1 / sigma_days(20, 8, kenaf))
    assert shift.shift_days == pytest.approx(extra_loss * sigma_days(20, 8, kenaf), rel=1e-9)
    assert shift.new_crossing < shift.old_crossing and shift.moved
    assert report.moved_count == 1


def test_cooling_moves_the_crossing_later(lot, stored_on):
    excursion = StoreExcursion(
        start=stored_on + timedelta(days=10), days=30, delta_temperature_c=-8
    )
    shift = what_if([LotScenario("lot", lot, 80.0)], excursion).shifts[0]
    assert shift.new_crossing > shift.old_crossing and shift.shift_days < 0


def test_excursion_in_another_store_does_not_move_the_lot(lot, stored_on):
    excursion = StoreExcursion(
        start=stored_on + timedelta(days=100), days=7, delta_temperature_c=10, location="other"
    )
    shift = what_if([LotScenario("lot", lot, 80.0)], excursion).shifts[0]
    assert shift.shift_days == pytest.approx(0, abs=1e-9) and not shift.moved


def test_future_excursion_beyond_the_history_also_counts(lot):
    excursion = StoreExcursion(
        start=lot.history_end + timedelta(days=30), days=14, delta_temperature_c=6
    )
    shift = what_if([LotScenario("lot", lot, 80.0)], excursion).shifts[0]
    assert shift.shift_days > 0


def test_only_lots_moving_more_than_the_limit_are_counted(one_store_lot, stored_on):
    """10 days at +15 °C: ~102 days earlier for a lot kept at 28 °C, ~42 for one at 2 °C."""
    warm = one_store_lot(temperature_c=28.0, days=365, setpoint=(28.0, 40.0))
    cold = one_store_lot(temperature_c=2.0, days=365, setpoint=(2.0, 40.0))
    excursion = StoreExcursion(
        start=stored_on + timedelta(days=200), days=10, delta_temperature_c=15
    )
    report = what_if(
        [LotScenario("warm", warm, 80.0), LotScenario("cold", cold, 80.0)],
        excursion,
        moved_more_than_days=60,
    )
    by_lot = {s.lot_id: s for s in report.shifts}
    assert by_lot["warm"].moved and by_lot["warm"].shift_days > 60
    assert not by_lot["cold"].moved and 0 < by_lot["cold"].shift_days < 60
    assert report.moved_count == 1


def test_humidity_excursion_hurts_open_seed_but_not_sealed_seed(one_store_lot, stored_on):
    excursion = StoreExcursion(
        start=stored_on + timedelta(days=50), days=20, delta_temperature_c=0, delta_rh_pct=25
    )
    sealed_lot = one_store_lot(temperature_c=20.0, setpoint=(20.0, 40.0))
    open_lot = one_store_lot(
        temperature_c=20.0, setpoint=(20.0, 40.0), moisture_model=CromartyIsotherm(20)
    )
    end = stored_on + timedelta(days=365)
    assert perturbed_forecast(sealed_lot, excursion).percent_at(end) == pytest.approx(
        sealed_lot.percent_at(end)
    )
    assert perturbed_forecast(open_lot, excursion).percent_at(end) < open_lot.percent_at(end)


def test_excursion_must_last():
    with pytest.raises(ValueError, match="positive number of days"):
        StoreExcursion(start=None, days=0, delta_temperature_c=5)
