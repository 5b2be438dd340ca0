"""Fixtures for the sensor tests: a private Mosquitto per test, a recording sink, waiting.

Broker tests carry the `mqtt` marker and are skipped where Mosquitto is not installed; they
never touch a broker on 1883.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from sensors.broker import MosquittoBroker, mosquitto_available
from sensors.client import Subscriber
from sensors.config import SubscriberConfig
from sensors.sink import MemorySink


def pytest_collection_modifyitems(config, items) -> None:
    """Skip broker tests cleanly on a machine without Mosquitto."""
    if mosquitto_available():
        return
    skip = pytest.mark.skip(reason="mosquitto is not installed")
    for item in items:
        if "mqtt" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def broker(tmp_path) -> Iterator[MosquittoBroker]:
    """A Mosquitto of our own on a free port, with persistence in tmp_path."""
    with MosquittoBroker(data_dir=tmp_path / "broker") as running:
        yield running


def _wait_until(predicate: Callable[[], bool], timeout: float = 20.0, what: str = "") -> None:
    """Poll `predicate` until it holds; fail with `what` when it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out after {timeout} s waiting for {what or predicate}")


@pytest.fixture
def start_subscriber(broker) -> Iterator[Callable[..., Subscriber]]:
    """Start subscribers against `broker` (fast retry/batch timing); stopped at teardown."""
    started: list[Subscriber] = []

    def start(sink=None, **settings) -> Subscriber:
        defaults = {"host": broker.host, "port": broker.port, "client_id": "germbank-test",
                    "batch_interval": 0.05, "retry_initial": 0.05, "retry_max": 0.2,
                    "drain_timeout": 5.0}
        config = SubscriberConfig(**{**defaults, **settings})
        subscriber = Subscriber(config, sink if sink is not None else MemorySink()).start()
        started.append(subscriber)
        assert subscriber.wait_subscribed(10), "subscriber did not connect and subscribe"
        return subscriber

    yield start
    for subscriber in started:
        try:
            subscriber.stop(timeout=2)
        except Exception:  # teardown of an already aborted subscriber
            pass


@pytest.fixture
def wait_until() -> Callable[..., None]:
    """`wait_until(predicate, timeout=20, what="...")`."""
    return _wait_until


@pytest.fixture
def publish(broker) -> Callable[..., None]:
    """`publish([(topic, payload), ...], retain=False, qos=1)` to the test broker."""
    return lambda messages, **options: _publish(broker, messages, **options)


def _publish(broker: MosquittoBroker, messages: list[tuple[str, bytes | str]], *,
             retain: bool = False, qos: int = 1) -> None:
    """Publish (topic, payload) pairs with paho and wait until the broker has them all."""
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="germbank-test-publisher")
    client.connect(broker.host, broker.port)
    client.loop_start()
    try:
        infos = [client.publish(topic, payload, qos=qos, retain=retain)
                 for topic, payload in messages]
        for info in infos:
            info.wait_for_publish(10)
    finally:
        client.disconnect()
        client.loop_stop()
