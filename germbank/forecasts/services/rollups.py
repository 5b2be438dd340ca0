"""Reading a location's hourly climate rollups as a numpy series for the viability integral.

Why here: the viability integral needs, per location, one mean air temperature and humidity
per hour for years of history, as numpy arrays. The sensors feature keeps per-series hourly
rollups (count, total, min, max; ``hour`` in epoch hours) and device placements with from/to
times; this module asks for a location's rollups in one query per location, attributing each
hour to the location only while the device was placed there, and averaging devices weighted
by their reading counts.

Only devices that measure humidity count: a soil probe's temperature says nothing about the
air around the seed. Hours at the edges of a placement (the device arrived or left within
the hour) are left out; set points fill them, flagged as such.

When an app installs its own monitoring climate source (tests, demos, another storage; see
:func:`germbank.monitoring.services.source.use_source`), forecasts read that instead, so they
always see the climate the monitoring pages show. Without either, every location is "not
sensed" and forecasts run on set points, flagged as such.
"""

from __future__ import annotations

import importlib.util
import math
from collections import defaultdict
from datetime import datetime, timedelta

import numpy as np
import sqlalchemy as sa
from flask import current_app

from germbank.extensions import db
from germbank.viability.exposure import ClimateSeries

TEMPERATURE = "temperature"
HUMIDITY = "humidity"
# How far back an installed source is asked: longer than any seed lot is kept in store.
HISTORY_YEARS = 60
# A sensor reading 100 % RH (saturated air) has no finite equilibrium moisture; such hours
# are taken just below saturation, where the moisture is far outside the equation's range.
MAX_RH_PCT = 99.5
HOURS_PER_DAY = 24.0


def _has_module(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def installed_source():
    """Monitoring's climate source if the app installed one explicitly, else None."""
    if not _has_module("germbank.monitoring.services.source"):
        return None
    from germbank.monitoring.services.source import EXTENSION_KEY

    source = current_app.extensions.get(EXTENSION_KEY)
    if source is None or type(source).__name__ == "SensorsClimateSource":
        return None  # the default one reads the sensors tables: read them directly below
    return source


def sensors_available() -> bool:
    """True when the sensors feature's tables are part of this checkout."""
    return _has_module("germbank.models.sensors")


def locations_with_air_sensors() -> set[int]:
    """Ids of locations where a device measuring air humidity was ever placed."""
    source = installed_source()
    if source is not None:
        sensed = source.sensed_locations()
        metrics = source.metrics(sensed) if sensed else {}
        return {k for k, names in metrics.items() if HUMIDITY in names and TEMPERATURE in names}
    if not sensors_available():
        return set()
    from germbank.models.sensors import Placement, Series

    query = (
        sa.select(Placement.location_id)
        .join(Series, Series.device_id == Placement.device_id)
        .where(Series.metric == HUMIDITY)
        .distinct()
    )
    return set(db.session.scalars(query))


def hourly_climate(location_id: int, *, until: datetime) -> ClimateSeries | None:
    """The location's hourly mean temperature and RH up to `until`, or None without data.

    An hour with only one of the two metrics keeps NaN for the other: the exposure fills it
    from the set point and flags the hour as not measured.
    """
    source = installed_source()
    if source is not None:
        hours = _hours_from_source(source, location_id, until)
    elif sensors_available():
        hours = _hours_from_rollups(location_id, until)
    else:
        return None
    if not hours:
        return None
    epoch_hours = np.array(sorted(hours), dtype=float)
    values = np.array([hours[int(h)] for h in epoch_hours], dtype=float).reshape(-1, 2)
    starts = epoch_hours / HOURS_PER_DAY
    until_day = until.timestamp() / 86_400.0
    return ClimateSeries.from_arrays(
        start=starts,
        end=np.minimum(starts + 1.0 / HOURS_PER_DAY, until_day),
        temperature_c=values[:, 0],
        rh_pct=np.clip(values[:, 1], 0.0, MAX_RH_PCT),
    )


def _hours_from_rollups(location_id: int, until: datetime) -> dict[int, list[float]]:
    """{epoch hour: [temperature, rh]} from the sensors tables (NaN where a metric is missing)."""
    from germbank.models.sensors import HourlyRollup, Placement, Series

    until_hour = math.floor(until.timestamp() / 3600)
    air_devices = sa.select(Series.device_id).where(Series.metric == HUMIDITY)
    placements = db.session.execute(
        sa.select(Placement.device_id, Placement.placed_from, Placement.placed_to).where(
            Placement.location_id == location_id, Placement.device_id.in_(air_devices)
        )
    ).all()
    windows = []
    for device_id, placed_from, placed_to in placements:
        first = math.ceil(placed_from.timestamp() / 3600)
        last = until_hour if placed_to is None else math.floor(placed_to.timestamp() / 3600)
        if last > first:
            windows.append(
                sa.and_(
                    Series.device_id == device_id,
                    HourlyRollup.hour >= first,
                    HourlyRollup.hour < min(last, until_hour),
                )
            )
    if not windows:
        return {}
    rows = db.session.execute(
        sa.select(
            HourlyRollup.hour,
            Series.metric,
            sa.func.sum(HourlyRollup.total),
            sa.func.sum(HourlyRollup.count),
        )
        .join(Series, Series.id == HourlyRollup.series_id)
        .where(Series.metric.in_((TEMPERATURE, HUMIDITY)), sa.or_(*windows))
        .group_by(HourlyRollup.hour, Series.metric)
    )
    hours: dict[int, list[float]] = defaultdict(lambda: [math.nan, math.nan])
    for hour, metric, total, count in rows:
        if count:
            hours[int(hour)][0 if metric == TEMPERATURE else 1] = float(total) / float(count)
    return hours


def _hours_from_source(source, location_id: int, until: datetime) -> dict[int, list[float]]:
    """{epoch hour: [temperature, rh]} from a monitoring climate source's hourly buckets."""
    start = until - timedelta(days=365 * HISTORY_YEARS)
    hours: dict[int, list[float]] = defaultdict(lambda: [math.nan, math.nan])
    for column, metric in enumerate((TEMPERATURE, HUMIDITY)):
        for bucket in source.hourly(location_id, metric, start, until):
            hours[math.floor(bucket.start.timestamp() / 3600)][column] = bucket.mean
    return hours
