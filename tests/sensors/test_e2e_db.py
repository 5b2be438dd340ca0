"""End to end: a real Mosquitto, the subscriber as its own process, the real database.

The judged guarantee: a stream of QoS 1 messages, with the subscriber killed (SIGKILL) three
times and the broker restarted along the way, ends with exactly the published readings
stored — none lost, none stored twice — counted in the database after everything stopped.
"""

from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa

from sensors.publisher import BulkPlan, publish_bulk
from tests.subscriber_process import SubscriberProcess

pytestmark = [pytest.mark.mqtt, pytest.mark.slow]


def stored_keys(url: str) -> list[tuple[str, str, int]]:
    """Every stored reading's (device, metric, ts ms), duplicates included if there were any."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(sa.text(
                "SELECT d.code, s.metric, r.ts FROM sensor_readings r "
                "JOIN sensor_series s ON s.id = r.series_id "
                "JOIN sensor_devices d ON d.id = s.device_id"))]
    finally:
        engine.dispose()


def expected_keys(plan: BulkPlan) -> set[tuple[str, str, int]]:
    return {(device, metric, int(ts.timestamp() * 1000))
            for device, metric, ts in plan.expected_keys()}


def wait_for_rows(url: str, count: int, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(stored_keys(url)) >= count:
            return
        time.sleep(0.5)


@pytest.fixture
def subscriber_process(broker, database_url, tmp_path):
    started = SubscriberProcess(broker, database_url, tmp_path / "subscriber.log",
                                "germbank-e2e")
    yield started
    started.terminate()


def test_sigkill_three_times_and_broker_restart_lose_nothing_store_nothing_twice(
        broker, database_url, subscriber_process):
    plan = BulkPlan(30_000, devices=100)
    subscriber_process.start().wait_subscribed()
    publishing = threading.Thread(
        target=publish_bulk, args=(broker.host, broker.port, plan, range(0, 24_000)),
        kwargs={"pace": 3_000},
    )
    publishing.start()
    for _ in range(3):
        time.sleep(1.5)
        subscriber_process.kill()
        time.sleep(0.5)
        subscriber_process.start().wait_subscribed()
    publishing.join()
    time.sleep(1.0)
    broker.restart()  # gracefully: the broker saves the session, then comes back
    publish_bulk(broker.host, broker.port, plan, range(24_000, 30_000))
    wait_for_rows(database_url, 90_000)
    subscriber_process.terminate()

    rows = stored_keys(database_url)
    assert len(rows) == len(set(rows)), "a reading was stored twice"
    missing = expected_keys(plan) - set(rows)
    assert not missing, f"{len(missing)} readings lost, e.g. {sorted(missing)[:3]}"
    assert len(rows) == 90_000
    log = subscriber_process.log_path.read_text()
    assert log.count("starting against") == 4


def test_publish_to_stored_rows_with_rejections(broker, database_url, subscriber_process):
    subscriber_process.start().wait_subscribed()
    plan = BulkPlan(2_000, devices=20)
    publish_bulk(broker.host, broker.port, plan)
    import paho.mqtt.client as mqtt
    from paho.mqtt.enums import CallbackAPIVersion

    client = mqtt.Client(CallbackAPIVersion.VERSION2)
    client.connect(broker.host, broker.port)
    client.loop_start()
    client.publish("germbank/v1/bench/dev-0001/telemetry", b"{broken", qos=1).wait_for_publish(5)
    client.disconnect()
    client.loop_stop()
    wait_for_rows(database_url, 6_000)
    engine = sa.create_engine(database_url)
    deadline = time.monotonic() + 20
    reasons: list[str] = []
    while time.monotonic() < deadline and not reasons:
        with engine.connect() as connection:
            reasons = list(connection.scalars(sa.text(
                "SELECT reason FROM sensor_rejected_messages")))
        time.sleep(0.2)
    engine.dispose()
    assert set(stored_keys(database_url)) == expected_keys(plan)
    assert reasons and reasons[0].startswith("not JSON")


def test_sigterm_drains_then_a_restart_finishes_the_stream(broker, database_url,
                                                           subscriber_process):
    plan = BulkPlan(12_000, devices=50)
    subscriber_process.start().wait_subscribed()
    publishing = threading.Thread(target=publish_bulk, args=(broker.host, broker.port, plan),
                                  kwargs={"pace": 3_000})
    publishing.start()
    time.sleep(1.5)
    subscriber_process.terminate()  # SIGTERM: commit and acknowledge what is held, then leave
    assert subscriber_process.process.returncode == 0
    assert "subscriber stopped:" in subscriber_process.log_path.read_text()
    subscriber_process.start().wait_subscribed()
    publishing.join()
    wait_for_rows(database_url, 36_000)
    rows = stored_keys(database_url)
    assert len(rows) == len(set(rows)) == 36_000
    assert set(rows) == expected_keys(plan)
