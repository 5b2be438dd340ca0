"""Shared per-location timelines: the planner's way of forecasting hundreds of lots quickly.

Why: lots in the same room share its hourly climate, so the gap-filled timeline of that room
and the loss rate of every hour (for a given crop's constants and moisture relation) are the
same for all of them. Building them once per room, and giving each lot the slices of the
rooms it stayed in, turns hundreds of full integrations into hundreds of array slices.

The result is exactly what :func:`germbank.viability.exposure.build_exposure` and
:func:`germbank.viability.history.forecast` give for the lot (a test compares both): the
room timeline is built by the same function, a slice of it clipped to a stay is what
``build_exposure`` builds for that stay, and the rates are the same elementwise formula.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from germbank.forecasts.services.climate import ClimateCache
from germbank.viability.constants import CropConstants
from germbank.viability.equation import loss_rate_per_day
from germbank.viability.exposure import Exposure, Stay, build_exposure
from germbank.viability.history import ViabilityForecast
from germbank.viability.moisture import MoistureModel
from germbank.viability.timebase import to_days


@dataclass
class _Timeline:
    """A location's gap-filled climate from `first_day` to the cache's `until`."""

    exposure: Exposure
    first_day: float
    rates: dict[tuple, tuple[np.ndarray, np.ndarray, float]] = field(default_factory=dict)


@dataclass
class LocationTimelines:
    """Room timelines and their loss rates, built lazily and shared within one request."""

    cache: ClimateCache
    _timelines: dict[tuple, _Timeline] = field(default_factory=dict)
    _earliest: dict[tuple, datetime] = field(default_factory=dict)

    def reserve(self, stays: Sequence[Stay]) -> None:
        """Note how far back each location's timeline must reach (call for every lot first)."""
        for stay in stays:
            key = _key(stay)
            self._earliest[key] = min(stay.start, self._earliest.get(key, stay.start))

    def forecast(
        self,
        stays: Sequence[Stay],
        constants: CropConstants,
        model: MoistureModel,
        ki: float,
    ) -> ViabilityForecast:
        """The lot's forecast, assembled from the timelines of the places it stayed in."""
        until = to_days(self.cache.until)
        windows = _windows(stays, until)
        parts = []
        for index, (stay, (start, end)) in enumerate(zip(stays, windows, strict=True)):
            if end > start:
                parts.append((index, stay, start, end))
        if not parts:
            raise ValueError("the lot has no storage time before the forecast date")
        pieces = [self._slice(stay, start, end, constants, model) for _, stay, start, end in parts]
        edges = np.concatenate([p[0][:-1] for p in pieces] + [pieces[-1][0][-1:]])
        exposure = Exposure(
            edges=edges,
            temperature_c=np.concatenate([p[1] for p in pieces]),
            rh_pct=np.concatenate([p[2] for p in pieces]),
            measured=np.concatenate([p[3] for p in pieces]),
            stay_index=np.concatenate(
                [np.full(len(p[1]), part[0]) for p, part in zip(pieces, parts, strict=True)]
            ),
            stays=tuple(stays),
        )
        current = stays[exposure.current_stay_index]
        forward = self._rates(self._timeline(current), current, constants, model)[2]
        return ViabilityForecast.from_rates(
            exposure,
            np.concatenate([p[4] for p in pieces]),
            np.concatenate([p[5] for p in pieces]),
            ki=float(ki),
            constants=constants,
            model=model,
            floor=constants.moisture_floor_pct,
            forward=(forward, "setpoint"),
        )

    def _timeline(self, stay: Stay) -> _Timeline:
        key = _key(stay)
        first = min(self._earliest.get(key, stay.start), stay.start)
        timeline = self._timelines.get(key)
        if timeline is None or timeline.first_day > to_days(first):
            whole = Stay(stay.location, first, None, stay.setpoint)
            series = self.cache.series(self.cache.id_of(stay.location))
            climate = {stay.location: series} if series is not None else {}
            exposure = build_exposure([whole], climate, self.cache.until)
            timeline = _Timeline(exposure, to_days(first))
            self._timelines[key] = timeline
        return timeline

    def _rates(self, timeline: _Timeline, stay: Stay, constants, model):
        """(moisture before the floor, loss rate, set-point rate) along a location timeline."""
        key = (_constants_key(constants), tuple(sorted(model.to_config().items())))
        if key not in timeline.rates:
            exposure = timeline.exposure
            moisture = np.asarray(
                model.moisture_wet(exposure.rh_pct, exposure.temperature_c), dtype=float
            ).reshape(-1)
            floor = constants.moisture_floor_pct
            rate = np.asarray(
                loss_rate_per_day(exposure.temperature_c, np.maximum(moisture, floor), constants),
                dtype=float,
            ).reshape(-1)
            setpoint = stay.setpoint
            set_moisture = max(
                float(model.moisture_wet(setpoint.rh_pct, setpoint.temperature_c)), floor
            )
            forward = float(loss_rate_per_day(setpoint.temperature_c, set_moisture, constants))
            timeline.rates[key] = (moisture, rate, forward)
        return timeline.rates[key]

    def _slice(self, stay: Stay, start: float, end: float, constants, model):
        """The part of the location's timeline in [start, end), clipped at both ends."""
        timeline = self._timeline(stay)
        moisture, rate, _forward = self._rates(timeline, stay, constants, model)
        exposure = timeline.exposure
        edges = exposure.edges
        first = max(int(np.searchsorted(edges, start, side="right")) - 1, 0)
        last = int(np.searchsorted(edges, end, side="left"))
        cut = slice(first, last)
        sliced_edges = edges[first : last + 1].copy()
        sliced_edges[0], sliced_edges[-1] = start, end
        return (
            sliced_edges,
            exposure.temperature_c[cut],
            exposure.rh_pct[cut],
            exposure.measured[cut],
            moisture[cut],
            rate[cut],
        )


def _key(stay: Stay) -> tuple:
    return (stay.location, stay.setpoint.temperature_c, stay.setpoint.rh_pct)


def _constants_key(constants: CropConstants) -> tuple:
    return (constants.ke, constants.cw, constants.ch, constants.cq, constants.moisture_floor_pct)


def _windows(stays: Sequence[Stay], until: float) -> list[tuple[float, float]]:
    """[start, end) of each stay in day numbers, clipped at `until` (as build_exposure does)."""
    windows = []
    for stay in stays:
        start = to_days(stay.start)
        end = until if stay.end is None else to_days(stay.end)
        windows.append((min(start, until), min(end, until)))
    return windows
