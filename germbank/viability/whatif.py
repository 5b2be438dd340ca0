"""What-if: how far does a store excursion move each lot's predicted crossing date?

Why: after a cooling failure the curator asks "how bad was last week?". The excursion
"store runs +X °C (and/or +Y % RH) for D days from a date" is applied to every lot that was
(or will be) in that store then, and the crossing dates before and after are compared.

How: the lot's forecast timeline is split at the excursion's start and end; inside it each
interval's loss rate is multiplied by σ(T, m)/σ(T + ΔT, m′), where m′ is the seed moisture
the lot's moisture model gives at the perturbed climate (sealed seed keeps its moisture).
Parts of the excursion after the known history are taken against the store's set point, and
that factor is applied to the forecast's forward rate, so either forward assumption works.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from germbank.viability.equation import loss_rate_per_day
from germbank.viability.exposure import Exposure
from germbank.viability.history import ViabilityForecast
from germbank.viability.timebase import from_days, to_days


@dataclass(frozen=True)
class StoreExcursion:
    """The store runs off its climate: ΔT (and ΔRH) for `days` from `start`.

    location None applies the excursion wherever each lot was at the time.
    """

    start: datetime
    days: float
    delta_temperature_c: float
    delta_rh_pct: float = 0.0
    location: str | None = None

    def __post_init__(self) -> None:
        if not self.days > 0:
            raise ValueError("an excursion must last a positive number of days")


@dataclass(frozen=True)
class LotScenario:
    """A lot as the what-if sees it: its forecast and its regeneration threshold."""

    lot_id: Hashable
    forecast: ViabilityForecast
    threshold_pct: float


@dataclass(frozen=True)
class LotShift:
    """A lot's crossing date without and with the excursion; shift > 0 means earlier."""

    lot_id: Hashable
    old_crossing: datetime | None
    new_crossing: datetime | None
    shift_days: float | None
    moved: bool


@dataclass(frozen=True)
class WhatIfReport:
    """Per-lot shifts and how many moved by more than `moved_more_than_days`."""

    excursion: StoreExcursion
    shifts: tuple[LotShift, ...]
    moved_more_than_days: float
    moved_count: int


def perturbed_forecast(forecast: ViabilityForecast, excursion: StoreExcursion) -> ViabilityForecast:
    """The lot's forecast had the excursion happened (or if it happens)."""
    begin = to_days(excursion.start, name="excursion start")
    finish = begin + excursion.days
    exposure, moisture, base_rate = _extended(forecast, finish)
    cuts = [d for d in (begin, finish) if exposure.edges[0] < d < exposure.edges[-1]]
    edges = np.unique(np.concatenate([exposure.edges, cuts]))
    parent = np.searchsorted(exposure.edges, edges[:-1], side="right") - 1
    temperature = exposure.temperature_c[parent]
    rh = exposure.rh_pct[parent]
    stay_index = exposure.stay_index[parent]
    inside = (edges[:-1] >= begin) & (edges[1:] <= finish)
    if excursion.location is not None:
        locations = np.array([s.location for s in exposure.stays])
        inside &= locations[stay_index] == excursion.location
    new_temperature = np.where(inside, temperature + excursion.delta_temperature_c, temperature)
    new_rh = np.where(inside, np.clip(rh + excursion.delta_rh_pct, 0.0, 100.0), rh)
    new_moisture = np.asarray(
        forecast.moisture_model.moisture_wet(new_rh, new_temperature), dtype=float
    ).reshape(-1)
    factor = _rate(forecast, new_temperature, new_moisture) / _rate(
        forecast, temperature, moisture[parent]
    )
    new_exposure = Exposure(
        edges=edges,
        temperature_c=new_temperature,
        rh_pct=new_rh,
        measured=exposure.measured[parent],
        stay_index=stay_index,
        stays=exposure.stays,
    )
    return ViabilityForecast.from_rates(
        new_exposure,
        new_moisture,
        base_rate[parent] * factor,
        ki=forecast.ki,
        constants=forecast.constants,
        model=forecast.moisture_model,
        floor=forecast.moisture_floor_pct,
        forward=(forecast.forward_rate, forecast.forward_basis),
    )


def what_if(
    lots: Sequence[LotScenario], excursion: StoreExcursion, *, moved_more_than_days: float = 30.0
) -> WhatIfReport:
    """Apply one excursion to many lots; count those whose crossing moves > the given days."""
    shifts = []
    for lot in lots:
        old = lot.forecast.crossing_day(lot.threshold_pct)
        new = perturbed_forecast(lot.forecast, excursion).crossing_day(lot.threshold_pct)
        shift = None if old is None or new is None else float(old - new)
        moved = (old is None) != (new is None) or (
            shift is not None and abs(shift) > moved_more_than_days
        )
        shifts.append(
            LotShift(
                lot_id=lot.lot_id,
                old_crossing=lot.forecast.crossing_date(lot.threshold_pct),
                new_crossing=None if new is None else from_days(new),
                shift_days=shift,
                moved=bool(moved),
            )
        )
    return WhatIfReport(
        excursion=excursion,
        shifts=tuple(shifts),
        moved_more_than_days=moved_more_than_days,
        moved_count=sum(s.moved for s in shifts),
    )


def _extended(forecast: ViabilityForecast, until_day: float):
    """Exposure, moisture and base rates, with one set-point interval appended up to
    `until_day` if the excursion reaches past the history (its base rate: the forward rate).
    """
    exposure = forecast.exposure
    if until_day <= exposure.end_day:
        return exposure, forecast.moisture_pct, forecast.rate
    last = exposure.current_stay_index
    setpoint = exposure.stays[last].setpoint
    moisture = float(forecast.moisture_model.moisture_wet(setpoint.rh_pct, setpoint.temperature_c))
    extended = Exposure(
        edges=np.append(exposure.edges, until_day),
        temperature_c=np.append(exposure.temperature_c, setpoint.temperature_c),
        rh_pct=np.append(exposure.rh_pct, setpoint.rh_pct),
        measured=np.append(exposure.measured, False),
        stay_index=np.append(exposure.stay_index, last).astype(int),
        stays=exposure.stays,
    )
    return (
        extended,
        np.append(forecast.moisture_pct, moisture),
        np.append(forecast.rate, forecast.forward_rate),
    )


def _rate(forecast: ViabilityForecast, temperature: np.ndarray, moisture: np.ndarray) -> np.ndarray:
    floored = np.maximum(moisture, forecast.moisture_floor_pct)
    return np.asarray(loss_rate_per_day(temperature, floored, forecast.constants)).reshape(-1)
