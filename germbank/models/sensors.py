"""Sensors: the device registry, where devices were placed, and the time series they send.

Why this shape:
- A reading belongs to a *series* (one device, one metric), not to a location: devices move,
  and the placement history (from/to) says where the device was at any instant, so a
  reading is attributed to the location its device was in when it was taken.
- `sensor_readings` is the big table (millions of rows a year). It stores only
  (series_id, ts, value) with `ts` in epoch milliseconds, keyed by (series_id, ts): on SQLite a
  WITHOUT ROWID table (the key *is* the row's place in the B-tree: no second index, about half
  the size), on PostgreSQL the same primary key. The key makes inserts idempotent: a
  redelivered message is a counted duplicate, never a second row.
- `sensor_rollups_hourly` keeps count/sum/min/max per series and hour, maintained from the rows
  actually inserted (never from duplicates), so a year-long chart reads 8,760 small rows per
  series instead of half a million, and raw rows can be pruned without losing the history.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from germbank.extensions import db
from germbank.models.locations import StorageLocation
from germbank.orm import utcnow


class Device(db.Model):
    """A sensor device, known by the id it publishes under (`germbank/v1/{site}/{code}/...`)."""

    __tablename__ = "sensor_devices"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    code: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    site: so.Mapped[str] = so.mapped_column(sa.String(64), default="")
    name: so.Mapped[str] = so.mapped_column(sa.String(128), default="")
    # Expected seconds between messages: three missed intervals make a device "offline".
    interval_s: so.Mapped[int] = so.mapped_column(default=60)
    # True when registered automatically from its first message (no one described it yet).
    auto_registered: so.Mapped[bool] = so.mapped_column(default=False)
    status_online: so.Mapped[bool | None] = so.mapped_column()
    status_at: so.Mapped[datetime | None] = so.mapped_column()
    first_seen_at: so.Mapped[datetime | None] = so.mapped_column()
    last_seen_at: so.Mapped[datetime | None] = so.mapped_column()
    notes: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    series: so.Mapped[list[Series]] = so.relationship(
        back_populates="device", order_by="Series.metric"
    )
    placements: so.Mapped[list[Placement]] = so.relationship(
        back_populates="device", order_by="Placement.placed_from"
    )

    __table_args__ = (sa.CheckConstraint("interval_s > 0", name="interval_positive"),)

    def __repr__(self) -> str:
        return f"<Device {self.code}>"


class Placement(db.Model):
    """A device mounted at a location from `placed_from` until `placed_to` (open: still there)."""

    __tablename__ = "sensor_placements"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    device_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("sensor_devices.id", ondelete="CASCADE")
    )
    location_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("storage_locations.id", ondelete="RESTRICT"), index=True
    )
    placed_from: so.Mapped[datetime] = so.mapped_column()
    placed_to: so.Mapped[datetime | None] = so.mapped_column()
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    device: so.Mapped[Device] = so.relationship(back_populates="placements")
    location: so.Mapped[StorageLocation] = so.relationship()

    __table_args__ = (
        sa.Index("ix_sensor_placements_device_from", "device_id", "placed_from"),
        sa.CheckConstraint(
            "placed_to IS NULL OR placed_to > placed_from", name="period_ordered"
        ),
    )


class Series(db.Model):
    """One metric of one device: what a reading row points at."""

    __tablename__ = "sensor_series"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    device_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("sensor_devices.id", ondelete="CASCADE")
    )
    metric: so.Mapped[str] = so.mapped_column(sa.String(32))
    unit: so.Mapped[str] = so.mapped_column(sa.String(16), default="")
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    device: so.Mapped[Device] = so.relationship(back_populates="series")

    __table_args__ = (sa.UniqueConstraint("device_id", "metric"),)


class Reading(db.Model):
    """One value of a series at `ts` (epoch milliseconds, UTC). Keyed by (series_id, ts)."""

    __tablename__ = "sensor_readings"

    series_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("sensor_series.id", ondelete="CASCADE"), primary_key=True
    )
    ts: so.Mapped[int] = so.mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    value: so.Mapped[float] = so.mapped_column(sa.Float)

    __table_args__ = {"sqlite_with_rowid": False}


class HourlyRollup(db.Model):
    """count/sum/min/max of a series over one hour (`hour` = epoch hours, UTC)."""

    __tablename__ = "sensor_rollups_hourly"

    series_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("sensor_series.id", ondelete="CASCADE"), primary_key=True
    )
    hour: so.Mapped[int] = so.mapped_column(primary_key=True, autoincrement=False)
    count: so.Mapped[int] = so.mapped_column()
    total: so.Mapped[float] = so.mapped_column(sa.Float)
    minimum: so.Mapped[float] = so.mapped_column(sa.Float)
    maximum: so.Mapped[float] = so.mapped_column(sa.Float)

    __table_args__ = {"sqlite_with_rowid": False}


class RejectedMessage(db.Model):
    """A message the decoder refused: kept (size-capped) with the reason, for technicians."""

    __tablename__ = "sensor_rejected_messages"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    received_at: so.Mapped[datetime] = so.mapped_column(index=True)
    topic: so.Mapped[str] = so.mapped_column(sa.String(256))
    device_code: so.Mapped[str] = so.mapped_column(sa.String(64), default="", index=True)
    reason: so.Mapped[str] = so.mapped_column(sa.String(512))
    payload: so.Mapped[str] = so.mapped_column(sa.Text, default="")  # first 1 KiB, as text
    payload_size: so.Mapped[int] = so.mapped_column(default=0)


class IngestCounter(db.Model):
    """One subscriber's running totals, updated in the same transaction as each batch."""

    __tablename__ = "sensor_ingest_counters"

    client_id: so.Mapped[str] = so.mapped_column(sa.String(128), primary_key=True)
    received: so.Mapped[int] = so.mapped_column(sa.BigInteger, default=0)
    stored: so.Mapped[int] = so.mapped_column(sa.BigInteger, default=0)
    duplicates: so.Mapped[int] = so.mapped_column(sa.BigInteger, default=0)
    rejected: so.Mapped[int] = so.mapped_column(sa.BigInteger, default=0)
    batches: so.Mapped[int] = so.mapped_column(sa.BigInteger, default=0)
    rate_per_s: so.Mapped[float] = so.mapped_column(sa.Float, default=0.0)
    lag_s: so.Mapped[float | None] = so.mapped_column(sa.Float)
    last_message_at: so.Mapped[datetime | None] = so.mapped_column()
    newest_reading_at: so.Mapped[datetime | None] = so.mapped_column()
    connected: so.Mapped[bool] = so.mapped_column(default=False)
    sink_failures: so.Mapped[int] = so.mapped_column(default=0)
    started_at: so.Mapped[datetime | None] = so.mapped_column()
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
