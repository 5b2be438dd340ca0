"""The private test broker: free port, persistence across restarts, authentication."""

from __future__ import annotations

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from sensors.broker import MosquittoBroker, port_answers
from sensors.client import Subscriber
from sensors.config import SubscriberConfig
from sensors.publisher import BulkPlan, publish_bulk
from sensors.sink import MemorySink

pytestmark = pytest.mark.mqtt


def test_broker_listens_on_its_own_port_and_stops(tmp_path):
    with MosquittoBroker(data_dir=tmp_path) as broker:
        assert broker.port != 1883
        assert port_answers(broker.host, broker.port)
        assert f"listener {broker.port} 127.0.0.1" in broker.config_path.read_text()
    assert not port_answers(broker.host, broker.port)


def test_restart_keeps_queued_messages_of_persistent_sessions(broker, start_subscriber,
                                                              wait_until):
    subscriber = start_subscriber(MemorySink())
    subscriber.stop()
    plan = BulkPlan(300, devices=3)
    publish_bulk(broker.host, broker.port, plan)
    broker.restart()
    sink = MemorySink()
    start_subscriber(sink)
    wait_until(lambda: sink.count() == 900, what="messages queued before the restart")
    assert set(sink.readings) == plan.expected_keys()


def test_kill_crashes_the_broker(broker):
    broker.kill()
    assert not broker.is_running
    assert not port_answers(broker.host, broker.port)
    broker.start()
    assert port_answers(broker.host, broker.port)


def test_password_broker_refuses_anonymous_and_accepts_the_subscriber(tmp_path, wait_until):
    with MosquittoBroker(data_dir=tmp_path, passwords={"ingest": "s3cret"}) as broker:
        refused = []
        anonymous = mqtt.Client(CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
        anonymous.on_connect = lambda c, u, f, reason, p: refused.append(reason.is_failure)
        anonymous.connect(broker.host, broker.port)
        anonymous.loop_start()
        wait_until(lambda: refused, what="CONNACK")
        anonymous.loop_stop()
        assert refused == [True]

        sink = MemorySink()
        config = SubscriberConfig.from_url(
            f"mqtt://ingest:s3cret@{broker.host}:{broker.port}", batch_interval=0.05
        )
        subscriber = Subscriber(config, sink).start()
        try:
            assert subscriber.wait_subscribed(10)
            plan = BulkPlan(10, devices=2)
            client = mqtt.Client(CallbackAPIVersion.VERSION2)
            client.username_pw_set("ingest", "s3cret")
            client.connect(broker.host, broker.port)
            client.loop_start()
            for i in range(10):
                client.publish(plan.topic(i), plan.payload(i), qos=1).wait_for_publish(5)
            client.disconnect()
            client.loop_stop()
            wait_until(lambda: sink.count() == 30)
        finally:
            subscriber.stop()
