"""The climate source backed by the sensors feature's tables, through its location queries.

Readings belong to the location their device was placed at when they were taken;
``germbank.timeseries`` already restricts each series to its device's stays, so this class
only translates its answers into monitoring's shapes.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from germbank import timeseries
from germbank.extensions import db
from germbank.monitoring.exposure import HourBucket
from germbank.monitoring.services.registry import PlacedDevice, PlacementIndex


class SensorsClimateSource:
    """Answers monitoring's questions from the sensors tables."""

    def raw(self, location_id, metric, start, end):
        """Readings at the location in [start, end), in time order."""
        return timeseries.location_raw(db.session, location_id, metric, start, end)

    def raw_ms(self, location_id, metric, start, end):
        """``raw`` as (epoch ms, value), what charts draw without a datetime per reading."""
        return timeseries.location_raw_ms(db.session, location_id, metric, start, end)

    def hourly(self, location_id, metric, start, end):
        """Hourly buckets at the location, from the rollups."""
        return [
            HourBucket(b.start, b.minimum, b.maximum, b.mean, b.count)
            for b in timeseries.location_hourly(db.session, location_id, metric, start, end)
        ]

    def buckets(self, location_id, metric, start, end, max_points: int, width_hours: int):
        """Buckets grouped by the database, or None when its grid is not ``width_hours``."""
        if not _same_grid(start, end, max_points, width_hours):
            return None
        return [
            HourBucket(b.start, b.minimum, b.maximum, b.mean, b.count)
            for b in timeseries.location_buckets(
                db.session, location_id, metric, start, end, max_buckets=max_points
            )
        ]

    def buckets_ms(self, location_id, metric, start, end, max_points: int, width_hours: int):
        """``buckets`` as (start epoch ms, minimum, maximum, mean, count) tuples, or None."""
        if not _same_grid(start, end, max_points, width_hours):
            return None
        return timeseries.location_buckets_ms(
            db.session, location_id, metric, start, end, max_buckets=max_points
        )

    def latest(self, location_ids):
        """Newest reading per (location, metric)."""
        if not location_ids:
            return {}
        return timeseries.latest_by_location(db.session, location_ids)

    def metrics(self, location_ids):
        """Metrics measured per location."""
        if not location_ids:
            return {}
        return timeseries.location_metrics(db.session, location_ids)

    def sensed_locations(self):
        """Locations where a device was ever placed."""
        return timeseries.sensed_locations(db.session)

    def placements(self, device_codes):
        """Placement history of the named devices."""
        if not device_codes:
            return PlacementIndex()
        return PlacementIndex(timeseries.placement_spans(db.session, device_codes))

    def devices(self):
        """Devices placed somewhere now, with reporting interval and last-seen time."""
        return [
            PlacedDevice(d.code, d.location_id, d.interval, d.last_seen, d.metrics)
            for d in timeseries.placed_devices(db.session)
        ]


def _same_grid(start: datetime, end: datetime, max_points: int, width_hours: int) -> bool:
    """Whether the database groups this range on the chart's grid of ``width_hours``."""
    width = timeseries.bucket_width(start, end, max_points, hourly=True)
    return width == timedelta(hours=width_hours)
