"""What the subscriber hands to storage, and what storage must promise back.

The subscriber acknowledges a message to the broker only after `ReadingSink.store()` returned
for the batch holding it; a sink therefore must have committed everything durably before it
returns, and must raise (never return) when it could not. It must also be idempotent: one row
per (series, timestamp), because the broker redelivers whatever was not acknowledged when the
subscriber or the broker died.

`MemorySink` is the stand-in storage used by the broker tests and to measure the subscriber on
its own; `sensors.ingest` (phase 2) is the database sink.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from sensors.decoders import (
    DEFAULT_MAX_PAYLOAD_BYTES,
    DecodeResult,
    DeviceStatus,
    Reading,
    decode,
)


@dataclass(frozen=True, slots=True)
class ReceivedMessage:
    """One MQTT message as it came off the wire, before any decoding.

    `generation` counts the subscriber's connections: a message id is only meaningful on the
    connection that delivered it, so the subscriber never acknowledges an older generation.
    """

    topic: str
    payload: bytes
    received_at: datetime
    mid: int = 0
    qos: int = 1
    retain: bool = False
    generation: int = 0


@dataclass(slots=True)
class StoreResult:
    """Counts for one stored batch (readings, not messages, except `rejected`)."""

    stored: int = 0
    duplicates: int = 0
    rejected: int = 0
    statuses: int = 0

    def __add__(self, other: StoreResult) -> StoreResult:
        return StoreResult(
            self.stored + other.stored,
            self.duplicates + other.duplicates,
            self.rejected + other.rejected,
            self.statuses + other.statuses,
        )


class ReadingSink(Protocol):
    """Durable, idempotent storage for batches of received messages."""

    def store(self, batch: list[ReceivedMessage]) -> StoreResult:
        """Decode, store and commit the batch; raise if it could not be committed."""
        ...


@dataclass(slots=True)
class DecodedBatch:
    """A batch split into what to store: readings, statuses and rejections."""

    readings: list[Reading] = field(default_factory=list)
    statuses: list[DeviceStatus] = field(default_factory=list)
    rejections: list[tuple[ReceivedMessage, DecodeResult]] = field(default_factory=list)
    newest_received_at: datetime | None = None


def decode_batch(
    batch: list[ReceivedMessage], max_payload_bytes: int = DEFAULT_MAX_PAYLOAD_BYTES
) -> DecodedBatch:
    """Decode every message of a batch (never raises: bad messages become rejections)."""
    decoded = DecodedBatch()
    for message in batch:
        result = decode(
            message.topic, message.payload, message.received_at,
            max_payload_bytes=max_payload_bytes,
        )
        if result.rejection is not None:
            decoded.rejections.append((message, result))
        elif result.status is not None:
            decoded.statuses.append(result.status)
        else:
            decoded.readings.extend(result.readings)
    if batch:
        decoded.newest_received_at = max(m.received_at for m in batch)
    return decoded


class MemorySink:
    """Stores readings in a dict keyed by (device, metric, ts), like the unique key in the DB.

    Thread-safe so a test can read it while the subscriber writes. Rejections keep their
    reason; statuses keep the latest value per device.
    """

    def __init__(self, max_payload_bytes: int = DEFAULT_MAX_PAYLOAD_BYTES) -> None:
        self.max_payload_bytes = max_payload_bytes
        self.readings: dict[tuple[str, str, datetime], float] = {}
        self.rejections: list[tuple[str, str]] = []
        self.statuses: dict[str, bool] = {}
        self.totals = StoreResult()
        self.batches = 0
        self._lock = threading.Lock()

    def store(self, batch: list[ReceivedMessage]) -> StoreResult:
        """Record the batch; duplicates of an existing key are counted, not overwritten."""
        decoded = decode_batch(batch, self.max_payload_bytes)
        result = StoreResult(rejected=len(decoded.rejections), statuses=len(decoded.statuses))
        with self._lock:
            for reading in decoded.readings:
                key = (reading.device_id, reading.metric, reading.ts)
                if key in self.readings:
                    result.duplicates += 1
                else:
                    self.readings[key] = reading.value
                    result.stored += 1
            for status in decoded.statuses:
                self.statuses[status.device_id] = status.online
            self.rejections.extend(
                (message.topic, outcome.rejection) for message, outcome in decoded.rejections
            )
            self.totals = self.totals + result
            self.batches += 1
        return result

    def count(self) -> int:
        """How many distinct readings are stored."""
        with self._lock:
            return len(self.readings)
