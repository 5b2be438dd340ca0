"""`germbank sensors prune`, the demo devices, and how `make run` picks its broker."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from germbank.extensions import db
from germbank.models.sensors import Device, HourlyRollup, Placement, Reading
from sensors import stack
from sensors.ingest import DatabaseSink
from sensors.sink import ReceivedMessage


def test_prune_deletes_old_raw_rows_and_keeps_rollups(app, runner):
    now = datetime.now(UTC)
    old, recent = now - timedelta(days=500), now - timedelta(days=2)
    payload = (f'[{{"ts": "{old.isoformat()}", "values": {{"temperature": 12}}}},'
               f' {{"ts": "{recent.isoformat()}", "values": {{"temperature": 13}}}}]')
    DatabaseSink(app).store([ReceivedMessage("germbank/v1/yj/th-01/telemetry",
                                             payload.encode(), now, 1)])
    result = runner.invoke(args=["sensors", "prune", "--days", "400"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 raw readings older than 400 days" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Reading)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HourlyRollup)) == 2


def test_prune_refuses_a_zero_retention(app, runner):
    result = runner.invoke(args=["sensors", "prune", "--days", "0"])
    assert result.exit_code != 0 and "--days must be at least 1" in result.output


def test_demo_places_the_simulator_devices_idempotently(app):
    from germbank.demo import load_core
    from germbank.devices import demo

    load_core()
    demo.load()
    demo.load()
    db.session.commit()
    devices = {d.code: d for d in db.session.scalars(sa.select(Device))}
    assert len(devices) == 9
    placement = db.session.scalar(sa.select(Placement).join(Device)
                                  .where(Device.code == "th-st1-r3-01"))
    assert placement.location.code == "ST1-R3" and placement.placed_to is None
    assert devices["soil-gh1-b1-01"].interval_s == 300


@pytest.mark.mqtt
def test_stack_uses_a_broker_that_answers(broker):
    env: dict[str, str] = {}
    url, started, embedded = stack.choose_broker(broker.url, env)
    assert (url, started, embedded) == (broker.url, None, None)


@pytest.mark.mqtt
def test_stack_starts_mosquitto_when_nothing_answers(tmp_path, monkeypatch):
    from sensors.broker import free_port, port_answers

    monkeypatch.setattr(stack, "RUN_DIR", tmp_path)
    url = f"mqtt://127.0.0.1:{free_port()}"
    found, started, embedded = stack.choose_broker(url, {})
    try:
        assert started is not None and embedded is None and found == url
        assert port_answers(started.host, started.port)
    finally:
        started.stop()


def test_stack_embeds_amqtt_without_mosquitto(tmp_path, monkeypatch):
    from sensors.broker import free_port, port_answers

    monkeypatch.setattr(stack, "mosquitto_available", lambda: False)
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(stack.Path(__file__).parents[2])}
    url = f"mqtt://127.0.0.1:{free_port()}"
    found, started, embedded = stack.choose_broker(url, env)
    try:
        assert started is None and embedded is not None
        assert env["GERMBANK_MQTT_VERSION"] == "311"
        assert port_answers("127.0.0.1", int(url.rsplit(":", 1)[1]))
    finally:
        embedded.stop()


@pytest.mark.mqtt
def test_simulate_command_publishes_a_backlog(app, runner, broker, start_subscriber,
                                              wait_until):
    from sensors.sink import MemorySink

    sink = MemorySink()
    start_subscriber(sink)
    result = runner.invoke(args=["sensors", "simulate", "--url", broker.url,
                                 "--backlog-days", "0.02", "--no-live"])
    assert result.exit_code == 0, result.output
    wait_until(lambda: sink.count() > 100, what="backlog readings")
    assert not sink.rejections
