"""The climate source backed by the sensors feature's tables, through ``germbank.timeseries``.

Readings belong to the location their device was placed at when they were taken; the
sensors feature's query functions already restrict each series to its device's stays, so
this class only translates their answers into monitoring's shapes.
"""

from __future__ import annotations

import importlib.util

from germbank.extensions import db
from germbank.monitoring.exposure import HourBucket
from germbank.monitoring.services.registry import PlacedDevice, PlacementIndex


def sensors_available() -> bool:
    """True once the sensors feature's models are present."""
    return importlib.util.find_spec("germbank.models.sensors") is not None


class SensorsClimateSource:
    """Answers monitoring's questions from the sensors tables (empty when there are none)."""

    def __init__(self) -> None:
        self.available = sensors_available()

    def raw(self, location_id, metric, start, end):
        """Readings at the location in [start, end), in time order."""
        if not self.available:
            return []
        from germbank import timeseries

        return timeseries.location_raw(db.session, location_id, metric, start, end)

    def hourly(self, location_id, metric, start, end):
        """Hourly buckets at the location, from the rollups."""
        if not self.available:
            return []
        from germbank import timeseries

        return [
            HourBucket(b.start, b.minimum, b.maximum, b.mean, b.count)
            for b in timeseries.location_hourly(db.session, location_id, metric, start, end)
        ]

    def latest(self, location_ids):
        """Newest reading per (location, metric)."""
        if not self.available or not location_ids:
            return {}
        from germbank import timeseries

        return timeseries.latest_by_location(db.session, location_ids)

    def metrics(self, location_ids):
        """Metrics measured per location."""
        if not self.available or not location_ids:
            return {}
        from germbank import timeseries

        return timeseries.location_metrics(db.session, location_ids)

    def sensed_locations(self):
        """Locations where a device was ever placed."""
        if not self.available:
            return set()
        from germbank import timeseries

        return timeseries.sensed_locations(db.session)

    def placements(self, device_codes):
        """Placement history of the named devices."""
        if not self.available or not device_codes:
            return PlacementIndex()
        from germbank import timeseries

        return PlacementIndex(timeseries.placement_spans(db.session, device_codes))

    def devices(self):
        """Devices placed somewhere now, with reporting interval and last-seen time."""
        if not self.available:
            return []
        from germbank import timeseries

        return [
            PlacedDevice(d.code, d.location_id, d.interval, d.last_seen, d.metrics)
            for d in timeseries.placed_devices(db.session)
        ]
