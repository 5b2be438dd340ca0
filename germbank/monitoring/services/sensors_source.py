"""The climate source backed by the sensors feature's tables (readings, rollups, placements).

Until the sensors models are part of the checkout it answers "nothing measured yet", so the
monitoring pages work (thresholds, alarms) before any device is registered.
"""

from __future__ import annotations

import importlib.util


def sensors_available() -> bool:
    """True once the sensors feature's models are present."""
    return importlib.util.find_spec("germbank.models.sensors") is not None


class SensorsClimateSource:
    """Answers monitoring's questions from the sensors tables."""

    def raw(self, location_id, metric, start, end):
        """Readings at the location in [start, end)."""
        return []

    def hourly(self, location_id, metric, start, end):
        """Hourly buckets at the location."""
        return []

    def latest(self, location_ids):
        """Newest reading per (location, metric)."""
        return {}

    def metrics(self, location_ids):
        """Metrics measured per location."""
        return {}

    def sensed_locations(self):
        """Locations where a device was ever placed."""
        return set()

    def placements(self, device_codes):
        """Placement history of the named devices."""
        from germbank.monitoring.services.registry import PlacementIndex

        return PlacementIndex()

    def devices(self):
        """Devices placed somewhere now."""
        return []
