"""The database sink on SQLite (and PostgreSQL when configured): exactly-once rows, rollups
that never double count, devices registered on first sight, rejections kept with reasons."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from germbank.extensions import db
from germbank.models.sensors import (
    Device,
    HourlyRollup,
    IngestCounter,
    Reading,
    RejectedMessage,
    Series,
)
from sensors.ingest import DatabaseSink, epoch_ms
from sensors.sink import ReceivedMessage

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
TOPIC = "germbank/v1/yuanjiang/{}/telemetry"


def message(device: str, payload: dict | list | bytes, mid: int = 1, topic: str | None = None):
    data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return ReceivedMessage(topic or TOPIC.format(device), data, NOW, mid)


def sample(minutes_ago: float, **values) -> dict:
    return {"ts": (NOW - timedelta(minutes=minutes_ago)).isoformat(), "values": values}


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.fixture
def sink(app):
    return DatabaseSink(app, client_id="test-ingest")


def test_batch_is_stored_and_unknown_devices_are_registered_unassigned(sink):
    result = sink.store([
        message("th-01", sample(3, temperature=12.1, humidity=55.0)),
        message("th-01", sample(2, temperature=12.3, humidity=55.4)),
        message("gh-01", sample(1, co2=600)),
    ])
    assert (result.stored, result.duplicates, result.rejected) == (5, 0, 0)
    assert count(Reading) == 5
    devices = {d.code: d for d in db.session.scalars(sa.select(Device))}
    assert set(devices) == {"th-01", "gh-01"}
    assert devices["th-01"].auto_registered and not devices["th-01"].placements
    assert devices["th-01"].site == "yuanjiang"
    assert devices["th-01"].last_seen_at == NOW
    assert {s.metric for s in devices["th-01"].series} == {"temperature", "humidity"}
    assert {s.unit for s in devices["th-01"].series} == {"°C", "%RH"}


def test_redelivered_messages_are_duplicates_and_rollups_do_not_double_count(sink):
    batch = [message("th-01", sample(m, temperature=10.0 + m)) for m in (1, 2, 3)]
    sink.store(batch)
    again = sink.store(batch + [message("th-01", sample(4, temperature=20.0))])
    assert (again.stored, again.duplicates) == (1, 3)
    assert count(Reading) == 4
    (rollup,) = db.session.scalars(sa.select(HourlyRollup)).all()
    assert rollup.count == 4
    assert rollup.total == pytest.approx(11 + 12 + 13 + 20)
    assert (rollup.minimum, rollup.maximum) == (11.0, 20.0)
    counters = db.session.get(IngestCounter, "test-ingest")
    assert (counters.received, counters.stored, counters.duplicates) == (7, 4, 3)
    assert counters.batches == 2


def test_same_reading_twice_in_one_batch_is_stored_once(sink):
    result = sink.store([message("th-01", sample(1, temperature=12.0))] * 2)
    assert (result.stored, result.duplicates) == (1, 1)


def test_rejections_are_kept_with_reason_and_truncated_payload(sink):
    huge = b'{"values": {"co2": "' + b"x" * 5000 + b'"}}'
    result = sink.store([
        message("th-01", b"not json"),
        message("th-01", huge),
        message("th-01", sample(1, humidity=150)),
        message("th-01", sample(1, humidity=50)),
    ])
    assert (result.stored, result.rejected) == (1, 3)
    rows = db.session.scalars(sa.select(RejectedMessage).order_by(RejectedMessage.id)).all()
    assert rows[0].reason.startswith("not JSON")
    assert rows[0].device_code == "th-01"
    assert rows[1].payload_size == len(huge) and len(rows[1].payload) == 1024
    assert "150 is outside the possible range" in rows[2].reason
    assert db.session.get(IngestCounter, "test-ingest").rejected == 3


def test_status_messages_update_the_device(sink):
    sink.store([message("th-01", b"online", topic="germbank/v1/yuanjiang/th-01/status")])
    sink.store([message("th-01", b"offline", topic="germbank/v1/yuanjiang/th-01/status")])
    device = db.session.scalar(sa.select(Device).where(Device.code == "th-01"))
    assert device.status_online is False and device.status_at == NOW


def test_a_failed_commit_stores_nothing_and_the_retry_stores_everything(sink, monkeypatch):
    batch = [message("new-01", sample(1, temperature=12.0, battery=80))]
    real_commit = db.session.commit
    calls = {"n": 0}

    def failing_commit():
        calls["n"] += 1
        if calls["n"] == 1:
            raise sa.exc.OperationalError("COMMIT", {}, Exception("database is locked"))
        real_commit()

    monkeypatch.setattr(db.session, "commit", failing_commit)
    with pytest.raises(sa.exc.OperationalError):
        sink.store(batch)
    assert count(Reading) == 0 and count(Device) == 0
    result = sink.store(batch)
    assert result.stored == 2
    assert count(Device) == 1 and count(Series) == 2


def test_timestamps_are_stored_as_exact_epoch_milliseconds(sink):
    ts = datetime(2026, 11, 27, 7, 59, 59, 123000, tzinfo=UTC)
    sink.store([message("th-01", {"ts": ts.isoformat(), "values": {"temperature": 12}})])
    stored = db.session.scalar(sa.select(Reading.ts))
    assert stored == epoch_ms(ts) == int(ts.timestamp()) * 1000 + 123


payloads = st.one_of(
    st.binary(max_size=200),
    st.recursive(
        st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=10),
        lambda children: st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(["ts", "values", "temperature", "co2", "x"]),
                          children, max_size=3),
        max_leaves=6,
    ).map(lambda doc: json.dumps(doc).encode()),
)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=st.lists(payloads, min_size=1, max_size=8))
def test_malformed_corpus_becomes_rejections_never_a_crash(sink, batch):
    before = count(RejectedMessage)
    result = sink.store([message("fuzz-01", payload, mid=i) for i, payload in
                         enumerate(batch, 1)])
    assert result.rejected == count(RejectedMessage) - before
    assert result.rejected + (result.stored + result.duplicates > 0) >= 1


def test_within_a_batch_the_first_arrival_of_a_reading_wins(sink):
    result = sink.store([message("th-01", sample(1, temperature=12.0)),
                         message("th-01", sample(1, temperature=11.0))])
    assert (result.stored, result.duplicates) == (1, 1)
    assert db.session.scalar(sa.select(Reading.value)) == 12.0


def test_chunked_batches_with_redeliveries_keep_rollups_equal_to_brute_force(sink, monkeypatch):
    """Rows split over many statements (PostgreSQL's array chunks, SQLite's VALUES chunks),
    messages redelivered inside a batch and across batches, integer and float values: every
    reading is stored once and each hour's rollup equals the readings really stored."""
    import random

    import sensors.ingest
    import sensors.pg_arrays

    monkeypatch.setattr(sensors.pg_arrays, "CHUNK", 7)
    monkeypatch.setattr(sensors.ingest, "INSERT_CHUNK", 7)
    rng = random.Random(11)
    messages, first_value = [], {}
    for number in range(120):
        device = rng.choice(["th-01", "th-02", "soil-01"])
        minutes = rng.randrange(0, 300)
        value = rng.choice([rng.randrange(-5, 40), round(rng.uniform(-5.0, 40.0), 2)])
        messages.append(message(device, sample(minutes, temperature=value), mid=number + 1))
    stored = duplicates = 0
    for first in range(0, len(messages), 25):
        batch = messages[first : first + 25]
        batch = batch + rng.sample(messages[: first + 25], 10)  # redeliveries, old and new
        for item in batch:
            data = json.loads(item.payload)
            first_value.setdefault((item.topic, data["ts"]), data["values"]["temperature"])
        result = sink.store(batch)
        stored, duplicates = stored + result.stored, duplicates + result.duplicates
    assert stored == len(first_value) == count(Reading)
    assert stored + duplicates == len(messages) + 10 * len(range(0, len(messages), 25))

    expected: dict[tuple[str, int], list[float]] = {}
    for (topic, ts), value in first_value.items():
        hour = epoch_ms(datetime.fromisoformat(ts)) // 3_600_000
        expected.setdefault((topic.split("/")[3], hour), []).append(float(value))
    rows = db.session.execute(
        sa.select(Device.code, HourlyRollup.hour, HourlyRollup.count, HourlyRollup.total,
                  HourlyRollup.minimum, HourlyRollup.maximum)
        .join(Series, Series.id == HourlyRollup.series_id).join(Device)
    ).all()
    got = {(code, hour): (n, total, low, high) for code, hour, n, total, low, high in rows}
    assert set(got) == set(expected)
    for key, values in expected.items():
        n, total, low, high = got[key]
        assert (n, low, high) == (len(values), min(values), max(values))
        assert total == pytest.approx(sum(values))
    stored_values = db.session.execute(
        sa.select(Device.code, Reading.ts, Reading.value)
        .join(Series, Series.id == Reading.series_id).join(Device)
    ).all()
    assert sorted(stored_values) == sorted(
        (topic.split("/")[3], epoch_ms(datetime.fromisoformat(ts)), float(value))
        for (topic, ts), value in first_value.items()
    )
