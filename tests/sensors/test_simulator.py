"""The simulator: believable values, backlog payloads that pass the contract, live devices."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest

from sensors import simulator as simulator_module
from sensors.decoders import decode
from sensors.environment import (
    GREENHOUSE_BAY,
    STORE_ROOM,
    DeviceSpec,
    excursion,
    is_silent,
    sample_values,
)
from sensors.metrics import METRICS
from sensors.simulator import Simulator, live_payload, telemetry_topic
from sensors.sink import MemorySink

START = datetime(2026, 11, 1, tzinfo=UTC)
STORE = DeviceSpec("th-st1-01", STORE_ROOM)
BAY = DeviceSpec("gh-b1-01", GREENHOUSE_BAY)


def every(minutes: int, days: int):
    return [START + timedelta(minutes=m) for m in range(0, days * 1440, minutes)]


def test_store_room_stays_in_its_band_outside_excursions():
    calm = [t for t in every(10, 30) if excursion(1, STORE, t) == 0]
    temperatures = [sample_values(1, STORE, t)["temperature"] for t in calm]
    humidities = [sample_values(1, STORE, t)["humidity"] for t in calm]
    assert 10 <= min(temperatures) and max(temperatures) <= 15
    assert 50 <= min(humidities) and max(humidities) <= 60


def test_store_room_has_occasional_excursions_above_15_degrees():
    hot = [t for t in every(5, 30) if sample_values(1, STORE, t)["temperature"] > 15]
    assert hot, "a month without a single excursion"
    assert len(hot) < 0.05 * len(every(5, 30))


def test_greenhouse_follows_the_sun_in_local_time():
    noon_local = datetime(2026, 11, 10, 4, 0, tzinfo=UTC)  # 12:00 at UTC+8
    midnight_local = datetime(2026, 11, 10, 16, 0, tzinfo=UTC)
    noon, night = sample_values(1, BAY, noon_local), sample_values(1, BAY, midnight_local)
    assert noon["light"] > 5_000 and night["light"] < 100
    assert noon["co2"] < night["co2"]
    assert noon["temperature"] > night["temperature"]


@pytest.mark.parametrize("spec", [STORE, BAY])
def test_values_are_always_physically_possible(spec):
    for t in every(37, 60):
        for metric, value in sample_values(3, spec, t).items():
            assert METRICS[metric].in_range(value), (metric, value, t)


def test_same_seed_same_values_other_seed_other_values():
    t = START + timedelta(hours=5)
    assert sample_values(7, BAY, t) == sample_values(7, BAY, t)
    assert sample_values(7, BAY, t) != sample_values(8, BAY, t)


def test_devices_go_silent_now_and_then():
    times = every(1, 30)
    silent = sum(is_silent(1, STORE, t) for t in times)
    assert 0 < silent < 0.05 * len(times)


def test_backlog_is_valid_batches_with_explicit_timestamps():
    sim = Simulator("127.0.0.1", 1, [STORE, BAY], seed=1)
    end = datetime(2026, 11, 27, tzinfo=UTC)
    messages = sim.backlog_messages(days=2, end=end)
    samples = 0
    for topic, payload in messages:
        result = decode(topic.decode(), payload, end)
        assert result.rejection is None, result.rejection
        samples += len(json.loads(payload))
        assert all(end - timedelta(days=2) <= r.ts < end for r in result.readings)
    assert 0.95 * 2 * 2 * 1440 < samples <= 2 * 2 * 1440  # minus the silences


@pytest.mark.parametrize("form", ["sample", "epoch", "flat"])
def test_live_payload_forms_pass_the_contract(form):
    spec = DeviceSpec("gh-b1-01", GREENHOUSE_BAY, form=form)
    now = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
    result = decode(telemetry_topic(spec), live_payload(spec, now, sample_values(1, spec, now)),
                    now)
    assert result.rejection is None
    assert {r.metric for r in result.readings} == set(spec.metrics)


@pytest.mark.mqtt
def test_backlog_and_live_devices_reach_the_subscriber(broker, start_subscriber, wait_until):
    sink = MemorySink()
    start_subscriber(sink)
    sim = Simulator(broker.host, broker.port, [STORE, BAY], seed=1, interval_s=0.2)
    sim.publish_backlog(days=0.5)
    wait_until(lambda: sink.count() >= 0.9 * (720 * 3 + 720 * 4), what="the backlog")
    before = sink.count()
    runner = threading.Thread(target=sim.run, kwargs={"duration": 1.5})
    runner.start()
    wait_until(lambda: sink.statuses == {"th-st1-01": True, "gh-b1-01": True})
    runner.join()
    wait_until(lambda: sink.statuses == {"th-st1-01": False, "gh-b1-01": False},
               what="offline on shutdown")
    assert sink.count() > before
    assert not sink.rejections


@pytest.mark.mqtt
def test_a_silent_device_is_reported_offline_by_its_last_will(broker, start_subscriber,
                                                             wait_until, monkeypatch):
    sink = MemorySink()
    start_subscriber(sink)
    silence = threading.Event()
    monkeypatch.setattr(simulator_module, "is_silent", lambda *args: silence.is_set())
    sim = Simulator(broker.host, broker.port, [STORE], interval_s=0.1)
    runner = threading.Thread(target=sim.run, kwargs={"duration": 20})
    runner.start()
    try:
        wait_until(lambda: sink.statuses.get("th-st1-01") is True)
        silence.set()
        wait_until(lambda: sink.statuses.get("th-st1-01") is False, what="the Last Will")
        silence.clear()
        wait_until(lambda: sink.statuses.get("th-st1-01") is True, what="back online")
    finally:
        sim.stop()
        runner.join()


def test_medium_term_room_follows_its_own_set_point():
    room = DeviceSpec("th-st1-r3-01", STORE_ROOM, setpoint_c=4, setpoint_rh=35)
    calm = [t for t in every(30, 10) if excursion(1, room, t) == 0]
    assert all(2 <= sample_values(1, room, t)["temperature"] <= 6 for t in calm)
    assert all(30 <= sample_values(1, room, t)["humidity"] <= 40 for t in calm)
