"""Planning from the forecast: regeneration thresholds, next-test dates, "due within N months".

Why: fixed monitoring intervals find aged lots too late. The forecast brings a lot's next
germination test forward to the date its predicted germination reaches a safety margin above
the regeneration threshold, but never pushes it later than the standard interval: a forecast
can be wrong, and the interval is the bank's guarantee (FAO Genebank Standards 4.3).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from germbank.viability.history import ViabilityForecast
from germbank.viability.timebase import from_days, to_days

DEFAULT_REGENERATION_FRACTION = 0.85  # regenerate below 85 % of initial germination (FAO 4.4)
DEFAULT_MARGIN_PCT_POINTS = 5.0


@dataclass(frozen=True)
class NextTest:
    """When to test next and why; predicted_pct is the forecast for that date."""

    due_on: datetime
    driven_by: Literal["prediction", "standard_interval"]
    predicted_pct: float


def regeneration_threshold_pct(
    initial_pct: float, fraction: float = DEFAULT_REGENERATION_FRACTION
) -> float:
    """Germination below which a lot is due for regeneration (initial 90 % → 76.5 %)."""
    if not 0 < initial_pct <= 100:
        raise ValueError("initial germination must be above 0 and at most 100 %")
    if not 0 < fraction <= 1:
        raise ValueError("the regeneration fraction must be above 0 and at most 1")
    return initial_pct * fraction


def next_test_date(
    forecast: ViabilityForecast,
    *,
    threshold_pct: float,
    last_test_on: datetime | date,
    standard_interval_days: float,
    margin_pct_points: float = DEFAULT_MARGIN_PCT_POINTS,
) -> NextTest:
    """The earlier of: predicted germination reaching threshold + margin, and the standard date.

    If the prediction has already passed the margin at the last test, the test is due at once
    (the last test date is returned, so the caller shows it as due now).
    """
    if standard_interval_days <= 0:
        raise ValueError("the standard monitoring interval must be positive")
    if margin_pct_points < 0:
        raise ValueError("the margin above the threshold cannot be negative")
    last_day = to_days(last_test_on, name="last_test_on")
    standard_day = last_day + standard_interval_days
    target_pct = min(threshold_pct + margin_pct_points, 99.99)
    predicted_day = forecast.crossing_day(target_pct)
    if predicted_day is not None and predicted_day < standard_day:
        due_day, driver = max(predicted_day, last_day), "prediction"
    else:
        due_day, driver = standard_day, "standard_interval"
    due_on = from_days(due_day)
    return NextTest(due_on=due_on, driven_by=driver, predicted_pct=forecast.percent_at(due_on))


def predicted_below_within(
    forecast: ViabilityForecast, *, threshold_pct: float, today: datetime | date, months: int
) -> bool:
    """True if germination is predicted to be below the threshold within `months` of today
    (including lots already below it)."""
    if months < 0:
        raise ValueError("months cannot be negative")
    crossing = forecast.crossing_day(threshold_pct)
    horizon = to_days(add_months(today, months), name="today")
    return crossing is not None and crossing <= horizon


def months_until_crossing(
    forecast: ViabilityForecast, *, threshold_pct: float, today: datetime | date
) -> float | None:
    """Months (of 30.44 days) from today to the predicted crossing; negative if past, None
    if never predicted."""
    crossing = forecast.crossing_day(threshold_pct)
    if crossing is None:
        return None
    return (crossing - to_days(today, name="today")) / (365.25 / 12)


def add_months(moment: datetime | date, months: int) -> datetime | date:
    """Calendar months later, keeping the day where it exists (31 Jan + 1 → 28/29 Feb)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)
