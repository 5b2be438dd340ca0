"""Factories for monitoring tests: locations with thresholds, readings fed to the alarm rules."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

T0 = datetime(2026, 7, 1, 0, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    """A time ``minutes`` after the tests' reference instant."""
    return T0 + timedelta(minutes=minutes)


@pytest.fixture(name="at")
def at_fixture():
    """``at(minutes)``: a time that many minutes after the tests' reference instant."""
    return at


@pytest.fixture
def make_location(app):
    """Create a storage location (a room of a store by default) and return it."""
    from germbank.extensions import db
    from germbank.models import StorageLocation

    def factory(code="ST1-R1", climate_class="short_term", kind="room", parent=None, **fields):
        location = StorageLocation(
            code=code,
            name=fields.pop("name", f"Room {code}"),
            name_zh=fields.pop("name_zh", f"房间 {code}"),
            kind=kind,
            climate_class=climate_class,
            parent=parent,
            setpoint_temperature=Decimal(12),
            **fields,
        )
        db.session.add(location)
        db.session.commit()
        return location

    return factory


@pytest.fixture
def watched_room(make_location):
    """A short-term room with the standards' default thresholds (RH 40-60 %, 10-15 °C)."""
    from germbank.extensions import db
    from germbank.monitoring.services.thresholds import apply_defaults

    room = make_location("ST1-R1", "short_term")
    apply_defaults(room)
    db.session.commit()
    return room


@pytest.fixture
def feed(app):
    """Evaluate readings ``[(minutes, value), ...]`` of one metric at a location, committing."""
    from germbank.monitoring.hooks import after_ingest_commit
    from germbank.monitoring.services.evaluation import LocatedReading

    def run(location, metric, pairs, device="th-test-01"):
        readings = [
            LocatedReading(location.id, metric, at(minutes), value, device)
            for minutes, value in pairs
        ]
        result = after_ingest_commit(readings)
        assert result is not None, "evaluation failed (see the log)"
        return result

    return run


@pytest.fixture
def logs(caplog):
    """caplog, with monitoring's loggers re-enabled (Alembic's fileConfig disables them)."""
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("germbank.monitoring"):
            logging.getLogger(name).disabled = False
    return caplog


@pytest.fixture
def climate(app):
    """An in-memory climate source installed in the app: ``climate.add(loc_id, metric, ts, v)``."""
    from germbank.monitoring.services.source import MemoryClimateSource, use_source

    source = MemoryClimateSource()
    use_source(app, source)
    return source
