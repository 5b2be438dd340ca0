"""SQLite locked while ingesting: the subscriber waits and retries without acknowledging, then
catches up by itself, every reading stored exactly once.

The fault is real: another connection takes SQLite's write lock (`BEGIN IMMEDIATE`) and holds it
for several busy timeouts (the app's busy timeout is 1 s here), as a long admin transaction or a
backup tool would. The broker is a real Mosquitto, the subscriber and database sink are the
product's, the database is a migrated SQLite file.
"""

from __future__ import annotations

import logging
import threading
import time

import pytest

from sensors.publisher import BulkPlan, publish_bulk
from tests.reliability.conftest import (
    SQLITE_BUSY_TIMEOUT_MS,
    STORED_KEYS_SQL,
    TOTALS_SQL,
    WriteLock,
    assert_stored_exactly_once,
    sqlite_query,
    wait_for,
)

pytestmark = [pytest.mark.mqtt, pytest.mark.slow]


def stored_rows(path) -> list[tuple]:
    return sqlite_query(path, STORED_KEYS_SQL)


def totals(path) -> dict:
    return {name: sqlite_query(path, sql)[0][0] for name, sql in TOTALS_SQL.items()}


def retry_records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records
            if r.name == "sensors.client" and "without acking" in r.getMessage()]


def test_write_lock_during_ingest_holds_acks_then_catches_up_exactly_once(
        broker, sqlite_app, sqlite_path, start_ingest, caplog, record_property):
    caplog.set_level(logging.INFO, logger="sensors")
    subscriber = start_ingest(sqlite_app)
    stats = subscriber.stats
    plan = BulkPlan(3_000, devices=30)
    publishing = threading.Thread(target=publish_bulk, args=(broker.host, broker.port, plan),
                                  kwargs={"pace": 300})
    publishing.start()
    try:
        wait_for(lambda: stats.batches >= 3, what="ingest under way before the lock")

        with WriteLock(sqlite_path) as lock:
            failures_before = stats.sink_failures
            wait_for(lambda: stats.sink_failures > failures_before, what="a first failed store")
            acked, committed = stats.acked, stats.messages_committed
            rows_at_lock = len(stored_rows(sqlite_path))  # WAL: reading is not blocked
            received = stats.received
            # Hold on for several more busy timeouts while messages keep arriving.
            wait_for(lambda: stats.sink_failures >= failures_before + 3
                     and stats.received >= received + 300
                     and time.monotonic() - lock.taken_at >= 6 * SQLITE_BUSY_TIMEOUT_MS / 1000,
                     what="more failed attempts while messages keep arriving")
            assert stats.acked == acked == committed, "acknowledged what was not committed"
            assert stats.messages_committed == committed
            assert len(stored_rows(sqlite_path)) == rows_at_lock
            held = stats.received - stats.acked
            assert held >= 300, "messages received during the lock are held unacknowledged"
            lock_seconds = time.monotonic() - lock.taken_at
            failures_during_lock = stats.sink_failures - failures_before
            received_at_release = stats.received

        released = time.monotonic()
        wait_for(lambda: stats.messages_committed > committed, what="the first commit after")
        first_commit_s = time.monotonic() - released
        wait_for(lambda: stats.acked >= received_at_release, timeout=90,
                 what="the backlog held during the lock")
        backlog_s = time.monotonic() - released
    finally:
        publishing.join()

    wait_for(lambda: len(stored_rows(sqlite_path)) >= 9_000, timeout=90, what="every reading")
    wait_for(lambda: stats.acked == 3_000, timeout=30, what="every message acknowledged")
    assert_stored_exactly_once(stored_rows(sqlite_path), plan, totals(sqlite_path))
    assert stats.stored == 9_000 and stats.duplicates == 0
    retries = retry_records(caplog)
    assert len(retries) == stats.sink_failures >= 3  # every attempt is logged ...
    assert sum(1 for record in retries if record.exc_info) == 1  # ... one traceback per outage
    assert "database is locked" in caplog.text
    (back,) = [r for r in caplog.records if r.getMessage().startswith("storage is back")]
    assert f"after {stats.sink_failures} failed attempts" in back.getMessage()
    # The ingest health page learns about the failed attempts once storage works again.
    (counter_failures,) = sqlite_query(
        sqlite_path, "SELECT sink_failures FROM sensor_ingest_counters")[0]
    assert counter_failures >= failures_during_lock
    for name, value in {
        "sqlite_lock_held_s": round(lock_seconds, 1),
        "sqlite_failed_attempts_during_lock": failures_during_lock,
        "sqlite_messages_held_unacked_at_release": received_at_release - acked,
        "sqlite_first_commit_after_release_s": round(first_commit_s, 2),
        "sqlite_backlog_committed_after_release_s": round(backlog_s, 2),
    }.items():
        record_property(name, value)
        print(f"FIGURE {name} = {value}")


def test_subscriber_killed_during_the_lock_loses_nothing(
        broker, sqlite_app, sqlite_path, start_ingest, caplog):
    """What the broker holds is what was not committed: kill the subscriber mid-lock, and a
    restarted one receives every message the first had taken but not stored."""
    caplog.set_level(logging.INFO, logger="sensors")
    plan = BulkPlan(2_500, devices=25)
    first = start_ingest(sqlite_app)
    publish_bulk(broker.host, broker.port, plan, range(0, 1_000))
    wait_for(lambda: first.stats.acked == 1_000, timeout=60, what="the first 1,000 stored")

    with WriteLock(sqlite_path):
        publish_bulk(broker.host, broker.port, plan, range(1_000, 2_500))
        wait_for(lambda: first.stats.received == 2_500 and first.stats.sink_failures >= 2,
                 what="the rest received while storage fails")
        assert first.stats.acked == 1_000, "acknowledged what could not be committed"
        assert len(stored_rows(sqlite_path)) == 3_000
        first.abort()  # no commit, no ack, no DISCONNECT: as if the process died now

    second = start_ingest(sqlite_app)
    wait_for(lambda: len(stored_rows(sqlite_path)) >= 7_500, timeout=90,
             what="redelivery of everything not acknowledged")
    wait_for(lambda: second.stats.received >= 1_500, what="the broker's redelivery")
    assert_stored_exactly_once(stored_rows(sqlite_path), plan, totals(sqlite_path))
    assert second.stats.stored == 4_500
    assert second.stats.received >= 1_500  # every message the first held unacknowledged
