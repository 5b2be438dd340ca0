"""Fixtures for the fault-injection tests: a private Mosquitto, a private PostgreSQL cluster,
a SQLite file at head, the real subscriber with the real database sink, and row counting.

Everything here is a real part (broker, subscriber, sink, database servers); only the faults are
injected: another connection holding SQLite's write lock, `pg_ctl stop -m fast`.
"""

from __future__ import annotations

import itertools
import logging
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from germbank import create_app
from sensors.broker import MosquittoBroker, mosquitto_available
from sensors.client import Subscriber
from sensors.config import SubscriberConfig
from sensors.ingest import DatabaseSink
from sensors.publisher import BulkPlan
from tests.reliability import pg_cluster

SQLITE_BUSY_TIMEOUT_MS = 1_000  # short, so a lock "several seconds longer" stays quick
_database_numbers = itertools.count(1)


def pytest_collection_modifyitems(config, items) -> None:
    """Skip broker tests cleanly on a machine without Mosquitto."""
    if mosquitto_available():
        return
    skip = pytest.mark.skip(reason="mosquitto is not installed")
    for item in items:
        if "mqtt" in item.keywords and "reliability" in str(item.fspath):
            item.add_marker(skip)


def wait_for(predicate: Callable[[], bool], timeout: float = 60.0, what: str = "",
             interval: float = 0.05) -> float:
    """Poll `predicate` until it holds and return the seconds it took; fail after `timeout`.

    Timeouts are generous on purpose (a loaded 2-core machine): they bound a hang, they do not
    measure speed.
    """
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return time.monotonic() - started
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what or predicate}")


@pytest.fixture
def broker(tmp_path) -> Iterator[MosquittoBroker]:
    """A Mosquitto of our own on a free port, with persistence in tmp_path."""
    with MosquittoBroker(data_dir=tmp_path / "broker") as running:
        yield running


# --- SQLite --------------------------------------------------------------------------------


@pytest.fixture
def sqlite_path(migrated_sqlite: Path, tmp_path: Path) -> Path:
    """A SQLite file at the latest migration (a copy of the session's template)."""
    path = tmp_path / "germbank.db"
    shutil.copyfile(migrated_sqlite, path)
    return path


class WriteLock:
    """Another process's view of the database: a connection that holds SQLite's write lock.

    `BEGIN IMMEDIATE` takes the RESERVED lock (in WAL mode the same as EXCLUSIVE): every other
    writer waits its busy timeout and then fails with "database is locked"; readers go on.
    `exclusive_mode=True` also sets `locking_mode=EXCLUSIVE`, which shuts readers out too
    (as a maintenance tool opening the file exclusively would).
    """

    def __init__(self, path: Path, *, exclusive_mode: bool = False) -> None:
        self.connection = sqlite3.connect(path, timeout=10, isolation_level=None,
                                          check_same_thread=False)
        if exclusive_mode:
            self.connection.execute("PRAGMA locking_mode=EXCLUSIVE")
        self.taken_at: float | None = None

    def __enter__(self) -> WriteLock:
        self.connection.execute("BEGIN IMMEDIATE")
        self.taken_at = time.monotonic()
        return self

    def release(self) -> None:
        """Roll back and close (exclusive locking mode keeps its lock until the close)."""
        if self.connection is not None:
            self.connection.execute("ROLLBACK")
            self.connection.close()
            self.connection = None

    def __exit__(self, *exc_info) -> None:
        self.release()


@pytest.fixture
def sqlite_app(sqlite_path: Path):
    """A GermBank app on the SQLite file, with a short busy timeout."""
    application = create_app({
        "TESTING": True, "DATABASE_URL": f"sqlite:///{sqlite_path}", "SECRET_KEY": "reliability",
        "SQLITE_BUSY_TIMEOUT_MS": SQLITE_BUSY_TIMEOUT_MS,
    })
    yield application
    from germbank.extensions import db

    with application.app_context():
        db.session.remove()
        db.engine.dispose()


# --- The subscriber in this process ----------------------------------------------------------


