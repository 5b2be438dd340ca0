"""A year of one-minute readings for 10 series, loaded through the product's ingest path.

Why this way: the chart queries must run against data stored exactly as the subscriber stores
it (series, readings keyed by time, hourly rollups kept up to date on insert), so the year is
fed to the product's `DatabaseSink.store()` — the code that commits every MQTT batch — as
buffered batch messages (a JSON array of samples, the payload a device sends after being
offline), 12 hours of samples per message, without a broker in between.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

DEVICES = tuple(f"chart-{number:02d}" for number in range(1, 6))
METRICS = ("temperature", "humidity")  # 5 devices x 2 metrics = 10 series
SITE = "bench"
YEAR_START = datetime(2025, 1, 1, tzinfo=UTC)
MINUTES_PER_YEAR = 365 * 24 * 60
SAMPLES_PER_MESSAGE = 720  # 12 hours: about 47 KB, under the 64 KiB payload limit
MESSAGES_PER_STORE = 10


def topic(device: str) -> str:
    """The telemetry topic of a chart device."""
    return f"germbank/v1/{SITE}/{device}/telemetry"


def sample_values(device_index: int, minute: int) -> dict[str, float]:
    """A store-room climate: daily and yearly cycles, a small device offset, an excursion."""
    day = 2 * math.pi * (minute % 1440) / 1440
    year = 2 * math.pi * minute / MINUTES_PER_YEAR
    temperature = 12.0 + device_index * 0.3 + 1.5 * math.sin(year) + 0.4 * math.sin(day)
    humidity = 55.0 - device_index + 4.0 * math.sin(year + 1.0) + 1.0 * math.cos(day)
    if minute % 100_000 < 90:  # a 90-minute door-open excursion every ~70 days
        temperature += 6.0
        humidity += 15.0
    return {"temperature": round(temperature, 2), "humidity": round(humidity, 1)}


def payloads(minutes: int = MINUTES_PER_YEAR) -> Iterator[tuple[str, bytes]]:
    """(topic, payload) of every batch message of the year, device by device in time order."""
    start_ms = int(YEAR_START.timestamp() * 1000)
    for chunk_start in range(0, minutes, SAMPLES_PER_MESSAGE):
        chunk = range(chunk_start, min(chunk_start + SAMPLES_PER_MESSAGE, minutes))
        for device_index, device in enumerate(DEVICES):
            samples = [{"ts": start_ms + minute * 60_000,
                        "values": sample_values(device_index, minute)} for minute in chunk]
            yield topic(device), json.dumps(samples, separators=(",", ":")).encode()


def load_year(app, minutes: int = MINUTES_PER_YEAR, progress=None) -> int:
    """Feed the year to the product's sink; return the number of readings stored."""
    from sensors.ingest import DatabaseSink
    from sensors.sink import ReceivedMessage

    sink = DatabaseSink(app, client_id="bench-charts", evaluate_alarms=False)
    received_at = YEAR_START + timedelta(minutes=minutes + 1)
    stored = 0
    batch: list[ReceivedMessage] = []
    for mid, (message_topic, payload) in enumerate(payloads(minutes), start=1):
        batch.append(ReceivedMessage(message_topic, payload, received_at, mid=mid % 65535 + 1))
        if len(batch) == MESSAGES_PER_STORE:
            stored += _store(sink, batch)
            batch = []
            if progress is not None:
                progress(stored)
    if batch:
        stored += _store(sink, batch)
    return stored


def _store(sink, batch) -> int:
    result = sink.store(batch)
    if result.rejected:
        raise RuntimeError(f"the sink rejected {result.rejected} generated chart messages")
    return result.stored
