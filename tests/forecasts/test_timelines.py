"""Shared room timelines give the same forecasts as integrating each lot on its own."""

from __future__ import annotations

import numpy as np
import pytest


def test_shared_timelines_equal_the_lot_by_lot_integration(stores, make_lot, sensed, clock):
    from germbank.forecasts.services.climate import ClimateCache
    from germbank.forecasts.services.lot_forecasts import forecast_lot, forecast_lots

    sensed(stores["cool"], clock.days_ago(300), clock.days_ago(200), 15.0, 60.0)
    sensed(stores["cool"], clock.days_ago(120), clock.days_ago(100), 25.0, 70.0)
    sensed(stores["warm"], clock.days_ago(90), clock.days_ago(60), 30.0, 75.0)
    lots = [
        make_lot(stores["shelf"], placed_at=clock.days_ago(400)),
        make_lot(
            stores["shelf"],
            placed_at=clock.days_ago(250.3),
            moves=[
                (clock.days_ago(110.27), stores["warm"]),
                (clock.days_ago(70.01), stores["cool"]),
            ],
        ),
        make_lot(stores["warm"], placed_at=clock.days_ago(80), crop="flax"),
        make_lot(stores["cold"], placed_at=clock.days_ago(500), tests=[(clock.date_ago(20), 85)]),
    ]

    shared, skipped = forecast_lots(lots, ClimateCache(until=clock.now))

    assert not skipped
    for together in shared:
        alone = forecast_lot(together.lot, ClimateCache(until=clock.now))
        a, b = together.forecast, alone.forecast
        days = np.linspace(a.exposure.start_day - 10, a.exposure.end_day + 400, 57)
        assert a.loss_days(days) == pytest.approx(b.loss_days(days), rel=1e-12, abs=1e-12)
        assert a.ki == pytest.approx(b.ki)
        assert together.crossing == alone.crossing
        assert a.measured_fraction == pytest.approx(b.measured_fraction)
        assert a.setpoint_fill_days == pytest.approx(b.setpoint_fill_days)
        assert len(together.stays) == len(alone.stays)
        for x, y in zip(together.stays, alone.stays, strict=True):
            assert x.summary.location == y.summary.location
            assert x.summary.probit_loss == pytest.approx(y.summary.probit_loss, rel=1e-12)
            assert x.summary.mean_temperature_c == pytest.approx(y.summary.mean_temperature_c)
            assert x.summary.measured_fraction == pytest.approx(y.summary.measured_fraction)
