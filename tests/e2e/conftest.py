"""Helpers for the browser flows: console watching and demo data in the live server's database.

The browser fixtures themselves (``live_server``, ``page``, ``browser_login``, ``chromium``)
live in ``tests/conftest.py``; this file adds what several flows need on top of them. The
flows start from the demo data, which takes seconds to load, so each backend loads it once
per session into a template (a SQLite file; a PostgreSQL template database) that every test
copies.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

PG_URL = os.environ.get("GERMBANK_TEST_DATABASE_URL", "").strip()
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
_copies = itertools.count(1)


def _load_demo(url: str) -> None:
    """Load and commit the demo data into the database at ``url``."""
    from germbank import create_app
    from germbank.demo import load_all
    from germbank.extensions import db

    app = create_app({"TESTING": True, "DATABASE_URL": url})
    with app.app_context():
        load_all()
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


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
    """For the browser flows, the SQLite template also holds the demo data."""
    path = tmp_path_factory.mktemp("e2e-template") / "demo.db"
    shutil.copyfile(migrated_sqlite, path)
    _load_demo(f"sqlite:///{path}")
    return path


def _server_engine(url: sa.URL) -> sa.Engine:
    """A connection to the maintenance database: CREATE/DROP DATABASE run outside ``url``."""
    return sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def demo_postgresql_template(migrated_postgresql: str) -> Iterator[sa.URL]:
    """A PostgreSQL template database: migrated (copied from the test database) plus demo."""
    url = sa.make_url(migrated_postgresql)
    template = url.set(database=f"{url.database}_e2e_demo")
    server = _server_engine(url)
    with server.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{template.database}"'))
        connection.execute(sa.text(
            f'CREATE DATABASE "{template.database}" TEMPLATE "{url.database}"'
        ))
    _load_demo(template.render_as_string(hide_password=False))
    yield template
    with server.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{template.database}" WITH (FORCE)'))
    server.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Like the suite's ``database_url``, but every backend starts with the demo data.

    SQLite copies the demo template file; PostgreSQL creates a database from the demo
    template database and drops it afterwards.
    """
    if request.param == "sqlite":
        path = tmp_path / "germbank.db"
        shutil.copyfile(request.getfixturevalue("migrated_sqlite"), path)
        yield f"sqlite:///{path}"
        return
    template = request.getfixturevalue("demo_postgresql_template")
    copy = template.set(database=f"{template.database}_{next(_copies)}")
    server = _server_engine(template)
    with server.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{copy.database}" WITH (FORCE)'))
        connection.execute(sa.text(
            f'CREATE DATABASE "{copy.database}" TEMPLATE "{template.database}"'
        ))
    yield copy.render_as_string(hide_password=False)
    with server.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{copy.database}" WITH (FORCE)'))
    server.dispose()


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
