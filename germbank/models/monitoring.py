"""Climate monitoring: thresholds per location and metric, alarms with their history, and the
state the alarm rules keep between readings.

Only foundation tables are referenced (locations, users): a device is named by its code, so
monitoring works whatever the sensors registry looks like and an alarm outlives the device.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from germbank.extensions import db
from germbank.models.auth import User
from germbank.models.locations import StorageLocation
from germbank.orm import utcnow

ALARM_KINDS = ("threshold", "offline")


class Threshold(db.Model):
    """The safe range of one metric at one location, and how long an excursion may last."""

    __tablename__ = "monitoring_thresholds"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    location_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("storage_locations.id", ondelete="CASCADE"), index=True
    )
    metric: so.Mapped[str] = so.mapped_column(sa.String(32))
    minimum: so.Mapped[float | None] = so.mapped_column(sa.Float)
    maximum: so.Mapped[float | None] = so.mapped_column(sa.Float)
    grace_minutes: so.Mapped[int] = so.mapped_column(default=15)
    severity: so.Mapped[str] = so.mapped_column(sa.String(16), default="warning")
    enabled: so.Mapped[bool] = so.mapped_column(default=True)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, onupdate=utcnow)

    location: so.Mapped[StorageLocation] = so.relationship()

    __table_args__ = (
        sa.UniqueConstraint("location_id", "metric"),
        sa.CheckConstraint(
            "minimum IS NULL OR maximum IS NULL OR minimum < maximum", name="range_ordered"
        ),
        sa.CheckConstraint("grace_minutes >= 0 AND grace_minutes <= 1440", name="grace_sane"),
        sa.CheckConstraint("severity IN ('warning', 'critical')", name="severity_known"),
    )

    def __repr__(self) -> str:
        return f"<Threshold {self.location_id}/{self.metric} {self.minimum}..{self.maximum}>"


class Alarm(db.Model):
    """An excursion that outlasted its grace period, or a device that went silent.

    ``open_key`` is set while the alarm is active and emptied when it clears; its unique
    constraint is what guarantees one active alarm per location, metric and kind even with
    several subscribers evaluating at once (NULLs never collide, on SQLite or PostgreSQL).
    """

    __tablename__ = "monitoring_alarms"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    location_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("storage_locations.id", ondelete="CASCADE"), index=True
    )
    kind: so.Mapped[str] = so.mapped_column(sa.String(16))
    metric: so.Mapped[str] = so.mapped_column(sa.String(32), default="")
    device_code: so.Mapped[str] = so.mapped_column(sa.String(64), default="")
    severity: so.Mapped[str] = so.mapped_column(sa.String(16), default="warning")
    direction: so.Mapped[str | None] = so.mapped_column(sa.String(8))
    limit_value: so.Mapped[float | None] = so.mapped_column(sa.Float)
    trigger_value: so.Mapped[float | None] = so.mapped_column(sa.Float)
    extreme_value: so.Mapped[float | None] = so.mapped_column(sa.Float)
    excursion_started_at: so.Mapped[datetime]
    opened_at: so.Mapped[datetime] = so.mapped_column(index=True)
    returned_at: so.Mapped[datetime | None]
    cleared_at: so.Mapped[datetime | None]
    acknowledged_at: so.Mapped[datetime | None]
    acknowledged_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    ack_comment: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    assigned_to_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    open_key: so.Mapped[str | None] = so.mapped_column(sa.String(160), unique=True)

    location: so.Mapped[StorageLocation] = so.relationship()
    acknowledged_by: so.Mapped[User | None] = so.relationship(foreign_keys=[acknowledged_by_id])
    assigned_to: so.Mapped[User | None] = so.relationship(foreign_keys=[assigned_to_id])
    events: so.Mapped[list[AlarmEvent]] = so.relationship(
        back_populates="alarm",
        order_by="AlarmEvent.at, AlarmEvent.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __table_args__ = (
        sa.CheckConstraint("kind IN ('threshold', 'offline')", name="kind_known"),
        sa.CheckConstraint("severity IN ('warning', 'critical')", name="severity_known"),
        sa.Index("ix_monitoring_alarms_unacknowledged", "acknowledged_at", "opened_at"),
    )

    def __repr__(self) -> str:
        return f"<Alarm {self.id} {self.kind} {self.location_id}/{self.metric or self.device_code}>"


class AlarmEvent(db.Model):
    """One line of an alarm's history: opened, cleared, acknowledged, assigned, re-opened."""

    __tablename__ = "monitoring_alarm_events"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    alarm_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("monitoring_alarms.id", ondelete="CASCADE"), index=True
    )
    action: so.Mapped[str] = so.mapped_column(sa.String(16))
    at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    user_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    username: so.Mapped[str] = so.mapped_column(sa.String(64), default="system")
    comment: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    value: so.Mapped[float | None] = so.mapped_column(sa.Float)

    alarm: so.Mapped[Alarm] = so.relationship(back_populates="events")


class MetricTrack(db.Model):
    """What the alarm rules remember about one device's metric at one location between batches.

    Persisted so that an excursion which began before a subscriber restart still counts
    towards the grace period after it. One per device, so two sensors in a room never
    cancel each other's excursions out (``device_code`` is empty for readings of no device).
    """

    __tablename__ = "monitoring_tracks"

    location_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("storage_locations.id", ondelete="CASCADE"), primary_key=True
    )
    metric: so.Mapped[str] = so.mapped_column(sa.String(32), primary_key=True)
    device_code: so.Mapped[str] = so.mapped_column(sa.String(64), primary_key=True, default="")
    excursion_since: so.Mapped[datetime | None]
    direction: so.Mapped[str | None] = so.mapped_column(sa.String(8))
    extreme: so.Mapped[float | None] = so.mapped_column(sa.Float)
    in_range_since: so.Mapped[datetime | None]
    alarm_active: so.Mapped[bool] = so.mapped_column(default=False)
    last_ts: so.Mapped[datetime | None]
    last_value: so.Mapped[float | None] = so.mapped_column(sa.Float)
