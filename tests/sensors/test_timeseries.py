"""Bucket queries against brute force on random data, and readings following placements."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from germbank import timeseries as ts_queries
from germbank.extensions import db
from germbank.models import StorageLocation
from germbank.models.sensors import Device, Placement, Series
from sensors.ingest import DatabaseSink
from sensors.sink import ReceivedMessage

START = datetime(2026, 9, 1, tzinfo=UTC)


def ingest(app, device: str, points: list[tuple[datetime, float]], metric="temperature"):
    """Store points through the product's sink (so rollups are maintained as in production)."""
    stored = 0
    sink = DatabaseSink(app, evaluate_alarms=False)
    received = datetime(2027, 1, 1, tzinfo=UTC)
    for first in range(0, len(points), 500):
        chunk = points[first : first + 500]
        payload = "[" + ",".join(
            f'{{"ts": {int(t.timestamp() * 1000)}, "values": {{"{metric}": {v}}}}}'
            for t, v in chunk
        ) + "]"
        result = sink.store([ReceivedMessage(f"germbank/v1/yj/{device}/telemetry",
                                             payload.encode(), received, 1)])
        stored += result.stored
    assert stored == len(points)


def series_id(device: str, metric: str = "temperature") -> int:
    return db.session.scalar(
        sa.select(Series.id).join(Device).where(Device.code == device, Series.metric == metric)
    )


