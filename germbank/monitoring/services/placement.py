"""Where a reading was taken: the location its device was placed in at the reading's time.

The sensors registry keeps placements with from/to times; monitoring asks it through this one
module, so the alarm rules never need to know how devices and series are stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy.orm as so


def locate_readings(session: so.Session, readings: Iterable[Any]) -> list:
    """Readings with their location; readings of a device placed nowhere at ``ts`` are dropped.

    Items that already carry ``location_id`` are kept as they are (tests, replays); items
    with ``device_id`` are placed through the sensors registry.
    """
    from germbank.monitoring.services.evaluation import LocatedReading

    located: list[LocatedReading] = []
    by_device: list[Any] = []
    for reading in readings:
        location_id = getattr(reading, "location_id", None)
        if location_id is not None:
            located.append(
                LocatedReading(
                    location_id=location_id,
                    metric=reading.metric,
                    ts=reading.ts,
                    value=float(reading.value),
                    device_code=getattr(reading, "device_code", "")
                    or getattr(reading, "device_id", "")
                    or "",
                )
            )
        elif getattr(reading, "device_id", None):
            by_device.append(reading)
    if by_device:
        located.extend(_place_by_device(session, by_device))
    return located


def _place_by_device(session: so.Session, readings: list[Any]) -> list:
    """Resolve device readings through the sensors registry's placement history."""
    from germbank.monitoring.services.evaluation import LocatedReading
    from germbank.monitoring.services.registry import placements_for

    placements = placements_for(session, {r.device_id for r in readings})
    located = []
    for reading in readings:
        location_id = placements.location_at(reading.device_id, reading.ts)
        if location_id is None:
            continue
        located.append(
            LocatedReading(
                location_id=location_id,
                metric=reading.metric,
                ts=reading.ts,
                value=float(reading.value),
                device_code=reading.device_id,
            )
        )
    return located
