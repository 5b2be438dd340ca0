"""Factories for viability tests: stores with hourly climate, and lots that live in them."""

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from germbank.viability.constants import default_constants
from germbank.viability.equation import percent_to_probit
from germbank.viability.exposure import ClimateSeries, SetPoint, Stay, build_exposure
from germbank.viability.history import forecast
from germbank.viability.moisture import SealedMoisture

STORED_ON = datetime(2022, 1, 1, tzinfo=UTC)


def _hourly_series(start, hours, temperature_c, rh_pct, *, missing_hours=()):
    """Hourly rollups from `start`; temperature/RH scalars or per-hour arrays."""
    first = np.datetime64(start.replace(tzinfo=None), "s")
    starts = first + np.arange(hours).astype("timedelta64[h]")
    temperature = np.broadcast_to(np.asarray(temperature_c, float), (hours,)).copy()
    rh = np.broadcast_to(np.asarray(rh_pct, float), (hours,)).copy()
    keep = np.ones(hours, bool)
    keep[list(missing_hours)] = False
    return ClimateSeries.from_arrays(
        start=starts[keep],
        end=starts[keep] + np.timedelta64(1, "h"),
        temperature_c=temperature[keep],
        rh_pct=rh[keep],
    )


@pytest.fixture
def stored_on():
    """The day the factory lots went into store."""
    return STORED_ON


@pytest.fixture
def hourly_series():
    """Factory: hourly(start, hours, temperature_c, rh_pct, missing_hours=()) -> ClimateSeries."""
    return _hourly_series


@pytest.fixture
def kenaf():
    return default_constants("kenaf")


@pytest.fixture
def sealed():
    """Seed sealed at 8 % moisture: moisture does not depend on the room."""
    return SealedMoisture(8.0)


@pytest.fixture
def one_store_lot(kenaf, sealed):
    """Forecast of a lot that spent `days` in one store with the given hourly climate."""

    def make(
        temperature_c=10.0,
        rh_pct=40.0,
        *,
        days=365,
        initial_pct=95.0,
        setpoint=(10.0, 40.0),
        missing_hours=(),
        moisture_model=None,
        forward="setpoint",
    ):
        hours = days * 24
        series = _hourly_series(
            STORED_ON, hours, temperature_c, rh_pct, missing_hours=missing_hours
        )
        stays = [Stay("store", STORED_ON, None, SetPoint(*setpoint))]
        exposure = build_exposure(stays, {"store": series}, STORED_ON + timedelta(hours=hours))
        return forecast(
            exposure,
            kenaf,
            moisture_model or sealed,
            percent_to_probit(initial_pct),
            forward=forward,
        )

    return make
