"""Template helpers the lot and accession pages use through the two forecast partials.

``forecasts/_lot_forecast.html`` calls ``lot_viability(lot)``,
``forecasts/_accession_forecast.html`` calls ``accession_viability(accession)`` and
``forecasts/_predicted_due.html`` calls ``predicted_due_plan(months)``, so the pages that
include them need to pass nothing but the record they already have.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from germbank.forecasts.services.context import (
    request_cache,
    request_state,
    set_request_state,
)
from germbank.forecasts.services.lot_forecasts import (
    ForecastUnavailable,
    forecast_lot,
    forecast_lots,
)
from germbank.forecasts.services.planner import build_plan


def lot_viability(lot: Any) -> dict[str, Any]:
    """``{"forecast": LotForecast | None, "reason": str | None}`` for one lot."""
    try:
        return {"forecast": forecast_lot(lot, request_cache()), "reason": None}
    except ForecastUnavailable as error:
        return {"forecast": None, "reason": str(error)}


def accession_viability(accession: Any) -> dict[str, Any]:
    """The forecasts of an accession's active seed lots and the lots that have none."""
    lots = [lot for lot in accession.lots if lot.kind == "seed" and lot.status == "active"]
    done, unavailable = forecast_lots(lots, request_cache())
    return {"forecasts": done, "unavailable": unavailable}


def predicted_due_plan(months: int = 12):
    """The plan of lots predicted below their threshold within `months` (for the due list)."""
    return build_plan(months=months, cache=request_cache())


def forecast_assets_once() -> bool:
    """True the first time a page asks: the chart scripts are included once per page."""
    if request_state("assets_included"):
        return False
    set_request_state("assets_included", True)
    return True


def init_app(app: Flask) -> None:
    """Expose the helpers to every template."""
    app.add_template_global(forecast_assets_once, "forecast_assets_once")
    app.add_template_global(predicted_due_plan, "predicted_due_plan")
    app.add_template_global(lot_viability, "lot_viability")
    app.add_template_global(accession_viability, "accession_viability")