@pytest.fixture
def start_ingest(broker) -> Iterator[Callable[..., Subscriber]]:
    """Start the real subscriber + DatabaseSink on `app` in this process; stopped at teardown.

    Retry timing is the product's default (0.5 s doubling); only the cap is lowered so a test
    never waits 30 s for the next attempt after the fault ends.
    """
    started: list[Subscriber] = []
    # Alembic's fileConfig (migrations/env.py) disables loggers that existed before a migration
    # ran in this process; the retry log is part of what these tests check.
    for name in ("sensors", "sensors.client", "sensors.ingest"):
        logging.getLogger(name).disabled = False

    def start(app, *, client_id: str = "germbank-reliability", **settings) -> Subscriber:
        defaults = {"host": broker.host, "port": broker.port, "client_id": client_id,
                    "retry_max": 4.0, "drain_timeout": 5.0}
        config = SubscriberConfig(**{**defaults, **settings})
        sink = DatabaseSink(app, client_id=client_id)
        subscriber = Subscriber(config, sink)
        sink.subscriber_stats = subscriber.stats
        subscriber.start()
        started.append(subscriber)
        assert subscriber.wait_subscribed(30), "subscriber did not connect and subscribe"
        return subscriber

    yield start
    for subscriber in started:
        try:
            subscriber.stop(timeout=5)
        except Exception:  # noqa: BLE001 - teardown of an already aborted subscriber
            pass


# --- Counting what was stored ----------------------------------------------------------------

STORED_KEYS_SQL = (
    "SELECT d.code, s.metric, r.ts FROM sensor_readings r "
    "JOIN sensor_series s ON s.id = r.series_id JOIN sensor_devices d ON d.id = s.device_id"
)


def sqlite_query(path: Path, sql: str) -> list[tuple]:
    """Run a read on its own connection (WAL: never blocked by a writer's lock)."""
    connection = sqlite3.connect(path, timeout=60)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def sa_query(url: str, sql: str) -> list[tuple]:
    """Run a read through a throw-away SQLAlchemy engine (PostgreSQL)."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(sa.text(sql))]
    finally:
        engine.dispose()


def expected_keys(plan: BulkPlan) -> set[tuple[str, str, int]]:
    """The (device, metric, ts ms) keys a plan publishes."""
    return {(device, metric, int(ts.timestamp() * 1000))
            for device, metric, ts in plan.expected_keys()}


def assert_stored_exactly_once(rows: list[tuple], plan: BulkPlan, totals: dict) -> None:
    """Every published reading stored once; rollups and counters agree with the rows.

    `totals`: {"rollup_count": sum of hourly rollup counts, "counter_stored": the ingest
    counter's stored total}. The primary key already forbids a second row, so the sharper
    checks are the rollups and counters: a batch committed twice would count there twice.
    """
    assert len(rows) == len(set(rows)), "a reading was stored twice"
    expected = expected_keys(plan)
    missing = expected - set(rows)
    assert not missing, f"{len(missing)} readings lost, e.g. {sorted(missing)[:3]}"
    assert set(rows) == expected
    assert totals["rollup_count"] == len(rows), "hourly rollups counted a reading twice"
    assert totals["counter_stored"] == len(rows), "the ingest counter disagrees with the rows"


TOTALS_SQL = {
    "rollup_count": "SELECT COALESCE(SUM(count), 0) FROM sensor_rollups_hourly",
    "counter_stored": "SELECT COALESCE(SUM(stored), 0) FROM sensor_ingest_counters",
}


# --- PostgreSQL ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def private_postgres() -> Iterator[pg_cluster.PrivatePostgres]:
    """A PostgreSQL cluster owned by this test module (never the shared server on 5432)."""
    reason = pg_cluster.unavailable_reason()
    if reason:
        pytest.skip(f"no private PostgreSQL cluster: {reason}")
    cluster = pg_cluster.PrivatePostgres()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.close()


def migrate(url: str) -> None:
    """Bring a database to the latest migration, as `germbank db upgrade` does."""
    from flask_migrate import upgrade

    from germbank.extensions import db

    app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "reliability"})
    with app.app_context():
        upgrade(revision="heads")
        db.engine.dispose()


@pytest.fixture
def postgres_url(private_postgres) -> str:
    """A fresh migrated database on the private cluster, for one test."""
    if not private_postgres.running:
        private_postgres.start()
    url = private_postgres.create_database(f"gb_reliability_{next(_database_numbers)}")
    migrate(url)
    return url
