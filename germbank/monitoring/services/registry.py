"""Monitoring's one window onto the sensors registry: devices, placements, last-seen times.

Everything monitoring needs from the sensors domain goes through these functions, so a
change in how devices are stored touches only this module.
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
    """Placement history of the named devices."""
    return PlacementIndex()


def placed_devices(session: so.Session) -> list[PlacedDevice]:
    """Devices placed somewhere now."""
    return []
