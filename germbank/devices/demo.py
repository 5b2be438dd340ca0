"""Demo devices: the simulator's devices, described and placed in the demo locations.

Placed 30 days back, so the simulator's backlog (a few days) belongs to the rooms and bays.
Idempotent: a device that exists is left as it is. The CLI commits.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from germbank.extensions import db
from germbank.models import StorageLocation
from germbank.models.sensors import Device, Placement
from germbank.orm import utcnow

NAMES = {
    "store_room": "Temperature/humidity sensor",
    "greenhouse_bay": "Greenhouse climate sensor (T, RH, CO2, light)",
    "soil_probe": "Soil moisture probe",
}


def load() -> None:
    """Create and place the simulator's devices (see sensors.simulator.default_devices)."""
    from sensors.simulator import default_devices

    placed_from = (utcnow() - timedelta(days=30)).replace(minute=0, second=0, microsecond=0)
    locations = {loc.code: loc for loc in db.session.scalars(sa.select(StorageLocation))}
    for spec in default_devices():
        if db.session.scalar(sa.select(Device.id).where(Device.code == spec.device_id)):
            continue
        device = Device(code=spec.device_id, site=spec.site, name=NAMES[spec.kind],
                        interval_s=spec.interval_s, auto_registered=False, notes="")
        db.session.add(device)
        db.session.flush()
        location = locations.get(spec.location or "")
        if location is not None:
            db.session.add(Placement(device_id=device.id, location_id=location.id,
                                     placed_from=placed_from))
    db.session.flush()
