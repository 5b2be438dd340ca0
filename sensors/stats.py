"""Counters of a running subscriber, for logs, the ingest health page and the benchmarks.

Each counter has one writer (the network thread or the batch worker), so plain integer
increments are safe under the GIL; readers take a `snapshot()`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current time, UTC aware (one place, so tests can reason about it)."""
    return datetime.now(UTC)


@dataclass
class SubscriberStats:
    """What the subscriber has seen and done since it started."""

    started_at: datetime = field(default_factory=utcnow)
    connected: bool = False
    connects: int = 0
    disconnects: int = 0
    # network thread
    received: int = 0
    held_back: int = 0  # arrived while draining: left unacknowledged for the next session
    callback_errors: int = 0
    last_message_at: datetime | None = None
    # batch worker
    batches: int = 0
    messages_committed: int = 0
    stored: int = 0
    duplicates: int = 0
    rejected: int = 0
    statuses: int = 0
    acked: int = 0
    stale_not_acked: int = 0  # delivered on an earlier connection: the broker resends them
    sink_failures: int = 0
    abandoned_batches: int = 0  # drain timed out while storage failed: left for redelivery
    last_commit_at: datetime | None = None
    last_commit_wait_s: float | None = None  # oldest message of the last batch, receive->ack
    queue_depth: int = 0

    def snapshot(self) -> dict:
        """A JSON-friendly copy (datetimes as ISO strings)."""
        data = asdict(self)
        for key, value in data.items():
            if isinstance(value, datetime):
                data[key] = value.isoformat()
        return data
