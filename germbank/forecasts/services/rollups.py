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
always see the climate the monitoring pages show. A location without readings is "not
sensed" and its forecasts run on set points, flagged as such.
"""

from __future__ import annotations

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


def installed_source():
    """Monitoring's climate source if the app installed one explicitly, else None."""
    from germbank.monitoring.services.sensors_source import SensorsClimateSource
    from germbank.monitoring.services.source import EXTENSION_KEY

    source = current_app.extensions.get(EXTENSION_KEY)
    if source is None or isinstance(source, SensorsClimateSource):
        return None  # the default one reads the sensors tables: read them directly below
    return source


def locations_with_air_sensors() -> set[int]:
    """Ids of locations where a device measuring air humidity was ever placed."""
    source = installed_source()
    if source is not None:
        sensed = source.sensed_locations()
        metrics = source.metrics(sensed) if sensed else {}
        return {k for k, names in metrics.items() if HUMIDITY in names and TEMPERATURE in names}
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
        parts = _from_source(source, location_id, until)
    else:
        parts = _from_rollups(location_id, until)
    hours, temperature, rh = _merge(parts)
    if not len(hours):
        return None
    starts = hours / HOURS_PER_DAY
    return ClimateSeries.from_arrays(
        start=starts,
        end=np.minimum(starts + 1.0 / HOURS_PER_DAY, until.timestamp() / 86_400.0),
        temperature_c=temperature,
        rh_pct=np.clip(rh, 0.0, MAX_RH_PCT),
    )


def _merge(parts: dict[str, np.ndarray]):
    """(hours, temperature, rh) on the union of hours from {metric: rows of hour, count, total}.

    Devices reporting the same hour are averaged weighted by their reading counts.
    """
    means = {}
    for metric in (TEMPERATURE, HUMIDITY):
        rows = parts.get(metric)
        if rows is None or not len(rows):
            means[metric] = (np.empty(0), np.empty(0))
            continue
        hours, inverse = np.unique(rows[:, 0], return_inverse=True)
        counts = np.bincount(inverse, weights=rows[:, 1])
        totals = np.bincount(inverse, weights=rows[:, 2])
        with np.errstate(invalid="ignore", divide="ignore"):
            means[metric] = (hours, np.where(counts > 0, totals / counts, np.nan))
    hours = np.union1d(means[TEMPERATURE][0], means[HUMIDITY][0])
    columns = []
    for metric in (TEMPERATURE, HUMIDITY):
        known, values = means[metric]
        column = np.full(len(hours), np.nan)
        column[np.searchsorted(hours, known)] = values
        columns.append(column)
    return hours, columns[0], columns[1]


def _from_rollups(location_id: int, until: datetime) -> dict[str, np.ndarray]:
    """{metric: rows (hour, count, total)} of the location's air devices while placed there.

    The rows are read through the raw database cursor: a location's three years are some
    50,000 rows per device, and building SQLAlchemy row objects for them would cost more
    than the whole forecast.
    """
    from germbank.models.sensors import HourlyRollup, Placement, Series

    until_hour = math.floor(until.timestamp() / 3600)
    air_devices = sa.select(Series.device_id).where(Series.metric == HUMIDITY)
    placements = db.session.execute(
        sa.select(Placement.device_id, Placement.placed_from, Placement.placed_to).where(
            Placement.location_id == location_id, Placement.device_id.in_(air_devices)
        )
    ).all()
    if not placements:
        return {}
    series = db.session.execute(
        sa.select(Series.id, Series.device_id, Series.metric).where(
            Series.device_id.in_({p.device_id for p in placements}),
            Series.metric.in_((TEMPERATURE, HUMIDITY)),
        )
    ).all()
    connection = db.session.connection()
    statement = sa.select(HourlyRollup.hour, HourlyRollup.count, HourlyRollup.total).where(
        HourlyRollup.series_id == sa.bindparam("series"),
        HourlyRollup.hour >= sa.bindparam("first"),
        HourlyRollup.hour < sa.bindparam("last"),
    )
    compiled = statement.compile(dialect=connection.dialect)
    sql = str(compiled)

    def parameters(values: dict):
        """Bound values in the form this driver's paramstyle wants."""
        if connection.dialect.positional:
            return tuple(values[name] for name in compiled.positiontup)
        return values

    cursor = connection.connection.cursor()
    found: dict[str, list[np.ndarray]] = defaultdict(list)
    try:
        for device_id, placed_from, placed_to in placements:
            first = math.ceil(placed_from.timestamp() / 3600)
            last = until_hour if placed_to is None else math.floor(placed_to.timestamp() / 3600)
            for series_id, owner, metric in series:
                if owner == device_id and min(last, until_hour) > first:
                    bounds = {"series": series_id, "first": first, "last": min(last, until_hour)}
                    cursor.execute(sql, parameters(bounds))
                    rows = cursor.fetchall()
                    if rows:
                        found[metric].append(np.array(rows, dtype=float))
    finally:
        cursor.close()
    return {metric: np.concatenate(chunks) for metric, chunks in found.items()}


def _from_source(source, location_id: int, until: datetime) -> dict[str, np.ndarray]:
    """{metric: rows (hour, count, total)} from a monitoring climate source's hourly means."""
    start = until - timedelta(days=365 * HISTORY_YEARS)
    found = {}
    for metric in (TEMPERATURE, HUMIDITY):
        buckets = source.hourly(location_id, metric, start, until)
        found[metric] = np.array(
            [(math.floor(b.start.timestamp() / 3600), 1.0, b.mean) for b in buckets],
            dtype=float,
        ).reshape(-1, 3)
    return found
