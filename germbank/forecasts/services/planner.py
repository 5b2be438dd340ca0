"""The regeneration plan: lots in order of their predicted crossing of the regeneration threshold.

Why: a fixed test schedule finds aged lots too late. Ordering lots by the date their predicted
germination reaches the threshold puts first the lots whose store has treated them worst,
which is where a cooling failure shows up; the next test date is brought forward from the
prediction but never past the standard interval. The stock columns say whether the lot still
holds the crop's minimum of viable seeds for a regeneration.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from germbank.extensions import db
from germbank.forecasts.services.climate import ClimateCache
from germbank.forecasts.services.lot_forecasts import LotForecast, forecast_lots, lots_query
from germbank.models.accessions import Accession, Crop
from germbank.models.inventory import InventoryLot
from germbank.orm import utcnow
from germbank.viability.planning import months_until_crossing, predicted_below_within


@dataclass(frozen=True)
class PlanRow:
    """One lot in the plan."""

    lot_id: int
    lot_number: str
    accession_id: int
    accession_number: str
    crop_id: int
    crop_code: str
    location_code: str
    initial_pct: float
    predicted_now_pct: float
    threshold_pct: float
    crossing: datetime | None
    months_to_crossing: float | None
    next_test_on: datetime
    next_test_driven_by: str
    seed_count: int | None
    viable_seeds_now: int | None
    min_viable_seeds: int
    measured_fraction: float
    ki_basis: str
    substitute_constants: bool
    last_test_on: date | None = None
    last_test_pct: float | None = None
    last_test_error_pct_points: float | None = None

    @property
    def stock_short(self) -> bool:
        """True when the predicted viable seeds are below the crop's minimum."""
        return self.viable_seeds_now is not None and self.viable_seeds_now < self.min_viable_seeds

    @property
    def below_now(self) -> bool:
        return self.predicted_now_pct < self.threshold_pct


@dataclass(frozen=True)
class Plan:
    """The rows (earliest crossing first, never-crossing last) and the lots left out."""

    rows: tuple[PlanRow, ...]
    unavailable: tuple[tuple[InventoryLot, str], ...]
    generated_at: datetime
    months: int | None


def planned_lots(*, crop_id: int | None = None, location_ids: set[int] | None = None):
    """Active seed lots (optionally of one crop or within some locations), eagerly loaded."""
    query = lots_query().where(InventoryLot.kind == "seed", InventoryLot.status == "active")
    if crop_id is not None:
        query = query.join(InventoryLot.accession).where(Accession.crop_id == crop_id)
    if location_ids is not None:
        query = query.where(InventoryLot.location_id.in_(sorted(location_ids)))
    return list(db.session.scalars(query.order_by(InventoryLot.lot_number)).unique())


def build_plan(
    *,
    months: int | None = None,
    crop_id: int | None = None,
    location_ids: set[int] | None = None,
    cache: ClimateCache | None = None,
) -> Plan:
    """The plan for active seed lots; `months` keeps only lots predicted below the threshold
    within that many months (lots already below included)."""
    if months is not None and months < 0:
        raise ValueError("months cannot be negative")
    cache = cache or ClimateCache(until=utcnow())
    lots = planned_lots(crop_id=crop_id, location_ids=location_ids)
    forecasts, unavailable = forecast_lots(lots, cache)
    today = cache.until
    if months is not None:
        forecasts = [
            f
            for f in forecasts
            if predicted_below_within(
                f.forecast, threshold_pct=f.threshold_pct, today=today, months=months
            )
        ]
    rows = sorted((_row(f, cache) for f in forecasts), key=_order)
    return Plan(tuple(rows), tuple(unavailable), cache.until, months)


def predicted_due_within(months: int, *, cache: ClimateCache | None = None) -> dict[int, date]:
    """Lot id -> predicted crossing date (UTC) for lots predicted below their regeneration
    threshold within `months` months (already below included).

    For the regeneration-due list: it can add "predicted to fall below threshold" as a reason.
    """
    plan = build_plan(months=months, cache=cache)
    return {row.lot_id: row.crossing.date() for row in plan.rows if row.crossing is not None}


def _row(lot_forecast: LotForecast, cache: ClimateCache) -> PlanRow:
    lot, crop, prediction = lot_forecast.lot, lot_forecast.crop, lot_forecast.forecast
    viable = None
    if lot.seed_count is not None:
        viable = int(lot.seed_count * lot_forecast.predicted_now_pct / 100.0)
    location = cache.locations.get(lot.location_id) if lot.location_id else None
    return PlanRow(
        lot_id=lot.id,
        lot_number=lot.lot_number,
        accession_id=lot.accession_id,
        accession_number=lot.accession.accenumb,
        crop_id=crop.id,
        crop_code=crop.code,
        location_code=location.code if location else "",
        initial_pct=lot_forecast.initial_pct,
        predicted_now_pct=lot_forecast.predicted_now_pct,
        threshold_pct=lot_forecast.threshold_pct,
        crossing=lot_forecast.crossing,
        months_to_crossing=months_until_crossing(
            prediction, threshold_pct=lot_forecast.threshold_pct, today=cache.until
        ),
        next_test_on=lot_forecast.next_test.due_on,
        next_test_driven_by=lot_forecast.next_test.driven_by,
        seed_count=lot.seed_count,
        viable_seeds_now=viable,
        min_viable_seeds=crop.minimum_viable_seeds(),
        measured_fraction=prediction.measured_fraction,
        ki_basis=lot_forecast.ki_basis,
        substitute_constants=lot_forecast.constants.constants.is_substitute,
        **_last_test(lot_forecast),
    )


def _last_test(lot_forecast: LotForecast) -> dict:
    """The latest test and how far the forecast is from it (a large error asks for a fit)."""
    if not lot_forecast.tests:
        return {}
    error = lot_forecast.tests[-1].error
    return {
        "last_test_on": error.tested_on,
        "last_test_pct": error.measured_pct,
        "last_test_error_pct_points": error.error_pct_points,
    }


def _order(row: PlanRow) -> tuple[float, str]:
    """Earliest crossing first; lots never predicted to cross last."""
    return (row.crossing.timestamp() if row.crossing else float("inf"), row.lot_number)


def crop_choices() -> list[tuple[int, str]]:
    """Crops that have seed lots, for the planner's filter."""
    rows = db.session.execute(
        sa.select(Crop.id, Crop.code)
        .join(Accession, Accession.crop_id == Crop.id)
        .join(InventoryLot, InventoryLot.accession_id == Accession.id)
        .where(InventoryLot.kind == "seed")
        .distinct()
        .order_by(Crop.code)
    )
    return [(row.id, row.code) for row in rows]
