"""The climate a lot actually lived in: its stays, where the air was measured, and exposure.

A lot sits on a shelf but the sensors hang in the room: each stay's *climate location* is the
nearest place up the location tree (the place itself first) where a device was ever placed.
Its thresholds judge the stay. Exposure is computed per stay over exactly the period the lot
was there, then combined.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from germbank.extensions import db
from germbank.models import StorageLocation
from germbank.models.monitoring import Threshold
from germbank.monitoring.exposure import Exposure, combine, exposure
from germbank.monitoring.metrics import sort_metrics
from germbank.monitoring.services.source import climate_source
from germbank.orm import utcnow

CLIMATE_METRICS = ("temperature", "humidity", "co2", "light", "soil_moisture")


@dataclass(slots=True)
class Stay:
    """A period a lot spent at one location, and where its climate was measured."""

    location: StorageLocation
    climate_location: StorageLocation | None
    start: datetime
    end: datetime | None

    def until(self, now: datetime) -> datetime:
        """The stay's end, or now for the current stay."""
        return self.end or now


@dataclass(slots=True)
class LotClimate:
    """Per-stay and total exposure of one lot, per metric."""

    lot: object
    stays: list[Stay]
    metrics: list[str]
    per_stay: list[dict[str, Exposure]] = field(default_factory=list)
    totals: dict[str, Exposure] = field(default_factory=dict)
    limits: list[dict[str, tuple[float | None, float | None]]] = field(default_factory=list)
    first_measured: datetime | None = None

    @property
    def since(self) -> datetime | None:
        """When the lot was first placed (storage began)."""
        return self.stays[0].start if self.stays else None


def climate_location(
    location: StorageLocation | None, sensed: set[int]
) -> StorageLocation | None:
    """The nearest location up the tree (itself first) where a device was ever placed."""
    node = location
    while node is not None:
        if node.id in sensed:
            return node
        node = node.parent
    return None


def lot_stays(lot, sensed: set[int] | None = None) -> list[Stay]:
    """The lot's stays from its movement history, each with its climate location."""
    from germbank.accessions.services.lots import location_history

    if sensed is None:
        sensed = climate_source().sensed_locations()
    history = location_history(lot)
    ids = {location_id for location_id, _start, _end in history}
    locations = {
        loc.id: loc
        for loc in db.session.scalars(sa.select(StorageLocation).where(StorageLocation.id.in_(ids)))
    } if ids else {}
    return [
        Stay(locations[location_id], climate_location(locations[location_id], sensed), start, end)
        for location_id, start, end in history
        if location_id in locations
    ]


def limits_at(location_ids: set[int]) -> dict[tuple[int, str], tuple[float | None, float | None]]:
    """Enabled threshold ranges of the locations, keyed by (location id, metric)."""
    if not location_ids:
        return {}
    return {
        (t.location_id, t.metric): (t.minimum, t.maximum)
        for t in db.session.scalars(
            sa.select(Threshold).where(
                Threshold.location_id.in_(location_ids), Threshold.enabled.is_(True)
            )
        )
    }


def lot_climate(lot, now: datetime | None = None) -> LotClimate:
    """Exposure of ``lot`` per stay and in total, since it was first stored."""
    now = now or utcnow()
    source = climate_source()
    stays = lot_stays(lot, source.sensed_locations())
    climate_ids = {s.climate_location.id for s in stays if s.climate_location is not None}
    measured = source.metrics(climate_ids)
    metrics = sort_metrics(
        m for ids in measured.values() for m in ids if m in CLIMATE_METRICS
    )
    limits = limits_at(climate_ids)
    result = LotClimate(lot=lot, stays=stays, metrics=metrics)
    for stay in stays:
        row: dict[str, Exposure] = {}
        row_limits: dict[str, tuple[float | None, float | None]] = {}
        place = stay.climate_location
        for metric in metrics:
            low, high = limits.get((place.id, metric), (None, None)) if place else (None, None)
            row_limits[metric] = (low, high)
            if place is None or metric not in measured.get(place.id, []):
                row[metric] = Exposure()
                continue
            end = stay.until(now)
            buckets = source.hourly(place.id, metric, stay.start.replace(minute=0, second=0,
                                                                         microsecond=0), end)
            row[metric] = exposure(buckets, low, high, stay.start, end)
            if buckets:
                first = max(buckets[0].start, stay.start)
                if result.first_measured is None or first < result.first_measured:
                    result.first_measured = first
        result.per_stay.append(row)
        result.limits.append(row_limits)
    result.totals = {m: combine(row[m] for row in result.per_stay) for m in metrics}
    return result


def exposure_json(value: Exposure) -> dict:
    """An exposure as plain JSON numbers (hours rounded to 0.1)."""
    return {
        "hours_covered": round(value.hours_covered, 1),
        "hours_out_of_range": round(value.hours_out_of_range, 1),
        "hours_above": round(value.hours_above, 1),
        "hours_below": round(value.hours_below, 1),
        "hours_with_excursion": round(value.hours_with_excursion, 1),
        "share_out_of_range": value.share_out_of_range,
        "lowest": value.lowest.value if value.lowest else None,
        "lowest_at": value.lowest.hour.isoformat() if value.lowest else None,
        "highest": value.highest.value if value.highest else None,
        "highest_at": value.highest.hour.isoformat() if value.highest else None,
        "mean": value.mean,
    }
