"""Decoding the payload forms of docs/mqtt.md, and rejecting bad ones with precise reasons."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from sensors.decoders import decode, parse_topic

NOW = datetime(2026, 11, 27, 8, 5, tzinfo=UTC)
TOPIC = "germbank/v1/yuanjiang/th-st1-01/telemetry"


def readings(payload: bytes | str, topic: str = TOPIC):
    result = decode(topic, payload.encode() if isinstance(payload, str) else payload, NOW)
    assert result.rejection is None, result.rejection
    return {(r.metric, r.ts, r.value) for r in result.readings}


def rejection(payload: bytes | str, topic: str = TOPIC, **options) -> str:
    data = payload.encode() if isinstance(payload, str) else payload
    result = decode(topic, data, NOW, **options)
    assert result.rejection is not None, f"accepted {payload!r}"
    assert result.readings == ()
    return result.rejection


def test_single_sample_with_iso_timestamp():
    got = readings('{"ts": "2026-11-27T08:00:00Z", "values": {"temperature": 12.4, '
                   '"humidity": 55.1}}')
    ts = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
    assert got == {("temperature", ts, 12.4), ("humidity", ts, 55.1)}


def test_offset_timestamp_is_converted_to_utc():
    got = readings('{"ts": "2026-11-27T16:00:00+08:00", "values": {"co2": 415}}')
    assert got == {("co2", datetime(2026, 11, 27, 8, 0, tzinfo=UTC), 415.0)}


def test_epoch_milliseconds_timestamp():
    ms = int(datetime(2026, 11, 27, 7, 0, tzinfo=UTC).timestamp() * 1000)
    got = readings(json.dumps({"ts": ms, "values": {"light": 1200}}))
    assert got == {("light", datetime(2026, 11, 27, 7, 0, tzinfo=UTC), 1200.0)}


def test_missing_timestamp_means_receive_time():
    assert readings('{"values": {"battery": 87}}') == {("battery", NOW, 87.0)}


def test_batch_array_from_a_device_that_buffered_offline():
    got = readings('[{"ts": "2026-11-27T07:00:00Z", "values": {"temperature": 11.9}},'
                   ' {"ts": "2026-11-27T07:01:00Z", "values": {"temperature": 12.0}}]')
    assert {ts.minute for _, ts, _ in got} == {0, 1}


def test_flat_zigbee2mqtt_form_ignores_housekeeping_keys():
    got = readings('{"temperature": 12.4, "humidity": 55.1, "battery": 87, '
                   '"linkquality": 120, "voltage": 2900, "illuminance_lux": null}')
    assert got == {("temperature", NOW, 12.4), ("humidity", NOW, 55.1), ("battery", NOW, 87.0)}


def test_flat_form_alias_for_light():
    assert readings('{"illuminance_lux": 5400}') == {("light", NOW, 5400.0)}


def test_reading_carries_device_and_site_from_the_topic():
    result = decode(TOPIC, b'{"values": {"temperature": 12}}', NOW)
    (reading,) = result.readings
    assert (reading.site, reading.device_id) == ("yuanjiang", "th-st1-01")
    assert reading.ts.tzinfo is not None


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ("not json", "not JSON: Expecting value at line 1 column 1"),
        ('{"values": {"humidity": 150}}',
         "values.humidity: 150 is outside the possible range 0 to 100 %RH"),
        ('{"values": {"temperature": 300}}',
         "values.temperature: 300 is outside the possible range -40 to 85 °C"),
        ('{"values": {"temperature": "12.4"}}',
         "values.temperature: must be a number, not a string"),
        ('{"values": {"co2": true}}', "values.co2: must be a number, not a boolean"),
        ('{"values": {"co2": NaN}}', "values.co2: must be a finite number"),
        ('{"values": {"pressure": 1013}}', "values.pressure: unknown metric"),
        ('{"values": {}}', "values: holds no metric"),
        ('{"values": {"co2": 400}, "seq": 3}', "seq: Unknown field."),
        ('{"linkquality": 3}', "no known metric in the payload (keys: linkquality"),
        ("[]", "the batch array is empty"),
        ("42", "expected a JSON object or array, not a number"),
        ('[{"values": {"co2": 400}}, 7]', "[1]: a sample must be an object, not a number"),
        ('[{"values": {"co2": 400}}, {"values": {"co2": -1}}]',
         "[1].values.co2: -1 is outside the possible range"),
        ('{"ts": "2026-11-27T08:00:00", "values": {"co2": 400}}',
         "has no UTC offset (add Z or +08:00)"),
        ('{"ts": "yesterday", "values": {"co2": 400}}', "is not an ISO-8601 timestamp"),
        ('{"ts": 1764230400, "values": {"co2": 400}}',
         "before 2000-01-01 (epoch seconds sent instead of milliseconds?)"),
        ('{"ts": [1], "values": {"co2": 400}}',
         "ts: must be an ISO-8601 string or epoch milliseconds, not an array"),
    ],
)
def test_rejections_say_precisely_why(payload, reason):
    assert reason in rejection(payload)


def test_timestamp_more_than_ten_minutes_ahead_is_rejected():
    ahead = (NOW + timedelta(minutes=11)).isoformat()
    assert "more than 10 minutes after the receive time" in rejection(
        json.dumps({"ts": ahead, "values": {"co2": 400}})
    )
    assert readings(json.dumps({"ts": (NOW + timedelta(minutes=9)).isoformat(),
                                "values": {"co2": 400}}))


def test_oversize_payload_is_rejected_before_parsing():
    big = json.dumps([{"values": {"co2": 400}}] * 3000)
    reason = rejection(big, max_payload_bytes=1024)
    assert reason == f"payload of {len(big)} bytes is larger than the 1024-byte limit"


def test_non_utf8_payload_is_rejected():
    assert "not UTF-8" in rejection(b'{"values": {"co2": 4\xff}}')


def test_deeply_nested_json_is_rejected_not_crashing():
    assert rejection("[" * 30_000 + "]" * 30_000).startswith("not JSON")


@pytest.mark.parametrize(
    ("topic", "reason"),
    [
        ("sensors/th-01", "unknown topic 'sensors/th-01'"),
        ("germbank/v2/yuanjiang/th-01/telemetry", "unknown topic"),
        ("germbank/v1/yuanjiang/th-01/config", "unknown topic kind 'config'"),
        ("germbank/v1/yuanjiang/th 01/telemetry", "device id 'th 01' must be 1-64 letters"),
        ("germbank/v1//th-01/telemetry", "site '' must be"),
    ],
)
def test_unknown_topic_shapes_are_rejected(topic, reason):
    assert reason in rejection('{"values": {"co2": 400}}', topic=topic)


def test_rejection_keeps_the_device_when_the_topic_was_valid():
    result = decode(TOPIC, b"garbage", NOW)
    assert (result.site, result.device_id) == ("yuanjiang", "th-st1-01")


@pytest.mark.parametrize(("payload", "online"), [(b"online", True), (b"offline", False),
                                                 (b" OFFLINE\n", False)])
def test_status_topic(payload, online):
    result = decode("germbank/v1/yuanjiang/th-st1-01/status", payload, NOW)
    assert result.rejection is None
    assert result.status.online is online
    assert result.status.device_id == "th-st1-01"
    assert result.readings == ()


def test_status_must_be_online_or_offline():
    result = decode("germbank/v1/yuanjiang/th-st1-01/status", b"", NOW)
    assert "cleared retained status" in result.rejection
    result = decode("germbank/v1/yuanjiang/th-st1-01/status", b"sleeping", NOW)
    assert result.rejection == "status must be 'online' or 'offline', got 'sleeping'"


def test_parse_topic_returns_site_device_kind():
    assert parse_topic("germbank/v1/yuanjiang/gh-b2-03/status") == (
        "yuanjiang", "gh-b2-03", "status")
