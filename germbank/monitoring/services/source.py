"""Where monitoring reads measured climate from: a :class:`ClimateSource`.

Why a seam: the readings, rollups and placements are stored by the sensors feature; monitoring
only needs five questions answered (raw readings, hourly buckets, latest values, which
metrics a place has, which places were ever sensed). :class:`SensorsClimateSource` answers
them from the sensors tables; :class:`MemoryClimateSource` answers them from lists, for tests
and for trying pages without a broker. An app may install another source with
:func:`use_source`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from flask import current_app

from germbank.monitoring.exposure import HourBucket

EXTENSION_KEY = "monitoring_climate_source"


class ClimateSource(Protocol):
    """The measured climate of locations, whatever device measured it."""

    def raw(
        self, location_id: int, metric: str, start: datetime, end: datetime
    ) -> list[tuple[datetime, float]]:
        """Readings taken at the location in [start, end), in time order."""
        ...

    def hourly(
        self, location_id: int, metric: str, start: datetime, end: datetime
    ) -> list[HourBucket]:
        """Hourly min/max/mean/count at the location for hours starting in [start, end)."""
        ...

    def latest(self, location_ids: set[int]) -> dict[tuple[int, str], tuple[datetime, float]]:
        """The newest reading of each metric of each location."""
        ...

    def metrics(self, location_ids: set[int]) -> dict[int, list[str]]:
        """Metrics measured at each location (by devices placed there now or before)."""
        ...

    def sensed_locations(self) -> set[int]:
        """Locations where a device has ever been placed."""
        ...


@dataclass
class MemoryClimateSource:
    """Readings kept in lists: ``add(location_id, metric, ts, value)``; hourly buckets derived."""

    readings: dict[tuple[int, str], list[tuple[datetime, float]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def add(self, location_id: int, metric: str, ts: datetime, value: float) -> None:
        """Record one reading."""
        self.readings[(location_id, metric)].append((ts, value))

    def extend(self, location_id: int, metric: str, pairs: Iterable[tuple[datetime, float]]):
        """Record many readings."""
        self.readings[(location_id, metric)].extend(pairs)

    def raw(self, location_id, metric, start, end):
        """Readings in [start, end), sorted."""
        rows = self.readings.get((location_id, metric), [])
        return sorted((ts, v) for ts, v in rows if start <= ts < end)

    def hourly(self, location_id, metric, start, end):
        """Hourly buckets computed from the readings."""
        hours: dict[datetime, list[float]] = defaultdict(list)
        for ts, value in self.readings.get((location_id, metric), []):
            hour = ts.replace(minute=0, second=0, microsecond=0)
            if start <= hour < end:
                hours[hour].append(value)
        return [
            HourBucket(hour, min(vs), max(vs), sum(vs) / len(vs), len(vs))
            for hour, vs in sorted(hours.items())
        ]

    def latest(self, location_ids):
        """Newest reading per (location, metric)."""
        found = {}
        for (location_id, metric), rows in self.readings.items():
            if location_id in location_ids and rows:
                found[(location_id, metric)] = max(rows)
        return found

    def metrics(self, location_ids):
        """Metrics with readings per location."""
        found: dict[int, list[str]] = defaultdict(list)
        for (location_id, metric), rows in self.readings.items():
            if location_id in location_ids and rows:
                found[location_id].append(metric)
        return dict(found)

    def sensed_locations(self):
        """Locations with any reading."""
        return {location_id for (location_id, _m), rows in self.readings.items() if rows}


def use_source(app, source: ClimateSource) -> None:
    """Make ``source`` the app's climate source (tests, demos, another storage)."""
    app.extensions[EXTENSION_KEY] = source


def climate_source() -> ClimateSource:
    """The app's climate source: the one installed, else the sensors feature's tables."""
    source = current_app.extensions.get(EXTENSION_KEY)
    if source is None:
        from germbank.monitoring.services.sensors_source import SensorsClimateSource

        source = SensorsClimateSource()
        current_app.extensions[EXTENSION_KEY] = source
    return source

