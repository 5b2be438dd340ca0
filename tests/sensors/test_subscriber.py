"""The subscriber against a real Mosquitto: every reading stored once, whatever fails.

Storage is the in-memory stand-in here (keyed like the database's unique key); the broker,
the persistent session, and the acknowledgements are real.
"""

from __future__ import annotations

import threading

import pytest

from sensors.publisher import BulkPlan, publish_bulk
from sensors.sink import MemorySink

pytestmark = pytest.mark.mqtt


class FlakySink(MemorySink):
    """Raises (as a locked or unreachable database would) until `recover()` is called."""

    def __init__(self) -> None:
        super().__init__()
        self.healthy = threading.Event()
        self.failures = 0

    def store(self, batch):
        if not self.healthy.is_set():
            self.failures += 1
            raise RuntimeError("database is locked")
        return super().store(batch)

    def recover(self) -> None:
        self.healthy.set()


def test_published_readings_are_stored(broker, start_subscriber, wait_until):
    sink = MemorySink()
    subscriber = start_subscriber(sink)
    plan = BulkPlan(2_000, devices=20)
    publish_bulk(broker.host, broker.port, plan)
    wait_until(lambda: sink.count() == 6_000, what="6,000 readings")
    assert set(sink.readings) == plan.expected_keys()
    wait_until(lambda: subscriber.stats.acked == 2_000, what="every message acknowledged")
    assert subscriber.stats.duplicates == 0


def test_graceful_stop_acknowledges_everything_committed(broker, start_subscriber,
                                                         wait_until):
    first = MemorySink()
    subscriber = start_subscriber(first)
    plan = BulkPlan(1_000, devices=10)
    publish_bulk(broker.host, broker.port, plan, range(0, 500))
    wait_until(lambda: first.count() == 1_500)
    subscriber.stop()
    # While nobody listens the broker queues for our persistent session.
    publish_bulk(broker.host, broker.port, plan, range(500, 1_000))
    second = MemorySink()
    start_subscriber(second)
    wait_until(lambda: second.count() == 1_500, what="the queued half")
    assert set(second.readings) == plan.expected_keys(range(500, 1_000))
    assert second.totals.duplicates == 0  # nothing of the first half came back


def test_failing_storage_acks_nothing_and_loses_nothing(broker, start_subscriber,
                                                         wait_until):
    sink = FlakySink()
    subscriber = start_subscriber(sink)
    plan = BulkPlan(1_000, devices=10)
    publish_bulk(broker.host, broker.port, plan)
    wait_until(lambda: sink.failures >= 3, what="retries of the failing batch")
    assert subscriber.stats.acked == 0
    assert sink.count() == 0
    sink.recover()
    wait_until(lambda: sink.count() == 3_000, what="every reading after recovery")
    assert set(sink.readings) == plan.expected_keys()
    assert subscriber.stats.sink_failures >= 3


def test_crash_while_storage_fails_leaves_everything_in_the_broker(broker, start_subscriber,
                                                                    wait_until):
    flaky = FlakySink()
    crashed = start_subscriber(flaky)
    plan = BulkPlan(800, devices=8)
    publish_bulk(broker.host, broker.port, plan)
    wait_until(lambda: flaky.failures >= 2)
    crashed.abort()  # no ack, no DISCONNECT: as if the process died
    sink = MemorySink()
    start_subscriber(sink)
    wait_until(lambda: sink.count() == 2_400, what="redelivery of every message")
    assert set(sink.readings) == plan.expected_keys()


def test_crash_after_commit_before_ack_stores_nothing_twice(broker, start_subscriber,
                                                             wait_until):
    """Redelivered messages that were already committed count as duplicates, not rows."""
    sink = MemorySink()
    crashed = start_subscriber(sink)
    crashed.client.ack_many = lambda mids: None  # commits happen, acks never leave
    plan = BulkPlan(600, devices=6)
    publish_bulk(broker.host, broker.port, plan)
    wait_until(lambda: sink.count() == 1_800)
    crashed.abort()
    restarted = start_subscriber(sink)
    wait_until(lambda: restarted.stats.duplicates == 1_800, what="redelivered duplicates")
    assert sink.count() == 1_800
    assert set(sink.readings) == plan.expected_keys()


def test_broker_restart_mid_stream_loses_nothing(broker, start_subscriber, wait_until):
    sink = MemorySink()
    subscriber = start_subscriber(sink, batch_size=200)
    plan = BulkPlan(20_000, devices=50)
    publish_bulk(broker.host, broker.port, plan, range(0, 15_000))
    wait_until(lambda: sink.count() > 3_000, what="ingest under way")
    assert sink.count() < 45_000, "ingest finished before the restart: not mid-stream"
    broker.restart()
    publish_bulk(broker.host, broker.port, plan, range(15_000, 20_000))
    wait_until(lambda: sink.count() == 60_000, timeout=60, what="all 60,000 readings")
    assert set(sink.readings) == plan.expected_keys()
    assert subscriber.stats.connects >= 2


def test_malformed_messages_are_rejected_and_ingest_goes_on(broker, start_subscriber,
                                                             publish, wait_until):
    sink = MemorySink()
    start_subscriber(sink)
    topic = "germbank/v1/yuanjiang/th-st1-01/telemetry"
    publish([
        (topic, b"\xff\xfe not json"),
        (topic, '{"values": {"humidity": 150}}'),
        ("germbank/v1/yuanjiang/bad device/telemetry", '{"values": {"co2": 400}}'),
        (topic, '{"ts": "2026-01-01T00:00:00Z", "values": {"temperature": 12.5}}'),
    ])
    wait_until(lambda: sink.count() == 1 and len(sink.rejections) == 3)
    reasons = sorted(reason for _, reason in sink.rejections)
    assert reasons[0].startswith("device id 'bad device' must be 1-64 letters")
    assert reasons[1].startswith("payload is not UTF-8 text")
    assert reasons[2] == "values.humidity: 150 is outside the possible range 0 to 100 %RH"


def test_retained_status_is_delivered_on_subscribe(broker, start_subscriber, publish,
                                                   wait_until):
    publish([("germbank/v1/yuanjiang/th-st1-01/status", "online"),
             ("germbank/v1/yuanjiang/gh-b1-01/status", "offline")], retain=True)
    sink = MemorySink()
    start_subscriber(sink)
    wait_until(lambda: len(sink.statuses) == 2)
    assert sink.statuses == {"th-st1-01": True, "gh-b1-01": False}


def test_shared_subscription_splits_the_load(broker, start_subscriber, wait_until):
    one, two = MemorySink(), MemorySink()
    start_subscriber(one, client_id="ingest-a", shared_group="germbank-ingest")
    start_subscriber(two, client_id="ingest-b", shared_group="germbank-ingest")
    plan = BulkPlan(2_000, devices=20)
    publish_bulk(broker.host, broker.port, plan)
    wait_until(lambda: one.count() + two.count() == 6_000)
    assert one.count() > 0 and two.count() > 0
    assert set(one.readings) | set(two.readings) == plan.expected_keys()
    assert not set(one.readings) & set(two.readings)
