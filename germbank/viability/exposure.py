"""A seed lot's storage climate as one continuous, flagged timeline.

Why: a lot lives in a sequence of storage locations (it can be moved), each with hourly
climate rollups that have gaps when a sensor was offline. The viability integral needs every
moment of storage covered, so gaps are filled with the location's set point and flagged
"setpoint", never silently invented. The result is columnar numpy arrays so that three years
of hourly data (26,000 intervals) integrate in a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from germbank.viability.timebase import SECONDS_PER_DAY, datetime64_to_days, from_days, to_days

MEASURED = "measured"
SETPOINT = "setpoint"
_GAP_TOLERANCE_DAYS = 1.0 / 86_400.0  # gaps under a second are clock jitter, not missing data


@dataclass(frozen=True)
class SetPoint:
    """The climate a storage location is supposed to hold."""

    temperature_c: float
    rh_pct: float

    def __post_init__(self) -> None:
        if not np.isfinite(self.temperature_c):
            raise ValueError("set point temperature must be a finite number")
        if not 0 <= self.rh_pct <= 100:
            raise ValueError("set point relative humidity must be between 0 and 100 %")


@dataclass(frozen=True)
class Stay:
    """A period a lot spent in one storage location; end None means it is still there."""

    location: str
    start: datetime
    end: datetime | None
    setpoint: SetPoint


@dataclass(frozen=True)
class ClimateInterval:
    """Mean climate of a location over [start, end), e.g. one hourly rollup."""

    start: datetime
    end: datetime
    temperature_c: float
    rh_pct: float
    source: str = MEASURED


@dataclass(frozen=True, eq=False)
class ClimateSeries:
    """Columnar climate intervals of one location (day numbers, UTC); build with a factory."""

    start: np.ndarray
    end: np.ndarray
    temperature_c: np.ndarray
    rh_pct: np.ndarray
    measured: np.ndarray

    @classmethod
    def from_intervals(cls, intervals: Sequence[ClimateInterval]) -> ClimateSeries:
        """From interval objects (convenient; the array factory is faster for big series)."""
        for interval in intervals:
            if interval.source not in (MEASURED, SETPOINT):
                raise ValueError(
                    f"interval source must be measured or setpoint, got {interval.source!r}"
                )
        naive = next((i for i in intervals if i.start.tzinfo is None or i.end.tzinfo is None), None)
        if naive is not None:
            raise ValueError(f"interval times must be timezone-aware (UTC), got {naive.start}")
        return cls.from_arrays(
            start=np.array([i.start.timestamp() for i in intervals]) / SECONDS_PER_DAY,
            end=np.array([i.end.timestamp() for i in intervals]) / SECONDS_PER_DAY,
            temperature_c=np.array([i.temperature_c for i in intervals], dtype=float),
            rh_pct=np.array([i.rh_pct for i in intervals], dtype=float),
            measured=np.array([i.source == MEASURED for i in intervals], dtype=bool),
        )

    @classmethod
    def from_arrays(cls, *, start, end, temperature_c, rh_pct, measured=None) -> ClimateSeries:
        """From arrays: times as numpy datetime64 (read as UTC) or float day numbers.

        NaN temperature or RH (a sensor missing) is allowed; those intervals are later
        filled from the set point and flagged, never dropped.
        """
        start_days = _as_days(start, "start")
        end_days = _as_days(end, "end")
        temperature = np.asarray(temperature_c, dtype=float)
        rh = np.asarray(rh_pct, dtype=float)
        flags = np.ones(len(start_days), bool) if measured is None else np.asarray(measured, bool)
        if not len(start_days) == len(end_days) == len(temperature) == len(rh) == len(flags):
            raise ValueError("climate arrays must all have the same length")
        if np.any(end_days <= start_days):
            bad = int(np.argmax(end_days <= start_days))
            raise ValueError(
                f"climate interval {bad} ends before it starts ({from_days(start_days[bad])})"
            )
        if np.any((rh < 0) | (rh > 100)):
            raise ValueError("relative humidity must be between 0 and 100 %")
        order = np.argsort(start_days, kind="stable")
        return cls(start_days[order], end_days[order], temperature[order], rh[order], flags[order])


def _as_days(values, name: str) -> np.ndarray:
    array = np.asarray(values)
    if np.issubdtype(array.dtype, np.datetime64):
        return datetime64_to_days(array)
    if np.issubdtype(array.dtype, np.number):
        return array.astype(float)
    raise TypeError(f"climate {name} must be datetime64 or float day numbers, got {array.dtype}")


@dataclass(frozen=True, eq=False)
class Exposure:
    """Contiguous timeline of a lot's storage climate: interval i spans edges[i]..edges[i+1]."""

    edges: np.ndarray
    temperature_c: np.ndarray
    rh_pct: np.ndarray
    measured: np.ndarray
    stay_index: np.ndarray
    stays: tuple[Stay, ...]

    @property
    def start_day(self) -> float:
        return float(self.edges[0])

    @property
    def end_day(self) -> float:
        return float(self.edges[-1])

    @property
    def durations(self) -> np.ndarray:
        return np.diff(self.edges)

    @property
    def current_stay_index(self) -> int:
        """Index of the stay the lot is in at the end of the history (its forecast store)."""
        started = [i for i, s in enumerate(self.stays) if to_days(s.start) <= self.end_day]
        return started[-1] if started else 0

    @property
    def measured_fraction(self) -> float:
        """Share of storage time covered by measurements (the rest is set-point fill)."""
        total = self.end_day - self.start_day
        return float(self.durations[self.measured].sum() / total) if total > 0 else 0.0


