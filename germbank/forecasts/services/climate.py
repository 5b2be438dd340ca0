"""The climate each storage location lived through, fetched once per location and reused.

Why: a lot sits on a shelf but the sensors hang in the room, and the set point is written on
the room or the store. For every location this module finds the nearest place up the
hierarchy (itself included) that has air sensors, and the nearest that has a set point; it
reads that place's hourly rollups once and hands the same numpy series to every lot kept
there. Rendering the planner for hundreds of lots therefore costs one query per room.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from germbank.extensions import db
from germbank.forecasts.services import rollups
from germbank.models.locations import StorageLocation
from germbank.viability.exposure import ClimateSeries, SetPoint


class ClimateUnavailable(ValueError):
    """A location (and all its ancestors) has no set point, so gaps cannot be filled."""


@dataclass
class ClimateCache:
    """Locations, set points and hourly climate series, loaded lazily and kept for a request.

    until: the end of the history every forecast of this cache uses (normally now).
    """

    until: datetime
    locations: dict[int, StorageLocation] = field(default_factory=dict)
    _sensed: set[int] | None = None
    _ids: dict[str, int] | None = None
    _series: dict[int, ClimateSeries | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.locations:
            self.locations = {loc.id: loc for loc in db.session.scalars(sa.select(StorageLocation))}

    def code(self, location_id: int) -> str:
        """The location's code (what stays and the what-if call it)."""
        return self.locations[location_id].code

    def id_of(self, code: str) -> int:
        """The id of the location with this code."""
        if self._ids is None:
            self._ids = {loc.code: loc.id for loc in self.locations.values()}
        return self._ids[code]

    def ancestry(self, location_id: int) -> list[StorageLocation]:
        """The location then its parents up to the site."""
        chain, seen = [], set()
        current = self.locations.get(location_id)
        while current is not None and current.id not in seen:
            chain.append(current)
            seen.add(current.id)
            current = self.locations.get(current.parent_id) if current.parent_id else None
        return chain

    def setpoint_location(self, location_id: int) -> StorageLocation:
        """The nearest location up the tree with both a temperature and a humidity set point."""
        for place in self.ancestry(location_id):
            if place.setpoint_temperature is not None and place.setpoint_humidity is not None:
                return place
        code = self.locations[location_id].code if location_id in self.locations else location_id
        raise ClimateUnavailable(
            _(
                "Location %(code)s and its parents have no temperature and humidity set point.",
                code=code,
            )
        )

    def setpoint(self, location_id: int) -> SetPoint:
        place = self.setpoint_location(location_id)
        return SetPoint(float(place.setpoint_temperature), float(place.setpoint_humidity))

    def sensed_location(self, location_id: int) -> StorageLocation | None:
        """The nearest location up the tree where air sensors were ever placed."""
        if self._sensed is None:
            self._sensed = rollups.locations_with_air_sensors()
        for place in self.ancestry(location_id):
            if place.id in self._sensed:
                return place
        return None

    def series(self, location_id: int) -> ClimateSeries | None:
        """Hourly climate measured for a location (from its sensed ancestor), or None."""
        source = self.sensed_location(location_id)
        if source is None:
            return None
        if source.id not in self._series:
            self._series[source.id] = rollups.hourly_climate(source.id, until=self.until)
        return self._series[source.id]

    def subtree_codes(self, location_id: int) -> set[str]:
        """Codes of a location and every location below it (a store and its rooms)."""
        children: dict[int | None, list[int]] = {}
        for loc in self.locations.values():
            children.setdefault(loc.parent_id, []).append(loc.id)
        found, stack = set(), [location_id]
        while stack:
            current = stack.pop()
            if current in self.locations and self.code(current) not in found:
                found.add(self.code(current))
                stack.extend(children.get(current, []))
        return found
