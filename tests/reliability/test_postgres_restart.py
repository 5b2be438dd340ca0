"""PostgreSQL restarted while ingesting: the subscriber process keeps running, retries without
acknowledging while the server is down, and catches up by itself once it is back; nothing lost,
nothing stored or counted twice.

The server is a private cluster of this test module (initdb + pg_ctl on a free port), stopped
with `pg_ctl stop -m fast` (every session ended at once, as an administrator's restart or a
package upgrade does) for several seconds in the middle of a paced stream. The subscriber is
`python -m sensors`, exactly as deployed.
"""

from __future__ import annotations

import threading
import time

import pytest

from sensors.publisher import BulkPlan, publish_bulk
from tests.reliability.conftest import (
    STORED_KEYS_SQL,
    TOTALS_SQL,
    assert_stored_exactly_once,
    sa_query,
    wait_for,
)
from tests.subscriber_process import SubscriberProcess

pytestmark = [pytest.mark.mqtt, pytest.mark.slow]
RETRY_LINE = "without acking"
OUTAGE_S = 6.0  # how long PostgreSQL stays down (several retries of the subscriber)


@pytest.fixture
def subscriber_process(broker, postgres_url, tmp_path):
    started = SubscriberProcess(broker, postgres_url, tmp_path / "subscriber.log",
                                "germbank-pg-restart")
    yield started
    started.terminate()


def row_count(url: str) -> int:
    return sa_query(url, "SELECT count(*) FROM sensor_readings")[0][0]


def committed_batches(url: str) -> int:
    return sa_query(url, "SELECT COALESCE(SUM(batches), 0) FROM sensor_ingest_counters")[0][0]


@pytest.mark.parametrize("stream", ["live", "backlog"])
def test_postgres_fast_restart_during_ingest_loses_nothing_and_catches_up(
        stream, broker, private_postgres, postgres_url, subscriber_process, record_property):
    """`live`: a paced stream (the restart mostly falls between batches); `backlog`: a queue
    the subscriber works through in full batches, so the restart cuts transactions mid-way."""
    subscriber = subscriber_process.start()
    subscriber.wait_subscribed()
    plan = BulkPlan(6_000, devices=60) if stream == "live" else BulkPlan(15_000, devices=150)
    expected_rows = plan.messages * 3
    publishing = threading.Thread(target=publish_bulk, args=(broker.host, broker.port, plan),
                                  kwargs={"pace": 500 if stream == "live" else None})
    publishing.start()
    try:
        wait_for(lambda: row_count(postgres_url) >= expected_rows // 4, timeout=60,
                 what="ingest under way before the restart", interval=0.02)
        rows_before = row_count(postgres_url)

        stopped_at = time.monotonic()
        private_postgres.stop("fast")
        retries_before = subscriber.log().count(RETRY_LINE)
        wait_for(lambda: subscriber.log().count(RETRY_LINE) >= retries_before + 3
                 and time.monotonic() - stopped_at >= OUTAGE_S, timeout=90,
                 what="several retries while PostgreSQL is down")
        assert subscriber.alive, "the subscriber died while PostgreSQL was down"
        retries_while_down = subscriber.log().count(RETRY_LINE) - retries_before
        private_postgres.start()
        outage_s = time.monotonic() - stopped_at
        restarted_at = time.monotonic()
        batches_at_restart = committed_batches(postgres_url)
        first_commit_s = wait_for(
            lambda: committed_batches(postgres_url) > batches_at_restart, timeout=90,
            what="the first commit after the restart", interval=0.1)
    finally:
        publishing.join()

    caught_up_s = time.monotonic() - restarted_at + wait_for(
        lambda: row_count(postgres_url) >= expected_rows, timeout=120,
        what="every reading after the restart", interval=0.2)
    assert subscriber.alive, "the subscriber died"
    log = subscriber.log()
    assert log.count("starting against") == 1, "the subscriber was restarted"
    assert "batch worker error" not in log and "on_message failed" not in log
    assert log.count("storage is back") >= 1
    assert rows_before < expected_rows, "ingest finished before the restart"
    totals = {name: sa_query(postgres_url, sql)[0][0] for name, sql in TOTALS_SQL.items()}
    assert_stored_exactly_once(sa_query(postgres_url, STORED_KEYS_SQL), plan, totals)
    assert subscriber.terminate() == 0, log[-3000:]
    for name, value in {
        "pg_stream": stream,
        "pg_rows_before_stop": rows_before,
        "pg_outage_s": round(outage_s, 1),
        "pg_failed_attempts_while_down": retries_while_down,
        "pg_failed_attempts_total": subscriber.log().count(RETRY_LINE),
        "pg_first_commit_after_start_s": round(first_commit_s, 2),
        "pg_all_rows_after_start_s": round(caught_up_s, 2),
    }.items():
        record_property(name, value)
        print(f"FIGURE {name} = {value}")
