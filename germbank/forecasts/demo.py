"""Demo data of the viability feature: accepted Ki fits for a few tested lots.

Everything else the planner shows is computed live from the other features' demo data (lots,
movements, germination tests, the sensors' hourly rollups, set points where the sensors have
no history, flagged as such). A few lots get an accepted fit so the lot page shows a
calibrated forecast next to uncalibrated ones. Idempotent, and it never commits.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa

from germbank.extensions import db
from germbank.forecasts.services.calibration import accept_lot_fit, propose_lot_fit
from germbank.forecasts.services.climate import ClimateCache
from germbank.forecasts.services.lot_forecasts import ForecastUnavailable, lots_query
from germbank.models.forecasts import LotViabilityFit
from germbank.models.inventory import GerminationTest, InventoryLot
from germbank.orm import utcnow
from germbank.viability.calibration import CalibrationError

log = logging.getLogger(__name__)
FITTED_LOTS = 4


def load() -> None:
    """Fit Ki for up to four tested seed lots that have no fit yet (none if all have one)."""
    if db.session.scalar(sa.select(sa.func.count()).select_from(LotViabilityFit)):
        return
    tested = (
        sa.select(GerminationTest.lot_id)
        .group_by(GerminationTest.lot_id)
        .having(sa.func.count() >= 2)
    )
    lots = db.session.scalars(
        lots_query()
        .where(InventoryLot.id.in_(tested), InventoryLot.kind == "seed")
        .order_by(InventoryLot.lot_number)
    ).unique()
    cache = ClimateCache(until=utcnow())
    fitted = 0
    for lot in lots:
        if fitted >= FITTED_LOTS:
            break
        try:
            accept_lot_fit(lot, propose_lot_fit(lot, "ki", cache))
        except (CalibrationError, ForecastUnavailable) as error:
            log.info("demo: no fit for %s: %s", lot.lot_number, error)
            continue
        fitted += 1
