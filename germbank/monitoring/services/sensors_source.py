"""The climate source backed by the sensors feature's tables, through its location queries.

Readings belong to the location their device was placed at when they were taken; the
sensors feature's query functions (``germbank.devices.queries``, earlier in
``germbank.timeseries``) already restrict each series to its device's stays, so this class
only translates their answers into monitoring's shapes.
"""

from __future__ import annotations

import importlib
import importlib.util
from datetime import timedelta

from germbank.extensions import db
from germbank.monitoring.exposure import HourBucket
from germbank.monitoring.services.registry import PlacedDevice, PlacementIndex

QUERY_MODULES = ("germbank.devices.queries", "germbank.timeseries")


def location_queries():
    """The sensors feature's module of location-level queries, or None before it exists."""
    if importlib.util.find_spec("germbank.models.sensors") is None:
        return None
    for name in QUERY_MODULES:
        if importlib.util.find_spec(name) is not None:
            module = importlib.import_module(name)
            if hasattr(module, "location_hourly") and hasattr(module, "placed_devices"):
                return module
    return None


class SensorsClimateSource:
    """Answers monitoring's questions from the sensors tables (empty when there are none)."""

    def __init__(self) -> None:
        self.queries = location_queries()
        self.available = self.queries is not None

    def raw(self, location_id, metric, start, end):
        """Readings at the location in [start, end), in time order."""
        if not self.available:
            return []
        return self.queries.location_raw(db.session, location_id, metric, start, end)

    def raw_ms(self, location_id, metric, start, end):
        """``raw`` as (epoch ms, value), what charts draw without a datetime per reading; None
        when the queries module has no such variant (then ``raw`` answers)."""
        if not self.available:
            return []
        if not hasattr(self.queries, "location_raw_ms"):
            return None
        return self.queries.location_raw_ms(db.session, location_id, metric, start, end)

    def hourly(self, location_id, metric, start, end):
        """Hourly buckets at the location, from the rollups."""
        if not self.available:
            return []
        return [
            HourBucket(b.start, b.minimum, b.maximum, b.mean, b.count)
            for b in self.queries.location_hourly(db.session, location_id, metric, start, end)
        ]

    def buckets(self, location_id, metric, start, end, max_points: int, width_hours: int):
        """Buckets grouped by the database, or None when its grid is not ``width_hours``."""
        if not self.available or not hasattr(self.queries, "location_buckets"):
            return None
        from germbank import timeseries

        width = timeseries.bucket_width(start, end, max_points, hourly=True)
        if width != timedelta(hours=width_hours):
            return None
        return [
            HourBucket(b.start, b.minimum, b.maximum, b.mean, b.count)
            for b in self.queries.location_buckets(
                db.session, location_id, metric, start, end, max_buckets=max_points
            )
        ]

    def buckets_ms(self, location_id, metric, start, end, max_points: int, width_hours: int):
        """``buckets`` as (start epoch ms, minimum, maximum, mean, count) tuples, or None."""
        if not self.available or not hasattr(self.queries, "location_buckets_ms"):
            return None
        from germbank import timeseries

        width = timeseries.bucket_width(start, end, max_points, hourly=True)
        if width != timedelta(hours=width_hours):
            return None
        return self.queries.location_buckets_ms(
            db.session, location_id, metric, start, end, max_buckets=max_points
        )

    def latest(self, location_ids):
        """Newest reading per (location, metric)."""
        if not self.available or not location_ids:
            return {}
        return self.queries.latest_by_location(db.session, location_ids)

    def metrics(self, location_ids):
        """Metrics measured per location."""
        if not self.available or not location_ids:
            return {}
        return self.queries.location_metrics(db.session, location_ids)

    def sensed_locations(self):
        """Locations where a device was ever placed."""
        if not self.available:
            return set()
        return self.queries.sensed_locations(db.session)

    def placements(self, device_codes):
        """Placement history of the named devices."""
        if not self.available or not device_codes:
            return PlacementIndex()
        return PlacementIndex(self.queries.placement_spans(db.session, device_codes))

    def devices(self):
        """Devices placed somewhere now, with reporting interval and last-seen time."""
        if not self.available:
            return []
        return [
            PlacedDevice(d.code, d.location_id, d.interval, d.last_seen, d.metrics)
            for d in self.queries.placed_devices(db.session)
        ]
