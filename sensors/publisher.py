"""A fast, deterministic bulk publisher for tests and benchmarks.

Why deterministic: a loss test must know exactly which readings were published without
keeping them; message `i` of a `BulkPlan` always has the same device, timestamp and values, so
the expected set of (device, metric, ts) keys can be rebuilt and compared with what was stored.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sensors.wire import WirePublisher

BULK_METRICS = ("temperature", "humidity", "co2")


@dataclass(frozen=True)
class BulkPlan:
    """N messages from `devices` devices, 3 readings each, one sample per `step_s` per device."""

    messages: int
    devices: int = 100
    site: str = "bench"
    start: datetime = datetime(2026, 1, 1, tzinfo=UTC)
    step_s: int = 60

    def device(self, index: int) -> str:
        """The device id of message `index`."""
        return f"dev-{index % self.devices:04d}"

    def ts_ms(self, index: int) -> int:
        """The epoch-ms timestamp of message `index`."""
        return int(self.start.timestamp() * 1000) + (index // self.devices) * self.step_s * 1000

    def topic(self, index: int) -> str:
        """The telemetry topic of message `index`."""
        return f"germbank/v1/{self.site}/{self.device(index)}/telemetry"

    def payload(self, index: int) -> bytes:
        """The JSON payload of message `index` (values stay inside the physical ranges)."""
        temperature = 10.0 + (index % 500) / 100
        humidity = 50.0 + (index % 97) / 10
        co2 = 400 + index % 800
        return (
            f'{{"ts":{self.ts_ms(index)},"values":{{"temperature":{temperature},'
            f'"humidity":{humidity},"co2":{co2}}}}}'
        ).encode()

    def expected_keys(self, indices: range | None = None) -> set[tuple[str, str, datetime]]:
        """The (device, metric, ts) keys that messages `indices` (default: all) publish."""
        keys = set()
        for index in indices if indices is not None else range(self.messages):
            ts = datetime.fromtimestamp(self.ts_ms(index) / 1000, tz=UTC)
            device = self.device(index)
            keys.update((device, metric, ts) for metric in BULK_METRICS)
        return keys

    @property
    def end(self) -> datetime:
        """Just after the last timestamp of the plan."""
        return self.start + timedelta(seconds=(self.messages // self.devices + 1) * self.step_s)


@dataclass
class PublishReport:
    """How many messages the broker acknowledged and how long it took."""

    published: int
    seconds: float

    @property
    def rate(self) -> float:
        """Messages per second."""
        return self.published / self.seconds if self.seconds else 0.0


def publish_bulk(
    host: str,
    port: int,
    plan: BulkPlan,
    indices: range | None = None,
    *,
    client_id: str | None = None,
    window: int = 2000,
    pace: float | None = None,
    timeout: float = 600.0,
) -> PublishReport:
    """Publish messages `indices` of `plan` at QoS 1; return once the broker acked them all.

    `pace` (messages per second) spreads the publishing out, e.g. to kill a subscriber
    "mid-stream"; by default it publishes as fast as the broker acknowledges.
    """
    indices = indices if indices is not None else range(plan.messages)
    publisher = WirePublisher(
        host, port, client_id or f"germbank-bulk-{time.monotonic_ns()}", window=window
    )
    started = time.perf_counter()
    try:
        messages = ((plan.topic(i).encode(), plan.payload(i)) for i in _paced(indices, pace))
        publisher.publish_many(messages, chunk=max(1, int(pace / 20)) if pace else 256)
        publisher.wait(timeout)
        return PublishReport(len(indices), time.perf_counter() - started)
    finally:
        publisher.close()


def _paced(indices: range, pace: float | None) -> Iterator[int]:
    """Yield indices, sleeping so that at most `pace` per second go out."""
    if not pace:
        yield from indices
        return
    started = time.perf_counter()
    for count, index in enumerate(indices):
        due = started + count / pace
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        yield index
