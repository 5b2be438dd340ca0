"""Device registry services: connection state, placing devices, rejections, ingest health.

Views and the CLI call these; they add and flush, the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so

from germbank import audit
from germbank.extensions import db
from germbank.models import StorageLocation
from germbank.models.sensors import (
    Device,
    HourlyRollup,
    IngestCounter,
    Placement,
    Reading,
    RejectedMessage,
)
from germbank.orm import utcnow
from germbank.timeseries import to_ms

MISSED_INTERVALS = 3  # silent for three reporting intervals: offline


class PlacementError(ValueError):
    """A placement that would contradict the device's history; `code` names the rule."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class DeviceRow:
    """A device as the technicians' page lists it."""

    device: Device
    state: str  # online | offline | silent | never
    location: StorageLocation | None
    placed_from: datetime | None


def connection_state(device: Device, now: datetime | None = None) -> str:
    """`online`, `offline` (its status or Last Will says so), `silent` (nothing for three
    intervals although its status says online) or `never` (never heard from)."""
    now = now or utcnow()
    if device.last_seen_at is None and device.status_online is None:
        return "never"
    if device.status_online is False:
        return "offline"
    limit = timedelta(seconds=device.interval_s * MISSED_INTERVALS)
    if device.last_seen_at is None or now - device.last_seen_at > limit:
        return "silent"
    return "online"


def current_placement(device: Device) -> Placement | None:
    """The open placement of the device, if it is placed somewhere now."""
    return next((p for p in device.placements if p.placed_to is None), None)


def device_rows(unassigned_only: bool = False) -> list[DeviceRow]:
    """Every device with its state and current location, unassigned ones first."""
    devices = db.session.scalars(
        sa.select(Device).options(
            so.selectinload(Device.placements).selectinload(Placement.location),
            so.selectinload(Device.series),
        ).order_by(Device.code)
    ).all()
    now = utcnow()
    rows = []
    for device in devices:
        placement = current_placement(device)
        if unassigned_only and placement is not None:
            continue
        rows.append(DeviceRow(device, connection_state(device, now),
                              placement.location if placement else None,
                              placement.placed_from if placement else None))
    rows.sort(key=lambda row: (row.location is not None, row.device.code))
    return rows


def place_device(device: Device, location: StorageLocation | None,
                 at: datetime | None = None) -> Placement | None:
    """Move the device to `location` from `at` (default now); None takes it down.

    The open placement ends at `at`; readings before `at` keep their old location.
    """
    at = at or utcnow()
    current = current_placement(device)
    if current is not None:
        if at <= current.placed_from:
            raise PlacementError(
                "before_current", "the move must be after the device's current placement began"
            )
        if location is not None and current.location_id == location.id:
            raise PlacementError("same_location", "the device is already at this location")
        current.placed_to = at
    elif location is None:
        raise PlacementError("not_placed", "the device is not placed anywhere")
    else:
        last_end = max((p.placed_to for p in device.placements if p.placed_to), default=None)
        if last_end is not None and at < last_end:
            raise PlacementError("overlap", "the device was elsewhere at that time")
    placement = None
    if location is not None:
        placement = Placement(device_id=device.id, location_id=location.id, placed_from=at)
        db.session.add(placement)
    device.auto_registered = False
    db.session.flush()
    audit.record(
        "device", device.id, "update",
        {"location": [current.location.code if current else None,
                      location.code if location else None], "at": [None, at.isoformat()]},
        summary=f"{device.code} -> {location.code if location else 'unassigned'}",
    )
    return placement


def update_device(device: Device, *, name: str, interval_s: int, notes: str) -> None:
    """Describe a device (name, reporting interval, notes), with an audit entry."""
    before = audit.snapshot(device, ["name", "interval_s", "notes"])
    device.name, device.interval_s, device.notes = name, interval_s, notes
    audit.record_update("device", device, before, summary=device.code)


def rejected_query(device_code: str | None = None):
    """Rejected messages, newest first, optionally of one device."""
    query = sa.select(RejectedMessage).order_by(RejectedMessage.received_at.desc(),
                                                RejectedMessage.id.desc())
    if device_code:
        query = query.where(RejectedMessage.device_code == device_code)
    return query


def ingest_health(now: datetime | None = None) -> dict:
    """Totals over every subscriber, plus each subscriber's own row (for the page and JSON)."""
    now = now or utcnow()
    counters = db.session.scalars(sa.select(IngestCounter).order_by(IngestCounter.client_id))
    subscribers = []
    totals = {"received": 0, "stored": 0, "duplicates": 0, "rejected": 0, "rate_per_s": 0.0}
    last_message, newest_reading = None, None
    for row in counters:
        fresh = row.updated_at is not None and now - row.updated_at < timedelta(minutes=2)
        subscribers.append({
            "client_id": row.client_id, "received": row.received, "stored": row.stored,
            "duplicates": row.duplicates, "rejected": row.rejected, "batches": row.batches,
            "rate_per_s": round(row.rate_per_s if fresh else 0.0, 1),
            "lag_s": row.lag_s, "connected": bool(row.connected and fresh),
            "sink_failures": row.sink_failures,
            "last_message_at": _iso(row.last_message_at),
            "newest_reading_at": _iso(row.newest_reading_at),
            "started_at": _iso(row.started_at), "updated_at": _iso(row.updated_at),
        })
        for key in ("received", "stored", "duplicates", "rejected"):
            totals[key] += getattr(row, key)
        totals["rate_per_s"] += row.rate_per_s if fresh else 0.0
        last_message = max(filter(None, (last_message, row.last_message_at)), default=None)
        newest_reading = max(filter(None, (newest_reading, row.newest_reading_at)), default=None)
    return {
        **totals,
        "rate_per_s": round(totals["rate_per_s"], 1),
        "last_message_at": _iso(last_message),
        "newest_reading_at": _iso(newest_reading),
        "seconds_since_last_message": (now - last_message).total_seconds()
        if last_message else None,
        "lag_s": max((s["lag_s"] for s in subscribers if s["lag_s"] is not None), default=None),
        "subscribers": subscribers,
        "devices": db.session.scalar(sa.select(sa.func.count()).select_from(Device)),
        "unassigned": db.session.scalar(
            sa.select(sa.func.count()).select_from(Device).where(
                ~sa.exists().where(Placement.device_id == Device.id, Placement.placed_to.is_(None))
            )
        ),
        "rejected_last_day": db.session.scalar(
            sa.select(sa.func.count()).select_from(RejectedMessage)
            .where(RejectedMessage.received_at >= now - timedelta(days=1))
        ),
    }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def prune(raw_older_than: timedelta, rejected_older_than: timedelta | None = None,
          now: datetime | None = None) -> dict[str, int]:
    """Delete raw readings (and rejections) older than the retention; rollups stay."""
    now = now or utcnow()
    cutoff = to_ms(now - raw_older_than)
    readings = db.session.execute(sa.delete(Reading).where(Reading.ts < cutoff)).rowcount
    rejected = 0
    if rejected_older_than is not None:
        rejected = db.session.execute(
            sa.delete(RejectedMessage)
            .where(RejectedMessage.received_at < now - rejected_older_than)
        ).rowcount
    return {"readings": readings, "rejected": rejected,
            "rollups_kept": db.session.scalar(sa.select(sa.func.count())
                                              .select_from(HourlyRollup))}
