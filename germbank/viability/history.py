"""Integrating the viability equation over the climate a lot really experienced.

Why: at constant conditions v = Ki − p/σ, but a real store drifts, fails and gets repaired,
and lots move. Within each interval of the lot's timeline σ is constant, so the probits lost
are Σ duration_i / σ_i (exact, not an approximation), and viability at any date is
v(t) = Ki − ∫ dt/σ(T(t), m(t)). Beyond the last reading the forecast extrapolates at one
constant rate, by default the current location's set point: the forecast then answers "if the
store does its job from now on", while a past failure stays in the history where it happened.
"recent_mean" instead extrapolates the mean loss rate of the last `recent_days` (use it for a
store that runs systematically off its set point); the mean is taken of 1/σ, the rate, because
averaging temperature first would understate the damage of warm spells.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Literal

import numpy as np

from germbank.viability.equation import (
    VALID_MOISTURE_PCT,
    VALID_TEMPERATURE_C,
    SpeciesConstants,
    loss_rate_per_day,
    percent_to_probit,
    probit_to_percent,
)
from germbank.viability.exposure import Exposure
from germbank.viability.moisture import MoistureModel
from germbank.viability.timebase import MAX_REPRESENTABLE_DAY, from_days, to_days

ForwardBasis = Literal["setpoint", "recent_mean"]
DEFAULT_MOISTURE_FLOOR_PCT = 3.6


@dataclass(frozen=True)
class StaySummary:
    """What one stay contributed: the agronomist's answer to "why this prediction?"."""

    location: str
    start: datetime
    end: datetime
    days: float
    measured_fraction: float
    mean_temperature_c: float
    mean_rh_pct: float
    mean_moisture_pct: float
    probit_loss: float


@dataclass(frozen=True, eq=False)
class ViabilityForecast:
    """Predicted viability of one lot over time; build it with `forecast()`.

    Arrays are per interval of `exposure`: `moisture_pct` the seed moisture the isotherm gives
    (before the floor), `rate` probits lost per day, `cumulative_loss` probits lost at each edge.
    """

    ki: float
    constants: SpeciesConstants
    moisture_model: MoistureModel
    exposure: Exposure
    moisture_pct: np.ndarray
    moisture_floor_pct: float
    rate: np.ndarray
    cumulative_loss: np.ndarray
    forward_rate: float
    forward_basis: str

    @classmethod
    def from_rates(cls, exposure, moisture_pct, rate, *, ki, constants, model, floor, forward):
        """Assemble from per-interval loss rates (used by forecast() and the what-if).

        forward: (rate in probits/day after the history, basis name).
        """
        cumulative = np.concatenate([[0.0], np.cumsum(rate * np.diff(exposure.edges))])
        forward_rate, basis = forward
        return cls(
            ki,
            constants,
            model,
            exposure,
            moisture_pct,
            floor,
            rate,
            cumulative,
            forward_rate,
            basis,
        )

    @property
    def start(self) -> datetime:
        return from_days(self.exposure.start_day)

    @property
    def history_end(self) -> datetime:
        """End of the known history; after it the forecast extrapolates."""
        return from_days(self.exposure.end_day)

    @property
    def measured_fraction(self) -> float:
        return self.exposure.measured_fraction

    @property
    def setpoint_fill_days(self) -> float:
        """Days of history where measurements were missing and the set point was assumed."""
        return float(self.exposure.durations[~self.exposure.measured].sum())

    @property
    def days_at_moisture_floor(self) -> float:
        """Days drier than the low-moisture limit (counted at the limit, not below)."""
        return float(self.exposure.durations[self.moisture_pct < self.moisture_floor_pct].sum())

    @property
    def days_outside_validity(self) -> float:
        """Days outside −20…90 °C or wetter than 25 %: the equation is extrapolated there."""
        temperature = self.exposure.temperature_c
        outside = (
            (temperature < VALID_TEMPERATURE_C[0])
            | (temperature > VALID_TEMPERATURE_C[1])
            | (self.moisture_pct > VALID_MOISTURE_PCT[1])
        )
        return float(self.exposure.durations[outside].sum())

    def loss_days(self, days) -> np.ndarray:
        """Probits lost from storage start to the given day numbers (vectorised)."""
        days = np.asarray(days, dtype=float)
        edges, start, end = self.exposure.edges, self.exposure.start_day, self.exposure.end_day
        loss = self.forward_rate * np.maximum(days - end, 0.0)
        if len(self.rate):
            inside = np.clip(days, start, end)
            index = np.clip(np.searchsorted(edges, inside, side="right") - 1, 0, len(self.rate) - 1)
            loss = loss + self.cumulative_loss[index] + self.rate[index] * (inside - edges[index])
        return np.where(days < start, 0.0, loss)

    def loss_at(self, when: datetime | date) -> float:
        """Probits lost between storage start and `when`."""
        return float(self.loss_days(to_days(when)))

    def probit_at(self, when: datetime | date) -> float:
        return self.ki - self.loss_at(when)

    def percent_at(self, when: datetime | date) -> float:
        """Predicted germination % at a date (history, then extrapolation)."""
        return probit_to_percent(self.probit_at(when))

    def crossing_day(self, threshold_pct: float) -> float | None:
        """Day number when predicted germination reaches the threshold; None if never."""
        if not 0.0 < threshold_pct < 100.0:
            raise ValueError("threshold must be strictly between 0 and 100 %")
        target = self.ki - percent_to_probit(threshold_pct)
        if target <= 0:
            return self.exposure.start_day
        total = self.cumulative_loss[-1]
        if target <= total:
            index = int(np.searchsorted(self.cumulative_loss, target, side="left"))
            before = self.cumulative_loss[index - 1]
            return float(self.exposure.edges[index - 1] + (target - before) / self.rate[index - 1])
        if self.forward_rate <= 0:
            return None
        day = self.exposure.end_day + (target - total) / self.forward_rate
        return float(day) if day < MAX_REPRESENTABLE_DAY else None

    def crossing_date(self, threshold_pct: float) -> datetime | None:
        """Date predicted germination falls to the threshold (storage start if already below)."""
        day = self.crossing_day(threshold_pct)
        return None if day is None else from_days(day)

    def curve(self, until: datetime | date, points: int = 200) -> list[tuple[datetime, float]]:
        """(date, predicted %) pairs from storage start to `until`, for the lot chart."""
        if points < 2:
            raise ValueError("a curve needs at least two points")
        end = to_days(until, name="until")
        if end <= self.exposure.start_day:
            raise ValueError("the curve must end after storage started")
        days = np.linspace(self.exposure.start_day, end, points)
        probits = self.ki - self.loss_days(days)
        return [(from_days(d), probit_to_percent(p)) for d, p in zip(days, probits, strict=True)]

    def stay_summaries(self) -> list[StaySummary]:
        """Per stay: time, measurement coverage, mean climate and probits lost there."""
        exposure, count = self.exposure, len(self.exposure.stays)
        durations = exposure.durations
        index = exposure.stay_index

        def total(weights):
            return np.bincount(index, weights=weights, minlength=count)

        days = total(durations)
        loss = total(durations * self.rate)
        safe = np.where(days > 0, days, 1.0)
        means = {
            "measured": total(durations * exposure.measured) / safe,
            "temperature": total(durations * exposure.temperature_c) / safe,
            "rh": total(durations * exposure.rh_pct) / safe,
            "moisture": total(durations * self.moisture_pct) / safe,
        }
        summaries = []
        for position, stay in enumerate(exposure.stays):
            if days[position] <= 0:
                continue
            first = exposure.edges[:-1][index == position][0]
            summaries.append(
                StaySummary(
                    location=stay.location,
                    start=from_days(first),
                    end=from_days(first + days[position]),
                    days=float(days[position]),
                    measured_fraction=float(means["measured"][position]),
                    mean_temperature_c=float(means["temperature"][position]),
                    mean_rh_pct=float(means["rh"][position]),
                    mean_moisture_pct=float(means["moisture"][position]),
                    probit_loss=float(loss[position]),
                )
            )
        return summaries

    def with_ki(self, ki: float) -> ViabilityForecast:
        """The same forecast for another initial viability (e.g. after calibration)."""
        return replace(self, ki=float(ki))


