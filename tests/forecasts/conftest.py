"""Factories for the forecast tests: crops, accessions, seed lots with movements and tests.

Lots are created through the accessions services (so movements are recorded as the app
records them); stores are plain locations with set points.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

NOW = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)


@pytest.fixture
def make_location(app) -> Callable[..., object]:
    """A storage location; a room under a store gets the store as parent."""
    from germbank.extensions import db
    from germbank.models import StorageLocation

    def factory(code, *, kind="room", parent=None, temperature=None, rh=None, climate="short_term"):
        location = StorageLocation(
            code=code,
            name=code,
            kind=kind,
            parent=parent,
            climate_class=climate,
            setpoint_temperature=None if temperature is None else Decimal(str(temperature)),
            setpoint_humidity=None if rh is None else Decimal(str(rh)),
        )
        db.session.add(location)
        db.session.flush()
        return location

    return factory


@pytest.fixture
def stores(make_location):
    """A store with a cool room (12 °C / 55 %), a warm room (28 °C / 70 %) and a shelf."""
    store = make_location("S1", kind="store", temperature=12, rh=55)
    cool = make_location("S1-COOL", parent=store)
    warm = make_location("S1-WARM", parent=store, temperature=28, rh=70)
    shelf = make_location("S1-COOL-A", kind="shelf", parent=cool, climate=None)
    cold = make_location("S2", kind="store", temperature=4, rh=35, climate="medium_term")
    return {"store": store, "cool": cool, "warm": warm, "shelf": shelf, "cold": cold}


@pytest.fixture
def make_crop(app):
    """A crop by code (kenaf, hemp ... get the published substitute defaults)."""
    from germbank.extensions import db
    from germbank.models.accessions import Crop

    def factory(code="kenaf", **fields):
        crop = Crop(code=code, name_en=code.capitalize(), **fields)
        db.session.add(crop)
        db.session.flush()
        return crop

    return factory


@pytest.fixture
def make_lot(app, make_crop):
    """A seed lot placed at `placed_at` in `location`, optionally moved and tested.

    moves: [(when, location)]; tests: [(date, percent)] as 4 × 100-seed tests.
    """
    from germbank.accessions.services.germination import record_germination_test
    from germbank.accessions.services.lots import create_lot, move_lot
    from germbank.extensions import db
    from germbank.models.accessions import Accession, Crop

    counter = {"n": 0}
    crops = {}

    def factory(
        location,
        *,
        placed_at=None,
        crop="kenaf",
        initial=90,
        moves=(),
        tests=(),
        seed_count=5000,
        lot_number=None,
    ):
        counter["n"] += 1
        n = counter["n"]
        if crop not in crops:
            found = db.session.scalar(sa.select(Crop).where(Crop.code == crop))
            crops[crop] = found or make_crop(crop)
        accession = Accession(
            instcode="CHN001", accenumb=f"ACC-{n:04d}", genus="Hibiscus", crop=crops[crop]
        )
        db.session.add(accession)
        db.session.flush()
        lot = create_lot(
            accession,
            {
                "kind": "seed",
                "lot_number": lot_number or f"LOT-{n:04d}",
                "location_id": location.id,
                "seed_count": seed_count,
                "initial_germination_pct": None if initial is None else Decimal(str(initial)),
            },
            placed_at=placed_at or NOW - timedelta(days=365),
        )
        for when, target in moves:
            move_lot(lot, target.id, moved_at=when)
        for tested_on, percent in tests:
            normal = round(percent)
            record_germination_test(
                lot,
                {
                    "tested_on": tested_on,
                    "replicates": 4,
                    "seeds_per_replicate": 100,
                    "normal_counts": [normal] * 4,
                },
            )
        db.session.commit()
        return lot

    return factory


class Clock:
    """Moments relative to the hour the tests started (test modules cannot import conftest)."""

    now = NOW

    @staticmethod
    def days_ago(days: float) -> datetime:
        return NOW - timedelta(days=days)

    @staticmethod
    def date_ago(days: int) -> date:
        return (NOW - timedelta(days=days)).date()


@pytest.fixture
def clock() -> Clock:
    """Moments relative to now: ``clock.days_ago(30)``, ``clock.date_ago(30)``."""
    return Clock()


@pytest.fixture
def sensed(app):
    """Hourly air climate "measured" in a location, stored as the sensors feature stores it:
    a temperature/humidity device placed there, with one hourly rollup per hour and metric.

    ``sensed(location, start, end, temperature, rh)`` adds the hours in [start, end);
    ``rh=None`` adds temperature only.
    """
    from germbank.extensions import db
    from germbank.models.sensors import Device, HourlyRollup, Placement, Series

    devices: dict[int, dict[str, int]] = {}

    def series_of(location) -> dict[str, int]:
        if location.id not in devices:
            device = Device(code=f"th-{location.code.lower()}", site="test")
            db.session.add(device)
            db.session.flush()
            db.session.add(
                Placement(
                    device_id=device.id,
                    location_id=location.id,
                    placed_from=datetime(2000, 1, 1, tzinfo=UTC),
                )
            )
            ids = {}
            for metric in ("temperature", "humidity"):
                series = Series(device_id=device.id, metric=metric)
                db.session.add(series)
                db.session.flush()
                ids[metric] = series.id
            devices[location.id] = ids
        return devices[location.id]

    def add(location, start, end, temperature, rh):
        ids = series_of(location)
        first = int(start.timestamp() // 3600)
        hours = range(first, first + int((end - start).total_seconds() // 3600))
        rows = []
        for metric, value in (("temperature", temperature), ("humidity", rh)):
            if value is not None:
                rows += [
                    {
                        "series_id": ids[metric],
                        "hour": hour,
                        "count": 4,
                        "total": 4 * value,
                        "minimum": value,
                        "maximum": value,
                    }
                    for hour in hours
                ]
        db.session.execute(sa.insert(HourlyRollup), rows)
        db.session.commit()

    return add