def build_exposure(
    stays: Sequence[Stay],
    climate_by_location: Mapping[str, ClimateSeries],
    until: datetime,
) -> Exposure:
    """Join a lot's stays and their locations' climate into one flagged timeline up to `until`.

    Stays must be in order and continuous (each starts where the previous ended). Climate
    outside a stay is ignored; overlapping intervals within a location are an error.
    """
    if not stays:
        raise ValueError("a lot needs at least one stay to have a storage history")
    until_day = to_days(until, name="until")
    windows = _stay_windows(stays, until_day)
    parts = []
    for index, (stay, (window_start, window_end)) in enumerate(zip(stays, windows, strict=True)):
        if window_end > window_start:
            series = climate_by_location.get(stay.location)
            parts.append((index, *_fill_stay(stay, series, window_start, window_end)))
    if not parts:
        empty = np.empty(0)
        return Exposure(
            np.array([windows[0][0]]),
            empty,
            empty,
            empty.astype(bool),
            empty.astype(int),
            tuple(stays),
        )
    return Exposure(
        edges=np.append(np.concatenate([p[1] for p in parts]), parts[-1][2][-1]),
        temperature_c=np.concatenate([p[3] for p in parts]),
        rh_pct=np.concatenate([p[4] for p in parts]),
        measured=np.concatenate([p[5] for p in parts]),
        stay_index=np.concatenate([np.full(len(p[1]), p[0]) for p in parts]),
        stays=tuple(stays),
    )


def _stay_windows(stays: Sequence[Stay], until_day: float) -> list[tuple[float, float]]:
    """[start, end) in day numbers per stay, clipped at `until`, checking continuity."""
    windows = []
    for position, stay in enumerate(stays):
        start = to_days(stay.start, name=f"stay {position} start")
        end = until_day if stay.end is None else to_days(stay.end, name=f"stay {position} end")
        if stay.end is None and position != len(stays) - 1:
            raise ValueError(
                f"only the last stay may be open-ended (stay {position}, {stay.location})"
            )
        if end < start:
            raise ValueError(f"stay {position} ({stay.location}) ends before it starts")
        if windows and abs(start - windows[-1][1]) > _GAP_TOLERANCE_DAYS:
            raise ValueError(
                f"stay {position} ({stay.location}) starts at {stay.start.isoformat()} but the "
                "previous stay ended at another time; stays must be continuous"
            )
        windows.append((start, end))
    return [(min(start, until_day), min(end, until_day)) for start, end in windows]


def _fill_stay(stay: Stay, series: ClimateSeries | None, lo: float, hi: float):
    """Intervals of one stay within [lo, hi), gaps and missing values filled from the set point."""
    if series is None or len(series.start) == 0:
        starts, ends = np.empty(0), np.empty(0)
        temperature, rh, measured = np.empty(0), np.empty(0), np.empty(0, bool)
    else:
        keep = (series.end > lo) & (series.start < hi)
        starts = np.clip(series.start[keep], lo, hi)
        ends = np.clip(series.end[keep], lo, hi)
        temperature = series.temperature_c[keep]
        rh = series.rh_pct[keep]
        missing = ~np.isfinite(temperature) | ~np.isfinite(rh)
        measured = series.measured[keep] & ~missing
        temperature = np.where(missing, stay.setpoint.temperature_c, temperature)
        rh = np.where(missing, stay.setpoint.rh_pct, rh)
        overlap = starts[1:] < ends[:-1] - _GAP_TOLERANCE_DAYS
        if np.any(overlap):
            at = from_days(starts[1:][np.argmax(overlap)]).isoformat()
            raise ValueError(f"climate intervals of {stay.location} overlap at {at}")
    previous_ends = np.concatenate([[lo], ends])
    next_starts = np.concatenate([starts, [hi]])
    gap = next_starts - previous_ends > _GAP_TOLERANCE_DAYS
    gap_starts = previous_ends[gap]
    all_starts = np.concatenate([starts, gap_starts])
    order = np.argsort(all_starts, kind="stable")
    all_starts = all_starts[order]
    # Each interval runs to the next one's start, so sub-second jitter cannot leave holes.
    all_ends = np.append(all_starts[1:], hi)
    fill = len(gap_starts)
    return (
        all_starts,
        all_ends,
        np.concatenate([temperature, np.full(fill, stay.setpoint.temperature_c)])[order],
        np.concatenate([rh, np.full(fill, stay.setpoint.rh_pct)])[order],
        np.concatenate([measured, np.zeros(fill, bool)])[order],
    )
