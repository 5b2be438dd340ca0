"""The database sink: one transaction per batch of MQTT messages, idempotent, then ack.

`DatabaseSink(app).store(batch)` decodes the batch, registers unknown devices (unassigned),
inserts readings with ON CONFLICT DO NOTHING ... RETURNING so it learns exactly which rows
are new, adds only those rows to the hourly rollups (a redelivered message must not count
twice), records statuses, last-seen times, rejections and the subscriber's counters, and
commits once. It raises if anything fails, so the subscriber retries the batch without
acknowledging it. After the commit, monitoring evaluates the new readings for alarms.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from datetime import UTC, datetime, timedelta
from operator import itemgetter

import sqlalchemy as sa
from flask import Flask

from germbank.extensions import db
from germbank.models.sensors import Device, IngestCounter, RejectedMessage
from sensors import pg_arrays
from sensors.decoders import DEFAULT_MAX_PAYLOAD_BYTES
from sensors.resolver import SeriesResolver, dialect_insert
from sensors.sink import DecodedBatch, ReceivedMessage, StoreResult, decode_batch

log = logging.getLogger(__name__)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MILLISECOND = timedelta(milliseconds=1)
HOUR_MS = 3_600_000
REJECTED_PAYLOAD_CHARS = 1024
LAST_SEEN_EVERY = timedelta(seconds=5)  # last-seen writes per device are throttled
INSERT_CHUNK = 2000


def epoch_ms(ts: datetime) -> int:
    """Exact integer epoch milliseconds of an aware datetime (no float rounding)."""
    return (ts - EPOCH) // MILLISECOND


def from_epoch_ms(ms: int) -> datetime:
    """The aware UTC datetime of epoch milliseconds."""
    return EPOCH + timedelta(milliseconds=ms)


def storable_text(text: str) -> str:
    """Text any database column accepts: PostgreSQL refuses NUL characters, which a hostile or
    broken device may send, and a refused rejection would stall the batch forever."""
    return text.replace("\x00", "\\x00")


class DatabaseSink:
    """Stores batches into GermBank's database; see the module docstring."""

    def __init__(
        self,
        app: Flask,
        *,
        client_id: str = "germbank-ingest",
        max_payload_bytes: int = DEFAULT_MAX_PAYLOAD_BYTES,
        evaluate_alarms: bool = True,
    ) -> None:
        self.app = app
        self.client_id = client_id
        self.max_payload_bytes = max_payload_bytes
        self.evaluate_alarms = evaluate_alarms
        self.subscriber_stats = None  # set by the service: connection state for the counters
        self.resolver = SeriesResolver()
        self._last_seen_written: dict[str, datetime] = {}
        self._recent: deque[tuple[float, int]] = deque()
        self._started_at = datetime.now(UTC)
        self._new_readings: list = []

    def store(self, batch: list[ReceivedMessage]) -> StoreResult:
        """Decode, store and commit the batch; raise (after rolling back) if it failed."""
        decoded = decode_batch(batch, self.max_payload_bytes)
        with self.app.app_context():
            try:
                connection = db.session.connection()
                result, new_rows = self._write(connection, batch, decoded)
                db.session.commit()
            except Exception:
                # Forget the batch's new ids first: a rollback on a dead connection may raise
                # too, and ids cached from an uncommitted transaction would poison later batches.
                self.resolver.rollback()
                db.session.rollback()
                raise
            finally:
                db.session.remove()
            self.resolver.commit()
            if self._new_readings:
                self._evaluate(self._new_readings)
        return result

    # -- the transaction ------------------------------------------------------------------

    def _write(self, connection, batch, decoded: DecodedBatch):
        devices: dict[str, tuple[str, datetime]] = {}
        for reading in decoded.readings:
            devices.setdefault(reading.device_id, (reading.site, reading.ts))
        for status in decoded.statuses:
            devices.setdefault(status.device_id, (status.site, status.received_at))
        device_ids = self.resolver.device_ids(connection, devices) if devices else {}
        keys = {(r.device_id, r.metric) for r in decoded.readings}
        series_ids = self.resolver.series_ids(connection, keys, device_ids) if keys else {}

        rows = [
            (series_ids[(r.device_id, r.metric)], epoch_ms(r.ts), r.value)
            for r in decoded.readings
        ]
        # Key order: B-tree friendly, and concurrent subscribers lock keys in the same order.
        new_rows = self._store_readings(connection, sorted(rows, key=itemgetter(0, 1)))
        if self.evaluate_alarms and new_rows:
            by_key = {row[:2]: reading for row, reading in zip(rows, decoded.readings,
                                                                strict=True)}
            self._new_readings = [by_key[row[:2]] for row in new_rows]
        else:
            self._new_readings = []
        self._record_statuses(connection, decoded, device_ids)
        self._record_last_seen(connection, batch, decoded, device_ids)
        self._record_rejections(connection, decoded)
        result = StoreResult(
            stored=len(new_rows),
            duplicates=len(rows) - len(new_rows),
            rejected=len(decoded.rejections),
            statuses=len(decoded.statuses),
        )
        self._update_counters(connection, batch, decoded, result)
        return result, new_rows

    def _store_readings(self, connection, rows: list[tuple[int, int, float]]):
        """Insert the readings not stored yet and fold them into the hourly rollups; return
        the rows really inserted.

        PostgreSQL does both in one statement of whole-column arrays (`sensors.pg_arrays`);
        SQLite gets hand-written multi-row SQL on the DBAPI cursor (in the session's
        transaction): through SQLAlchemy's executemany-with-RETURNING the per-row overhead
        cost more than SQLite itself.
        """
        if not rows:
            return []
        cursor = connection.connection.cursor()
        try:
            if connection.dialect.name == "postgresql":
                return pg_arrays.insert_readings(cursor, rows)
            inserted: list[tuple[int, int, float]] = []
            for first in range(0, len(rows), INSERT_CHUNK):
                chunk = rows[first : first + INSERT_CHUNK]
                values = ",".join(["(?,?,?)"] * len(chunk))
                cursor.execute(
                    f"INSERT INTO sensor_readings (series_id, ts, value) VALUES {values} "  # noqa: S608
                    "ON CONFLICT (series_id, ts) DO NOTHING RETURNING series_id, ts, value",
                    [item for row in chunk for item in row],
                )
                inserted.extend(cursor.fetchall())
        finally:
            cursor.close()
        self._add_to_rollups(connection, inserted)
        return inserted

    def _add_to_rollups(self, connection, new_rows: list[tuple[int, int, float]]) -> None:
        """Fold the newly inserted rows into the hourly rollups (upsert per series and hour)."""
        if not new_rows:
            return
        hours: dict[tuple[int, int], list[float]] = {}
        for series_id, ts, value in new_rows:
            key = (series_id, ts // HOUR_MS)
            bucket = hours.get(key)
            if bucket is None:
                hours[key] = [1, value, value, value]
            else:
                bucket[0] += 1
                bucket[1] += value
                if value < bucket[2]:
                    bucket[2] = value
                if value > bucket[3]:
                    bucket[3] = value
        table = "sensor_rollups_hourly"
        items = sorted(hours.items())
        cursor = connection.connection.cursor()
        try:
            for first in range(0, len(items), INSERT_CHUNK):
                chunk = items[first : first + INSERT_CHUNK]
                values = ",".join(["(?,?,?,?,?,?)"] * len(chunk))
                cursor.execute(
                    f"INSERT INTO {table} (series_id, hour, count, total, minimum, maximum) "  # noqa: S608
                    f"VALUES {values} ON CONFLICT (series_id, hour) DO UPDATE SET "
                    f"count = {table}.count + excluded.count, "
                    f"total = {table}.total + excluded.total, "
                    f"minimum = MIN({table}.minimum, excluded.minimum), "
                    f"maximum = MAX({table}.maximum, excluded.maximum)",
                    [item for (series_id, hour), bucket in chunk
                     for item in (series_id, hour, *bucket)],
                )
        finally:
            cursor.close()

    def _record_statuses(self, connection, decoded: DecodedBatch, device_ids) -> None:
        if not decoded.statuses:
            return
        latest = {}
        for status in decoded.statuses:  # in arrival order: the last one wins
            latest[status.device_id] = status
        table = Device.__table__
        connection.execute(
            sa.update(table).where(table.c.id == sa.bindparam("b_id")).values(
                status_online=sa.bindparam("b_online"), status_at=sa.bindparam("b_at")
            ),
            [{"b_id": device_ids[code], "b_online": s.online, "b_at": s.received_at}
             for code, s in sorted(latest.items())],
        )

    def _record_last_seen(self, connection, batch, decoded: DecodedBatch, device_ids) -> None:
        """Last time each device sent telemetry (throttled: at most every few seconds)."""
        seen: dict[str, datetime] = {}
        for reading in decoded.readings:
            seen[reading.device_id] = decoded.newest_received_at
        # Sorted: concurrent subscribers (shared subscription) lock rows in the same order.
        due = [
            (code, at) for code, at in sorted(seen.items())
            if code not in self._last_seen_written
            or at - self._last_seen_written[code] >= LAST_SEEN_EVERY
        ]
        if not due:
            return
        table = Device.__table__
        connection.execute(
            sa.update(table).where(table.c.id == sa.bindparam("b_id")).values(
                last_seen_at=sa.bindparam("b_seen")
            ),
            [{"b_id": device_ids[code], "b_seen": at} for code, at in due],
        )
        self._last_seen_written.update(due)

    def _record_rejections(self, connection, decoded: DecodedBatch) -> None:
        if not decoded.rejections:
            return
        connection.execute(
            sa.insert(RejectedMessage.__table__),
            [
                {
                    "received_at": message.received_at,
                    "topic": storable_text(message.topic)[:256],
                    "device_code": storable_text(outcome.device_id or "")[:64],
                    "reason": storable_text(outcome.rejection)[:512],
                    "payload": storable_text(
                        bytes(message.payload[:REJECTED_PAYLOAD_CHARS]).decode("utf-8", "replace")
                    ),
                    "payload_size": len(message.payload),
                }
                for message, outcome in decoded.rejections
            ],
        )

    def _update_counters(self, connection, batch, decoded: DecodedBatch, result) -> None:
        now = datetime.now(UTC)
        monotonic = time.monotonic()
        self._recent.append((monotonic, len(batch)))
        while self._recent and monotonic - self._recent[0][0] > 60:
            self._recent.popleft()
        span = max(monotonic - self._recent[0][0], 1.0)
        rate = sum(count for _, count in self._recent) / span
        newest_reading = max((r.ts for r in decoded.readings), default=None)
        stats = self.subscriber_stats
        table = IngestCounter.__table__
        values = {
            "client_id": self.client_id, "received": len(batch), "stored": result.stored,
            "duplicates": result.duplicates, "rejected": result.rejected, "batches": 1,
            "rate_per_s": rate,
            "lag_s": (now - decoded.newest_received_at).total_seconds() if batch else None,
            "last_message_at": decoded.newest_received_at, "newest_reading_at": newest_reading,
            "connected": bool(stats.connected) if stats else True,
            "sink_failures": stats.sink_failures if stats else 0,
            "started_at": self._started_at, "updated_at": now,
        }
        insert = dialect_insert(connection, table).values(**values)
        newest = table.c.newest_reading_at
        connection.execute(insert.on_conflict_do_update(
            index_elements=["client_id"],
            set_={
                **{name: table.c[name] + insert.excluded[name]
                   for name in ("received", "stored", "duplicates", "rejected", "batches")},
                **{name: insert.excluded[name]
                   for name in ("rate_per_s", "lag_s", "last_message_at", "connected",
                                "sink_failures", "started_at", "updated_at")},
                "newest_reading_at": sa.case(
                    (newest.is_(None), insert.excluded.newest_reading_at),
                    (insert.excluded.newest_reading_at > newest,
                     insert.excluded.newest_reading_at),
                    else_=newest,
                ),
            },
        ))

    # -- after the commit -----------------------------------------------------------------

    def _evaluate(self, readings) -> None:
        """Let monitoring open or clear alarms for the new readings (never raises)."""
        try:
            from germbank.monitoring.hooks import after_ingest_commit
        except ImportError:
            return
        try:
            after_ingest_commit(readings)
        except Exception:  # monitoring must never undo or stall ingest
            log.exception("alarm evaluation failed after a committed batch")
        finally:
            db.session.remove()
