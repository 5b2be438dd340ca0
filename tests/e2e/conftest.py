"""Helpers for the browser flows: console watching and demo data in the live server's database.

The browser fixtures themselves (``live_server``, ``page``, ``browser_login``, ``chromium``)
live in ``tests/conftest.py``; this file adds what several flows need on top of them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture
def console_errors(page) -> list[str]:
    """Everything the browser reports as broken while the test runs.

    Console errors (a Content-Security-Policy violation is one), uncaught script errors, and
    sub-resources (scripts, styles, JSON) the server answered with 4xx/5xx. Page navigations
    are left out: a form answering 400 with its errors is a page a person reads, not a fault.
    The test asserts the list is empty at its end.
    """
    errors: list[str] = []

    def on_console(message) -> None:
        if message.type == "error":
            errors.append(f"console: {message.text} ({message.location.get('url', '')})")

    def on_response(response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            errors.append(f"HTTP {response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"script: {error}"))
    page.on("response", on_response)
    return errors


@pytest.fixture(scope="session")
def migrated_sqlite(migrated_sqlite: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """For the browser flows, the SQLite template also holds the demo data.

    Loading the demo takes seconds; doing it once per session instead of once per test keeps
    each flow well under its time budget. ``demo_data`` still loads it (a cheap no-op here),
    which is what fills a PostgreSQL test database.
    """
    from germbank import create_app
    from germbank.demo import load_all
    from germbank.extensions import db

    path = tmp_path_factory.mktemp("e2e-template") / "demo.db"
    shutil.copyfile(migrated_sqlite, path)
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{path}"})
    with app.app_context():
        load_all()
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return path


@pytest.fixture
def demo_data(app) -> None:
    """The demo's people, places, accessions, devices, alarms and project, committed.

    The live server shares the test database, so what is committed here is what the browser
    sees. Loaded before the browser acts; idempotent, so a template that has it already
    costs almost nothing.
    """
    from germbank.demo import load_all
    from germbank.extensions import db

    load_all()
    db.session.commit()

TELEMETRY_TOPIC = "germbank/v1/yuanjiang/{}/telemetry"


@pytest.fixture
def ingest(app):
    """Store telemetry through the product's own ingest path, as the MQTT subscriber does.

    ``ingest(device, [(taken_at, {"humidity": 55.0, ...}), ...])`` hands one message per
    sample to ``sensors.ingest.DatabaseSink``, which commits the readings and rollups and then
    lets monitoring evaluate them for alarms. Returns the sink's counts.
    """
    import json

    from germbank.orm import utcnow
    from sensors.ingest import DatabaseSink
    from sensors.sink import ReceivedMessage

    sink = DatabaseSink(app, client_id="e2e-ingest")

    def store(device: str, samples):
        topic = TELEMETRY_TOPIC.format(device)
        batch = [
            ReceivedMessage(
                topic,
                json.dumps({"ts": taken_at.isoformat(), "values": values}).encode(),
                utcnow(),
                mid,
            )
            for mid, (taken_at, values) in enumerate(samples, start=1)
        ]
        result = sink.store(batch)
        assert result.rejected == 0, result
        return result

    return store
