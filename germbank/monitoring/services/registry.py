"""Devices and their placements, as monitoring needs them: where a device was at a time, and
which devices are placed now with their reporting interval and last-seen time.

The answers come from the app's climate source (:mod:`germbank.monitoring.services.source`),
so a change in how the sensors feature stores devices touches only that source.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy.orm as so


@dataclass(frozen=True, slots=True)
class PlacedDevice:
    """A device mounted at a location now, with what the offline rule needs."""

    code: str
    location_id: int
    interval: timedelta
    last_seen: datetime | None
    metrics: tuple[str, ...] = ()


@dataclass(slots=True)
class PlacementIndex:
    """Placement history of some devices, to answer "where was device D at time t?"."""

    spans: dict[str, list[tuple[datetime, datetime | None, int]]] = field(default_factory=dict)

    def location_at(self, device_code: str, ts: datetime) -> int | None:
        """The location the device was placed in at ``ts`` (from inclusive, to exclusive)."""
        spans = self.spans.get(device_code)
        if not spans:
            return None
        starts = [start for start, _end, _loc in spans]
        index = bisect.bisect_right(starts, ts) - 1
        if index < 0:
            return None
        _start, end, location_id = spans[index]
        if end is not None and ts >= end:
            return None
        return location_id


def placements_for(session: so.Session, device_codes: set[str]) -> PlacementIndex:
    """Placement history of the named devices (from the app's climate source)."""
    from germbank.monitoring.services.source import climate_source

    return climate_source().placements(device_codes)


def placed_devices(session: so.Session) -> list[PlacedDevice]:
    """Devices placed somewhere now (from the app's climate source)."""
    from germbank.monitoring.services.source import climate_source

    return climate_source().devices()
