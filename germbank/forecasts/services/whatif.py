"""What-if: how far would (or did) a store's excursion move lots' predicted crossing dates?

Why: after a cooling failure the curator asks "how bad was last week?". The excursion is
applied to a location and everything below it (a store and its rooms and shelves), for every
active seed lot that was, is, or will be there during the excursion, and the lots whose
crossing date moves by more than a chosen number of days are counted and listed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from germbank.forecasts.services.climate import ClimateCache
from germbank.forecasts.services.lot_forecasts import LotForecast, forecast_lots
from germbank.forecasts.services.planner import planned_lots
from germbank.models.locations import StorageLocation
from germbank.orm import utcnow
from germbank.viability.history import ViabilityForecast
from germbank.viability.whatif import LotScenario, LotShift, StoreExcursion, what_if

_TARGET = "\x00what-if target"  # a label no location code can have


@dataclass(frozen=True)
class WhatIfRow:
    """One lot touched by the excursion, how its crossing date moved, and its place in the
    regeneration plan (1 = first to regenerate) without and with the excursion."""

    lot_forecast: LotForecast
    shift: LotShift
    rank_before: int
    rank_after: int


@dataclass(frozen=True)
class WhatIfResult:
    """Rows (largest shift first) and counts for the what-if page."""

    location: StorageLocation
    excursion: StoreExcursion
    rows: tuple[WhatIfRow, ...]
    moved_count: int
    lots_considered: int
    moved_more_than_days: float

    @property
    def moved_up_count(self) -> int:
        """Lots that come earlier in the regeneration plan because of the excursion."""
        return sum(row.rank_after < row.rank_before for row in self.rows)


def run_what_if(
    location: StorageLocation,
    *,
    start: datetime,
    days: float,
    delta_temperature_c: float,
    delta_rh_pct: float = 0.0,
    moved_more_than_days: float = 30.0,
    cache: ClimateCache | None = None,
) -> WhatIfResult:
    """Apply "+ΔT (and +ΔRH) for `days` from `start`" to `location` and all below it."""
    if moved_more_than_days < 0:
        raise ValueError("the shift that counts as moved cannot be negative")
    excursion = StoreExcursion(
        start=start,
        days=float(days),
        delta_temperature_c=float(delta_temperature_c),
        delta_rh_pct=float(delta_rh_pct),
        location=_TARGET,
    )
    cache = cache or ClimateCache(until=utcnow())
    codes = cache.subtree_codes(location.id)
    begin, finish = start.timestamp(), start.timestamp() + days * 86_400.0
    forecasts, _unavailable = forecast_lots(planned_lots(), cache)
    touched = [f for f in forecasts if _touches(f.forecast, codes, begin, finish)]
    scenarios = [
        LotScenario(f.lot_id, _relabelled(f.forecast, codes), f.threshold_pct) for f in touched
    ]
    report = what_if(scenarios, excursion, moved_more_than_days=moved_more_than_days)
    before = {f.lot_id: f.crossing for f in forecasts}
    after = before | {shift.lot_id: shift.new_crossing for shift in report.shifts}
    rank_before, rank_after = plan_positions(before), plan_positions(after)
    rows = [
        WhatIfRow(f, shift, rank_before[f.lot_id], rank_after[f.lot_id])
        for f, shift in zip(touched, report.shifts, strict=True)
    ]
    rows.sort(key=lambda row: row.rank_after)  # the plan's order, with the excursion
    return WhatIfResult(
        location=location,
        excursion=excursion,
        rows=tuple(rows),
        moved_count=report.moved_count,
        lots_considered=len(touched),
        moved_more_than_days=moved_more_than_days,
    )


def plan_positions(crossings: dict[int, datetime | None]) -> dict[int, int]:
    """Each lot's place in the plan (1 = earliest crossing; never-crossing lots last)."""
    order = sorted(
        crossings, key=lambda lot_id: (crossings[lot_id] is None, crossings[lot_id] or 0, lot_id)
    )
    return {lot_id: position for position, lot_id in enumerate(order, start=1)}


def _touches(prediction: ViabilityForecast, codes: set[str], begin: float, finish: float) -> bool:
    """Whether the lot is in the subtree at some moment of the excursion.

    The last stay runs on into the future (the forecast assumes the lot stays put).
    """
    stays = prediction.exposure.stays
    for position, stay in enumerate(stays):
        if stay.location not in codes:
            continue
        stay_start = stay.start.timestamp()
        open_ended = stay.end is None or position == len(stays) - 1
        stay_end = float("inf") if open_ended else stay.end.timestamp()
        if stay_start < finish and stay_end > begin:
            return True
    return False


def _relabelled(prediction: ViabilityForecast, codes: set[str]) -> ViabilityForecast:
    """The same forecast with every stay inside the subtree named as the excursion's target,
    so the pure what-if (which matches one location name) applies to all of them."""
    stays = tuple(
        replace(stay, location=_TARGET) if stay.location in codes else stay
        for stay in prediction.exposure.stays
    )
    return replace(prediction, exposure=replace(prediction.exposure, stays=stays))


def store_choices(cache: ClimateCache) -> list[StorageLocation]:
    """Seed stores and their rooms (places with a set point), not greenhouses and bays."""
    places = [
        loc
        for loc in cache.locations.values()
        if loc.setpoint_temperature is not None
        and loc.kind in ("store", "room")
        and loc.climate_class != "greenhouse"
    ]
    return sorted(places, key=lambda loc: loc.code)
