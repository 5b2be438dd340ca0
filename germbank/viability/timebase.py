"""Conversion between timezone-aware datetimes and the float day numbers the maths uses.

Why: the viability equation counts storage time in days, and integrating 26,000 hourly
intervals is only fast on plain numpy floats. Every public function of the package takes and
returns aware datetimes (UTC, as GermBank stores them); this module is the single place where
they become "days since 1970-01-01 UTC" and back, so time zones cannot drift in silently.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np

SECONDS_PER_DAY = 86_400.0
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# datetime cannot represent dates after 9999-12-31; predictions beyond that are "never".
MAX_REPRESENTABLE_DAY = (datetime(9999, 12, 31, tzinfo=UTC) - _EPOCH).days


def to_days(moment: datetime | date, *, name: str = "moment") -> float:
    """Day number (float, UTC) of an aware datetime; a plain date means its midnight UTC.

    Naive datetimes are refused: guessing their zone would silently shift every prediction.
    """
    if isinstance(moment, datetime):
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError(f"{name} must be timezone-aware (UTC), got naive {moment.isoformat()}")
        return (moment - _EPOCH).total_seconds() / SECONDS_PER_DAY
    if isinstance(moment, date):
        return float((moment - _EPOCH.date()).days)
    raise TypeError(f"{name} must be a datetime or date, got {type(moment).__name__}")


def from_days(day: float) -> datetime:
    """Aware UTC datetime of a day number, rounded to the second (display precision)."""
    if not np.isfinite(day) or day > MAX_REPRESENTABLE_DAY or day < -_EPOCH.toordinal():
        raise ValueError(f"day number {day!r} is outside the representable calendar")
    return _EPOCH + timedelta(seconds=round(float(day) * SECONDS_PER_DAY))


def datetime64_to_days(values: np.ndarray) -> np.ndarray:
    """Day numbers of a numpy datetime64 array, which numpy keeps without zone: read as UTC."""
    as_seconds = np.asarray(values, dtype="datetime64[s]").astype(np.int64)
    return as_seconds.astype(np.float64) / SECONDS_PER_DAY