def forecast(
    exposure: Exposure,
    constants: SpeciesConstants,
    moisture_model: MoistureModel,
    ki: float,
    *,
    forward: ForwardBasis = "setpoint",
    recent_days: float = 30.0,
    moisture_floor_pct: float | None = None,
) -> ViabilityForecast:
    """Predict a lot's viability from its exposure, crop constants and moisture model.

    ki: initial viability in probits (NED) at storage start. moisture_floor_pct defaults to
    the constants' own `moisture_floor_pct` (crop sets carry one), else 3.6 %.
    """
    if forward not in ("setpoint", "recent_mean"):
        raise ValueError(f"forward must be 'setpoint' or 'recent_mean', got {forward!r}")
    if recent_days <= 0:
        raise ValueError("recent_days must be positive")
    floor = moisture_floor_pct
    if floor is None:
        floor = getattr(constants, "moisture_floor_pct", DEFAULT_MOISTURE_FLOOR_PCT)
    moisture = np.asarray(
        moisture_model.moisture_wet(exposure.rh_pct, exposure.temperature_c), dtype=float
    ).reshape(-1)
    rate = loss_rate_per_day(exposure.temperature_c, np.maximum(moisture, floor), constants)
    rate = np.asarray(rate, dtype=float).reshape(-1)
    setpoint = exposure.stays[exposure.current_stay_index].setpoint
    setpoint_moisture = max(
        float(moisture_model.moisture_wet(setpoint.rh_pct, setpoint.temperature_c)), floor
    )
    setpoint_rate = float(loss_rate_per_day(setpoint.temperature_c, setpoint_moisture, constants))
    result = ViabilityForecast.from_rates(
        exposure,
        moisture,
        rate,
        ki=float(ki),
        constants=constants,
        model=moisture_model,
        floor=floor,
        forward=(setpoint_rate, "setpoint"),
    )
    history_days = exposure.end_day - exposure.start_day
    if forward == "recent_mean" and history_days > 0:
        window = min(recent_days, history_days)
        recent_loss = result.cumulative_loss[-1] - float(
            result.loss_days(exposure.end_day - window)
        )
        result = replace(
            result, forward_rate=float(recent_loss / window), forward_basis="recent_mean"
        )
    return result
