"""Monitoring on the real sensors storage: ingest opens alarms, buckets match brute force."""

import json
import random
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from germbank.extensions import db
from germbank.models.monitoring import Alarm

pytest.importorskip("sensors.ingest")

HOUR = timedelta(hours=1)


def now_hour() -> datetime:
    return datetime.now(UTC).replace(minute=0, second=0, microsecond=0)


@pytest.fixture
def place(app):
    """Register a device and place it at a location from ``start`` (until ``end``)."""
    from germbank.models.sensors import Device, Placement

    def factory(code, location, start, end=None, interval_s=10):
        device = db.session.scalar(sa.select(Device).where(Device.code == code))
        if device is None:
            device = Device(code=code, site="yuanjiang", interval_s=interval_s)
            db.session.add(device)
        db.session.add(Placement(device=device, location_id=location.id, placed_from=start,
                                 placed_to=end))
        db.session.commit()
        return device

    factory.device = lambda code: db.session.scalar(sa.select(Device).where(Device.code == code))
    return factory


@pytest.fixture
def ingest(app):
    """Send samples through the real database sink, one MQTT message per call."""
    from sensors.ingest import DatabaseSink
    from sensors.sink import ReceivedMessage

    sink = DatabaseSink(app, client_id="monitoring-tests")

    def send(device, samples):
        payload = [
            {"ts": ts.isoformat().replace("+00:00", "Z"), "values": values}
            for ts, values in samples
        ]
        message = ReceivedMessage(
            topic=f"germbank/v1/yuanjiang/{device}/telemetry",
            payload=json.dumps(payload).encode(),
            received_at=datetime.now(UTC),
        )
        result = sink.store([message])
        assert result.rejected == 0
        return result

    return send


def test_an_ingested_excursion_opens_and_clears_an_alarm(watched_room, place, ingest):
    start = datetime.now(UTC) - timedelta(minutes=50)
    place("th-st1-r1-01", watched_room, start - timedelta(days=1))
    ingest("th-st1-r1-01", [(start, {"humidity": 55.0, "temperature": 12.0})])
    ingest("th-st1-r1-01", [(start + timedelta(minutes=1), {"humidity": 64.0})])
    assert db.session.scalar(sa.select(sa.func.count(Alarm.id))) == 0
    # The message that makes the excursion outlast 15 minutes opens the alarm at once.
    ingest("th-st1-r1-01", [(start + timedelta(minutes=16), {"humidity": 66.5})])
    alarm = db.session.scalars(sa.select(Alarm)).one()
    assert (alarm.metric, alarm.extreme_value, alarm.cleared_at) == ("humidity", 66.5, None)
    ingest("th-st1-r1-01",
           [(start + timedelta(minutes=m), {"humidity": 52.0}) for m in (20, 30, 36)])
    db.session.refresh(alarm)
    assert alarm.returned_at == start + timedelta(minutes=20)
    assert alarm.cleared_at == start + timedelta(minutes=36)


