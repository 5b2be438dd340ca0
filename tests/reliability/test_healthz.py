"""``/healthz`` through database faults: 503 with an explanation while the database cannot
answer, 200 again by itself once it can, without restarting the app; and never a hang.

PostgreSQL: a private cluster stopped with `pg_ctl stop -m fast` and started again; the app's
connection pool must notice its dead connections (``pool_pre_ping``) instead of failing the first
requests after the restart.

SQLite (WAL mode), what is right and what these tests pin down:
- another connection holding the *write* lock does not affect ``/healthz`` at all: WAL readers
  are never blocked by a writer, so the probe answers 200 at once (only writes wait, up to the
  busy timeout, then fail with "database is locked");
- a connection that shuts readers out too (``locking_mode=EXCLUSIVE``, as a tool that opens the
  file exclusively would) makes ``/healthz`` wait at most the busy timeout and answer 503; it
  answers 200 again as soon as the lock is gone.
"""

from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa

from germbank import create_app
from tests.reliability.conftest import WriteLock

HEALTH_KEYS = {"database", "migrations", "status"}


def probe(client, timeout: float = 60.0):
    """GET /healthz from another thread; fail (instead of hanging the suite) after `timeout`."""
    answer: dict = {}

    def call() -> None:
        started = time.monotonic()
        answer["response"] = client.get("/healthz")
        answer["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=call, daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), f"/healthz did not answer within {timeout} s"
    return answer["response"], answer["seconds"]


def assert_unavailable(response) -> dict:
    assert response.status_code == 503, response.get_data(as_text=True)
    body = response.get_json()
    assert HEALTH_KEYS <= set(body)
    assert body["status"] == "unavailable"
    assert body["database"] == "unreachable"
    assert body["error"] == "OperationalError"
    assert "database" in body["detail"]
    assert response.headers.get("Retry-After", "").isdigit()
    return body


def assert_healthy(response) -> None:
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert (body["status"], body["database"], body["migrations"]) == ("ok", "ok", "at head")


# --- SQLite -----------------------------------------------------------------------------------


def test_sqlite_write_lock_does_not_affect_healthz_and_writes_give_up_after_the_busy_timeout(
        sqlite_app, sqlite_path):
    client = sqlite_app.test_client()
    assert_healthy(probe(client)[0])
    with WriteLock(sqlite_path):
        response, _seconds = probe(client)
        assert_healthy(response)  # WAL: the reader is not blocked by the writer
        # Writes are what waits: up to the busy timeout, then an error, never forever.
        from germbank.extensions import db

        with sqlite_app.app_context():
            with pytest.raises(sa.exc.OperationalError, match="database is locked"):
                with db.engine.begin() as connection:
                    connection.execute(sa.text(
                        "UPDATE alembic_version SET version_num = version_num"))
            db.session.remove()
    assert_healthy(probe(client)[0])


def test_sqlite_exclusive_lock_makes_healthz_answer_503_then_200_by_itself(
        sqlite_app, sqlite_path, record_property):
    """An exclusive-mode lock can only be taken while nobody else has the file open (an idle
    WAL connection keeps a shared lock on the WAL index), so it meets an app without a pooled
    connection: a just-started one, here. The probe then waits at most the busy timeout in the
    new connection's set-up pragmas, answers 503, and 200 once the lock is gone."""
    client = sqlite_app.test_client()
    with WriteLock(sqlite_path, exclusive_mode=True):
        response, seconds = probe(client)
        assert_unavailable(response)
        assert_unavailable(probe(client)[0])
        record_property("sqlite_exclusive_lock_healthz_503_s", round(seconds, 2))
        print(f"FIGURE sqlite_exclusive_lock_healthz_503_s = {seconds:.2f}")
    assert_healthy(probe(client)[0])


# --- PostgreSQL -------------------------------------------------------------------------------


@pytest.fixture
def postgres_app(postgres_url):
    application = create_app({"TESTING": True, "DATABASE_URL": postgres_url,
                              "SECRET_KEY": "reliability"})
    yield application
    from germbank.extensions import db

    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def test_postgresql_stopped_gives_503_and_started_gives_200_without_restarting_the_app(
        postgres_app, private_postgres):
    client = postgres_app.test_client()
    assert_healthy(probe(client)[0])

    private_postgres.stop("fast")
    try:
        body = assert_unavailable(probe(client)[0])
        assert body["migrations"] == "unknown"
        assert_unavailable(probe(client)[0])  # and it stays so while the server is down
    finally:
        private_postgres.start()
    assert_healthy(probe(client)[0])  # the first request after the start already succeeds


def test_postgresql_restarted_between_requests_the_pool_replaces_dead_connections(
        postgres_app, private_postgres):
    """No request sees the outage: the pooled connection died silently, and the first request
    afterwards must still answer 200 (the pool pings a connection before handing it out)."""
    client = postgres_app.test_client()
    assert_healthy(probe(client)[0])
    private_postgres.stop("fast")
    private_postgres.start()
    assert_healthy(probe(client)[0])
    assert_healthy(probe(client)[0])
