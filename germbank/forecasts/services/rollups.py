"""Reading a location's hourly climate rollups as a numpy series for the viability integral.

Why through monitoring's climate source: the sensors feature stores readings, hourly rollups
and device placements; monitoring already answers "hourly mean of this metric at this place"
from them (:func:`germbank.monitoring.services.source.climate_source`), and a demo or a test
can install another source there. Forecasts therefore read exactly the climate the monitoring
pages show. Without that feature every location is "not sensed" and forecasts run on set
points, flagged as such.

Only places with a humidity sensor count as sensed for seed: a soil probe's temperature
says nothing about the air the seed is in.
"""

from __future__ import annotations

import importlib.util
from datetime import datetime, timedelta

import numpy as np

from germbank.viability.exposure import ClimateSeries

TEMPERATURE = "temperature"
HUMIDITY = "humidity"
# How far back a location's history is read: longer than any seed lot is kept in store.
HISTORY_YEARS = 60
# A sensor reading 100 % RH (saturated air) has no finite equilibrium moisture; such hours
# are taken just below saturation, where the moisture is far outside the equation's range.
MAX_RH_PCT = 99.5


def _source():
    if importlib.util.find_spec("germbank.monitoring.services.source") is None:
        return None
    from germbank.monitoring.services.source import climate_source

    return climate_source()


def locations_with_air_sensors() -> set[int]:
    """Ids of locations where air temperature and humidity were ever measured."""
    source = _source()
    if source is None:
        return set()
    sensed = source.sensed_locations()
    metrics = source.metrics(sensed) if sensed else {}
    return {
        location_id
        for location_id, names in metrics.items()
        if HUMIDITY in names and TEMPERATURE in names
    }


def hourly_climate(location_id: int, *, until: datetime) -> ClimateSeries | None:
    """The location's hourly mean temperature and RH up to `until`, or None without data.

    An hour with only one of the two metrics keeps NaN for the other: the exposure fills it
    from the set point and flags the hour as not measured.
    """
    source = _source()
    if source is None:
        return None
    start = until - timedelta(days=365 * HISTORY_YEARS)
    temperature = {b.start: b.mean for b in source.hourly(location_id, TEMPERATURE, start, until)}
    humidity = {b.start: b.mean for b in source.hourly(location_id, HUMIDITY, start, until)}
    hours = sorted(set(temperature) | set(humidity))
    if not hours:
        return None
    stamps = np.array([hour.timestamp() for hour in hours]) / 86_400.0
    rh = np.array([humidity.get(hour, np.nan) for hour in hours], dtype=float)
    return ClimateSeries.from_arrays(
        start=stamps,
        end=np.minimum(stamps + 1.0 / 24.0, until.timestamp() / 86_400.0),
        temperature_c=np.array([temperature.get(hour, np.nan) for hour in hours], dtype=float),
        rh_pct=np.clip(rh, 0.0, MAX_RH_PCT),
    )