def brute(points, start, end, width):
    groups = defaultdict(list)
    for t, v in points:
        if start <= t < end:
            groups[(t - start) // width].append(v)
    return [(start + i * width, min(vs), max(vs), sum(vs) / len(vs), len(vs))
            for i, vs in sorted(groups.items())]


def as_tuples(buckets):
    return [(b.start, b.minimum, b.maximum, pytest.approx(b.mean), b.count) for b in buckets]


@pytest.fixture
def random_points():
    rng = random.Random(42)
    seconds = sorted(rng.sample(range(0, 40 * 86400), 6000))
    return [(START + timedelta(seconds=s, milliseconds=rng.randrange(1000)),
             round(rng.uniform(-5, 35), 2)) for s in seconds]


def test_raw_buckets_match_brute_force(app, random_points):
    ingest(app, "th-01", random_points)
    sid = series_id("th-01")
    for start, hours in [(START + timedelta(days=3, minutes=7), 24), (START, 2), (START, 0.5)]:
        end = start + timedelta(hours=hours)
        width = ts_queries.bucket_width(start, end)
        got = ts_queries.series_buckets(db.session, sid, start, end)
        assert len(got) <= 2000
        assert as_tuples(got) == brute(random_points, start, end, width)


def test_long_ranges_use_hourly_rollups_that_match_brute_force(app, random_points):
    ingest(app, "th-01", random_points)
    sid = series_id("th-01")
    start, end = START + timedelta(hours=5), START + timedelta(days=39)
    width = ts_queries.bucket_width(start, end)
    assert width == timedelta(hours=1)
    got = ts_queries.series_buckets(db.session, sid, start, end, max_buckets=400)
    width = ts_queries.bucket_width(start, end, 400)
    assert width == timedelta(hours=3) and len(got) <= 400
    assert as_tuples(got) == brute(random_points, start, end, width)


def test_raw_readings_in_range_in_order(app, random_points):
    ingest(app, "th-01", random_points)
    start, end = START + timedelta(days=1), START + timedelta(days=1, hours=6)
    got = ts_queries.series_raw(db.session, series_id("th-01"), start, end)
    assert got == [(t, v) for t, v in random_points if start <= t < end]


def test_year_range_stays_under_two_thousand_buckets():
    start = datetime(2026, 1, 1, tzinfo=UTC)
    end = start + timedelta(days=365)
    width = ts_queries.bucket_width(start, end)
    assert width == timedelta(hours=5)
    assert (end - start) / width <= 2000


def _location(code: str) -> StorageLocation:
    location = StorageLocation(code=code, name=code, kind="room")
    db.session.add(location)
    db.session.flush()
    return location


def test_readings_belong_to_where_the_device_was(app):
    points = [(START + timedelta(minutes=m), m / 10) for m in range(0, 600, 10)]
    ingest(app, "th-01", points)
    room_a, room_b = _location("ROOM-A"), _location("ROOM-B")
    device = db.session.scalar(sa.select(Device).where(Device.code == "th-01"))
    moved = START + timedelta(hours=5)
    db.session.add_all([
        Placement(device_id=device.id, location_id=room_a.id, placed_from=START,
                  placed_to=moved),
        Placement(device_id=device.id, location_id=room_b.id, placed_from=moved),
    ])
    db.session.commit()
    end = START + timedelta(hours=12)
    in_a = ts_queries.location_raw(db.session, room_a.id, "temperature", START, end)
    in_b = ts_queries.location_raw(db.session, room_b.id, "temperature", START, end)
    assert [v for _, v in in_a] == [m / 10 for m in range(0, 300, 10)]
    assert [v for _, v in in_b] == [m / 10 for m in range(300, 600, 10)]
    buckets = ts_queries.location_buckets(db.session, room_b.id, "temperature", START, end)
    assert sum(b.count for b in buckets) == 30
    latest = ts_queries.latest_by_location(db.session, {room_a.id, room_b.id})
    assert latest[(room_a.id, "temperature")] == (START + timedelta(minutes=290), 29.0)
    assert latest[(room_b.id, "temperature")] == (START + timedelta(minutes=590), 59.0)
    metrics = ts_queries.location_metrics(db.session, {room_b.id})
    assert metrics == {room_b.id: ["temperature"]}
    assert ts_queries.sensed_locations(db.session) == {room_a.id, room_b.id}
    spans = ts_queries.placement_spans(db.session, {"th-01"})
    assert spans["th-01"] == [(START, moved, room_a.id), (moved, None, room_b.id)]
    (placed,) = ts_queries.placed_devices(db.session)
    assert (placed.code, placed.location_id, placed.metrics) == ("th-01", room_b.id,
                                                                 ("temperature",))
    hourly = ts_queries.location_hourly(db.session, room_a.id, "temperature", START, end)
    assert [b.count for b in hourly] == [6] * 5


def test_epoch_ms_variants_answer_the_same_rows_as_plain_numbers(app, random_points):
    ingest(app, "th-01", random_points)
    ingest(app, "th-02", random_points[::3])
    sid, other = series_id("th-01"), series_id("th-02")
    start, end = START + timedelta(days=2, minutes=3), START + timedelta(days=3, minutes=3)
    for ids in (sid, [sid, other]):
        got = ts_queries.series_raw_ms(db.session, ids, start, end)
        assert all(type(ms) is int and type(v) is float for ms, v in got)
        assert [(ts_queries.from_ms(ms), v) for ms, v in got] == ts_queries.series_raw(
            db.session, ids, start, end)
    expected = [(t, v) for t, v in random_points if start <= t < end]
    assert [(ts_queries.from_ms(ms), v) for ms, v in
            ts_queries.series_raw_ms(db.session, sid, start, end)] == expected
    for begin, finish in [(start, end), (START + timedelta(hours=5), START + timedelta(days=39))]:
        window = [ts_queries.Window(sid, begin, finish)]
        buckets = ts_queries.windows_buckets(db.session, window, begin, finish)
        rows = ts_queries.windows_buckets_ms(db.session, window, begin, finish)
        assert rows == [(ts_queries.to_ms(b.start), b.minimum, b.maximum, b.mean, b.count)
                        for b in buckets]
        assert all(b.end - b.start == buckets[0].end - buckets[0].start for b in buckets)
    assert ts_queries.series_raw_ms(db.session, sid, end, start) == []
    assert ts_queries.windows_buckets_ms(db.session, [], start, end) == []


def test_location_epoch_ms_variants_follow_placements(app):
    points = [(START + timedelta(minutes=m), m / 10) for m in range(0, 600, 10)]
    ingest(app, "th-01", points)
    room = _location("ROOM-A")
    device = db.session.scalar(sa.select(Device).where(Device.code == "th-01"))
    db.session.add(Placement(device_id=device.id, location_id=room.id,
                             placed_from=START + timedelta(hours=2),
                             placed_to=START + timedelta(hours=4)))
    db.session.commit()
    end = START + timedelta(hours=12)
    raw = ts_queries.location_raw_ms(db.session, room.id, "temperature", START, end)
    assert [(ts_queries.from_ms(ms), v) for ms, v in raw] == ts_queries.location_raw(
        db.session, room.id, "temperature", START, end)
    assert [v for _, v in raw] == [m / 10 for m in range(120, 240, 10)]
    long_end = START + timedelta(days=3)
    rows = ts_queries.location_buckets_ms(db.session, room.id, "temperature", START, long_end)
    buckets = ts_queries.location_buckets(db.session, room.id, "temperature", START, long_end)
    assert rows == [(ts_queries.to_ms(b.start), b.minimum, b.maximum, b.mean, b.count)
                    for b in buckets]
    assert sum(count for *_, count in rows) == 12
