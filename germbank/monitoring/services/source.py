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
from datetime import datetime, timedelta
from typing import Protocol

from flask import current_app

from germbank.monitoring.exposure import HourBucket
from germbank.monitoring.services.registry import PlacedDevice, PlacementIndex

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

    def placements(self, device_codes: set[str]) -> PlacementIndex:
        """Placement history of the named devices."""
        ...

    def devices(self) -> list[PlacedDevice]:
        """Devices placed somewhere now, with interval and last-seen time."""
        ...


@dataclass
class MemoryClimateSource:
    """Readings kept in lists: ``add(location_id, metric, ts, value)``; hourly buckets derived."""

    readings: dict[tuple[int, str], list[tuple[datetime, float]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    placed: dict[str, list[tuple[datetime, datetime | None, int]]] = field(default_factory=dict)
    device_info: dict[str, tuple[timedelta, datetime | None]] = field(default_factory=dict)

    def place(
        self, device: str, location_id: int, start: datetime, end: datetime | None = None,
        interval: timedelta = timedelta(minutes=1), last_seen: datetime | None = None,
    ) -> None:
        """Record that ``device`` hung at ``location_id`` from ``start`` (until ``end``)."""
        self.placed.setdefault(device, []).append((start, end, location_id))
        self.placed[device].sort(key=lambda span: span[0])
        self.device_info[device] = (interval, last_seen)

    def seen(self, device: str, last_seen: datetime) -> None:
        """Update a device's last-seen time."""
        interval, _old = self.device_info[device]
        self.device_info[device] = (interval, last_seen)

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
        """Locations with any reading or placement."""
        found = {location_id for (location_id, _m), rows in self.readings.items() if rows}
        return found | {loc for spans in self.placed.values() for _s, _e, loc in spans}

    def placements(self, device_codes):
        """Placement spans of the named devices."""
        return PlacementIndex({d: self.placed[d] for d in device_codes if d in self.placed})

    def devices(self):
        """Devices whose latest placement is still open."""
        found = []
        for device, spans in self.placed.items():
            start, end, location_id = spans[-1]
            if end is None:
                interval, last_seen = self.device_info[device]
                found.append(PlacedDevice(device, location_id, interval, last_seen))
        return found


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

