"""What a lot lived through: hours out of range, extremes and mean conditions, from hourly rollups.

Pure functions over hourly buckets (min/max/mean/count), so the exposure of a lot across its
moves is computed the same way on the lot page, in the API and in the tests.

How an hour counts: an hour whose *mean* lies outside the range is an hour out of range; an
hour whose minimum or maximum crossed a limit is an hour *with an excursion* (a shorter
excursion inside an otherwise normal hour). Hours partly inside a stay count by the part
inside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

HOUR = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class HourBucket:
    """One hour of one metric at one location."""

    start: datetime
    minimum: float
    maximum: float
    mean: float
    count: int


@dataclass(frozen=True, slots=True)
class Extreme:
    """A value and the hour it was seen in."""

    value: float
    hour: datetime


@dataclass(frozen=True, slots=True)
class Exposure:
    """Conditions over a period; hours are fractional where a stay began or ended mid-hour."""

    hours_covered: float = 0.0
    hours_out_of_range: float = 0.0
    hours_above: float = 0.0
    hours_below: float = 0.0
    hours_with_excursion: float = 0.0
    lowest: Extreme | None = None
    highest: Extreme | None = None
    mean: float | None = None
    weight: float = 0.0  # readings × fraction of hour, for combining means

    @property
    def share_out_of_range(self) -> float | None:
        """Fraction of covered hours out of range (None without data)."""
        if not self.hours_covered:
            return None
        return self.hours_out_of_range / self.hours_covered


def exposure(
    buckets: Iterable[HourBucket],
    minimum: float | None,
    maximum: float | None,
    start: datetime,
    end: datetime,
) -> Exposure:
    """Exposure to one metric during [start, end) against the range [minimum, maximum]."""
    covered = out = above = below = touched = weight = weighted_sum = 0.0
    lowest: Extreme | None = None
    highest: Extreme | None = None
    for bucket in buckets:
        share = _overlap(bucket.start, start, end)
        if share <= 0 or bucket.count <= 0:
            continue
        covered += share
        if maximum is not None and bucket.mean > maximum:
            out += share
            above += share
        elif minimum is not None and bucket.mean < minimum:
            out += share
            below += share
        if (maximum is not None and bucket.maximum > maximum) or (
            minimum is not None and bucket.minimum < minimum
        ):
            touched += share
        if lowest is None or bucket.minimum < lowest.value:
            lowest = Extreme(bucket.minimum, bucket.start)
        if highest is None or bucket.maximum > highest.value:
            highest = Extreme(bucket.maximum, bucket.start)
        weight += bucket.count * share
        weighted_sum += bucket.mean * bucket.count * share
    return Exposure(
        hours_covered=covered,
        hours_out_of_range=out,
        hours_above=above,
        hours_below=below,
        hours_with_excursion=touched,
        lowest=lowest,
        highest=highest,
        mean=weighted_sum / weight if weight else None,
        weight=weight,
    )


def combine(parts: Iterable[Exposure]) -> Exposure:
    """One exposure for several stays (hours add up, extremes are the extremes, means weigh)."""
    total = Exposure()
    weighted_sum = 0.0
    for part in parts:
        lowest = total.lowest
        if part.lowest is not None and (lowest is None or part.lowest.value < lowest.value):
            lowest = part.lowest
        highest = total.highest
        if part.highest is not None and (highest is None or part.highest.value > highest.value):
            highest = part.highest
        if part.mean is not None:
            weighted_sum += part.mean * part.weight
        total = Exposure(
            hours_covered=total.hours_covered + part.hours_covered,
            hours_out_of_range=total.hours_out_of_range + part.hours_out_of_range,
            hours_above=total.hours_above + part.hours_above,
            hours_below=total.hours_below + part.hours_below,
            hours_with_excursion=total.hours_with_excursion + part.hours_with_excursion,
            lowest=lowest,
            highest=highest,
            weight=total.weight + part.weight,
        )
    mean = weighted_sum / total.weight if total.weight else None
    return replace(total, mean=mean)


def _overlap(hour_start: datetime, start: datetime, end: datetime) -> float:
    """Fraction of the hour starting at ``hour_start`` that lies in [start, end)."""
    lo = max(hour_start, start)
    hi = min(hour_start + HOUR, end)
    if hi <= lo:
        return 0.0
    return (hi - lo) / HOUR
