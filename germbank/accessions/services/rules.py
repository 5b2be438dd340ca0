"""The regeneration rules of the standards file, as pure functions with worked numbers.

FAO Genebank Standards 4.3-4.4 as the bank applies them (genebank-standards.md):
- germination below a fraction (default 85 %) of the lot's initial germination
  (initial 90 % -> regenerate below 76.5 %; exactly 76.5 % is not below);
- viable seeds (seed count x germination) below the crop's minimum
  (default 1,500 for self-pollinating, 3,000 for cross-pollinating crops);
- a germination test overdue: none within the monitoring interval (default 1 year in the
  short-term store, 5 years medium-term, 10 years base), unless the crop sets its own;
- a living collection with fewer plants than the crop's minimum (default 5).
Arithmetic is in ``Decimal`` so 90 % x 0.85 is exactly 76.5 %, and a boundary case is decided
the same way on every machine.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

MONITORING_INTERVAL_YEARS: dict[str, int] = {"short_term": 1, "medium_term": 5, "base": 10}
"""Default years between germination tests, by the climate class of the lot's store."""

STORAGE_TYPE_CLASSES: dict[int, str] = {11: "short_term", 12: "medium_term", 13: "base"}
"""MCPD seed storage code -> climate class, when the lot's location does not say."""

FALLBACK_INTERVAL_YEARS = 5
"""Interval when neither the crop, the location nor the storage type decides (FAO: 5 years
for active collections)."""

REASON_CODES = ("low_germination", "low_stock", "test_overdue", "few_plants")


def germination_threshold(initial_pct: Decimal, fraction: Decimal) -> Decimal:
    """The germination below which a lot must be regenerated: ``initial x fraction``."""
    return Decimal(initial_pct) * Decimal(fraction)


def germination_too_low(latest_pct: Decimal, initial_pct: Decimal, fraction: Decimal) -> bool:
    """True when the latest result is strictly below the threshold (76.5 % is not below 76.5 %)."""
    return Decimal(latest_pct) < germination_threshold(initial_pct, fraction)


def viable_seeds(seed_count: int | Decimal, germination_pct: Decimal | None) -> Decimal:
    """Seeds expected to germinate: count x germination (all of them when none was measured)."""
    if germination_pct is None:
        return Decimal(seed_count)
    return Decimal(seed_count) * Decimal(germination_pct) / Decimal(100)


def stock_too_low(viable: Decimal, minimum: int) -> bool:
    """True when fewer viable seeds remain than three regeneration cycles need."""
    return viable < minimum


def monitoring_interval_years(crop_years: int | None, climate_class: str | None,
                              storage_type: int | None) -> int:
    """Years between tests: the crop's own setting, else by store climate, else storage code."""
    if crop_years is not None:
        return crop_years
    if climate_class in MONITORING_INTERVAL_YEARS:
        return MONITORING_INTERVAL_YEARS[climate_class]
    if storage_type in STORAGE_TYPE_CLASSES:
        return MONITORING_INTERVAL_YEARS[STORAGE_TYPE_CLASSES[storage_type]]
    return FALLBACK_INTERVAL_YEARS


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def next_test_due_on(last_reference: date, interval_years: int) -> date:
    """The date the next germination test is due."""
    return add_years(last_reference, interval_years)


def is_test_overdue(last_reference: date, interval_years: int, today: date) -> bool:
    """True after the due date; on the due date itself the test is due, not yet overdue."""
    return today > next_test_due_on(last_reference, interval_years)


def too_few_plants(plant_count: int, minimum: int) -> bool:
    """True when a living collection has fewer plants than the minimum."""
    return plant_count < minimum


def percent_text(value: Decimal | float | int) -> str:
    """A percentage or count without trailing zeros: 76.50 -> '76.5', 90.00 -> '90'."""
    text = format(Decimal(str(value)).quantize(Decimal("0.01")), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