def test_a_duplicate_message_does_not_count_twice(watched_room, place, ingest):
    start = datetime.now(UTC) - timedelta(minutes=30)
    place("th-st1-r1-01", watched_room, start - timedelta(days=1))
    samples = [(start, {"humidity": 70.0}), (start + timedelta(minutes=16), {"humidity": 70.0})]
    ingest("th-st1-r1-01", samples)
    again = ingest("th-st1-r1-01", samples)
    assert again.duplicates == 2
    assert db.session.scalar(sa.select(sa.func.count(Alarm.id))) == 1


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_location_buckets_match_brute_force_on_random_data(
    seed, watched_room, make_location, place, ingest
):
    """Two devices, one moving away on an hour boundary: buckets equal brute force."""
    from germbank.monitoring.series import bucket_hours, floor_hour, location_series
    from germbank.monitoring.services.source import climate_source

    rng = random.Random(seed)
    other = make_location("ST1-R2", "short_term")
    first = now_hour() - timedelta(days=9)
    move = first + timedelta(hours=rng.randrange(24, 150))
    place("dev-a", watched_room, first)
    place("dev-b", watched_room, first, move)
    place("dev-b", other, move)
    sent = {"dev-a": [], "dev-b": []}
    for device in sent:
        minutes = sorted(rng.sample(range(0, 8 * 24 * 60), 600))
        samples = [(first + timedelta(minutes=m, seconds=rng.randrange(60)),
                    round(rng.uniform(35.0, 75.0), 2)) for m in minutes]
        sent[device] = samples
        for chunk in range(0, len(samples), 200):
            ingest(device, [(ts, {"humidity": v}) for ts, v in samples[chunk:chunk + 200]])

    start = first + timedelta(hours=rng.randrange(0, 12), minutes=rng.randrange(60))
    end = start + timedelta(days=rng.randrange(2, 8))
    max_points = rng.choice([12, 50, 2000])
    series = location_series(climate_source(), watched_room.id, "humidity", start, end,
                             max_points)
    got = {t: (lo, hi, mean) for t, lo, hi, mean in
           zip(series.t, series.minimum, series.maximum, series.mean, strict=True)
           if mean is not None}

    here = sent["dev-a"] + [(ts, v) for ts, v in sent["dev-b"] if ts < move]
    step = timedelta(hours=bucket_hours(start, end, max_points))
    origin = floor_hour(start)
    last = floor_hour(end) + HOUR  # rollups are whole hours: the hour holding `end` counts
    expected: dict[float, list[float]] = {}
    for ts, value in here:
        if origin <= ts < last:
            key = (origin + step * ((ts - origin) // step)).timestamp()
            expected.setdefault(key, []).append(value)
    assert set(got) == set(expected)
    for t, values in expected.items():
        lo, hi, mean = got[t]
        assert (lo, hi) == (min(values), max(values))
        assert mean == pytest.approx(sum(values) / len(values))


def test_overview_and_offline_check_on_real_devices(watched_room, place, ingest, client,
                                                   api_token):
    from germbank.monitoring.hooks import run_offline_check

    recent = datetime.now(UTC) - timedelta(minutes=2)
    place("th-st1-r1-01", watched_room, recent - timedelta(days=1), interval_s=10)
    ingest("th-st1-r1-01", [(recent, {"humidity": 57.0, "temperature": 12.5})])
    headers = {"Authorization": f"Bearer {api_token('viewer')}"}
    body = client.get("/api/v1/monitoring/overview", headers=headers).json
    (card,) = body["locations"]
    values = {m["metric"]: m["value"] for m in card["metrics"]}
    assert values == {"temperature": 12.5, "humidity": 57.0}
    assert run_offline_check().opened == []  # just heard from
    device = place.device("th-st1-r1-01")
    device.last_seen_at = datetime.now(UTC) - timedelta(minutes=2)  # silent for 12 intervals
    db.session.commit()
    result = run_offline_check()
    assert len(result.opened) == 1
    offline = db.session.scalars(sa.select(Alarm).where(Alarm.kind == "offline")).one()
    assert offline.device_code == "th-st1-r1-01"
    ingest("th-st1-r1-01", [(datetime.now(UTC), {"humidity": 57.5})])
    db.session.refresh(offline)
    assert offline.cleared_at is not None


class _DatetimeOnly:
    """The sensors source without its epoch-ms answers: the datetime path charts used before."""

    def __init__(self, source):
        self.raw, self.hourly, self.buckets = source.raw, source.hourly, source.buckets


def test_chart_series_from_epoch_ms_queries_equal_the_datetime_path(
    watched_room, make_location, place, ingest
):
    """Same chart columns, value for value, whether the source answers in ms or datetimes."""
    from germbank.monitoring.series import location_series
    from germbank.monitoring.services.source import climate_source

    rng = random.Random(7)
    other = make_location("ST1-R2", "short_term")
    first = now_hour() - timedelta(days=5)
    move = first + timedelta(hours=30, minutes=20)
    place("dev-a", watched_room, first)
    place("dev-b", watched_room, first, move)
    place("dev-b", other, move)
    for device in ("dev-a", "dev-b"):
        minutes = sorted(rng.sample(range(0, 4 * 24 * 60), 900))
        samples = [(first + timedelta(minutes=m, seconds=rng.randrange(60),
                                      milliseconds=rng.randrange(1000)),
                    {"humidity": round(rng.uniform(35.0, 75.0), 2)}) for m in minutes]
        for chunk in range(0, len(samples), 300):
            ingest(device, samples[chunk:chunk + 300])

    source = climate_source()
    assert hasattr(source, "raw_ms") and hasattr(source, "buckets_ms")
    ranges = [
        (first + timedelta(hours=20, minutes=7), timedelta(days=1), 2000),  # raw, across move
        (first + timedelta(hours=3), timedelta(hours=5), 2000),
        (first + timedelta(minutes=13), timedelta(days=4), 2000),  # buckets from the database
        (first + timedelta(minutes=13), timedelta(days=4), 12),
    ]
    for start, span, max_points in ranges:
        fast = location_series(source, watched_room.id, "humidity", start, start + span,
                               max_points)
        slow = location_series(_DatetimeOnly(source), watched_room.id, "humidity", start,
                               start + span, max_points)
        assert fast.t, (start, span)
        assert (fast.resolution, fast.bucket_seconds) == (slow.resolution, slow.bucket_seconds)
        assert fast.t == slow.t
        assert (fast.minimum, fast.maximum, fast.mean) == (slow.minimum, slow.maximum, slow.mean)
