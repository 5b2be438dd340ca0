"""``/api/v1/forecasts``: lot forecasts and charts, calibration, the plan, constants, what-if.

The page scripts read the chart endpoints; scripts can read everything else with a token.
A lot that cannot be forecast answers 422 with the reason.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask.views import MethodView
from flask_smorest import Blueprint, abort

from germbank.api_support import error_responses, unprocessable
from germbank.auth.access import requires
from germbank.extensions import db
from germbank.forecasts import presenters
from germbank.forecasts.schemas import (
    CalibrationArgsSchema,
    ChartSchema,
    ConstantsSchema,
    FitSchema,
    LotForecastSchema,
    PlannerArgsSchema,
    PlanRowSchema,
    WhatIfArgsSchema,
    WhatIfSchema,
)
from germbank.forecasts.services import calibration, constants
from germbank.forecasts.services.chart import chart_data
from germbank.forecasts.services.context import request_cache
from germbank.forecasts.services.lot_forecasts import (
    ForecastUnavailable,
    forecast_lot,
    forecast_lots,
)
from germbank.forecasts.services.planner import build_plan
from germbank.forecasts.services.whatif import run_what_if
from germbank.models.accessions import Accession, Crop
from germbank.models.inventory import InventoryLot
from germbank.models.locations import StorageLocation
from germbank.viability.calibration import CalibrationError

blp = Blueprint(
    "forecasts-api",
    __name__,
    url_prefix="/api/v1/forecasts",
    description="Viability forecasts: lots, charts, calibration, planning and what-if.",
)


def _lot_forecast_or_422(lot: InventoryLot):
    try:
        return forecast_lot(lot, request_cache())
    except ForecastUnavailable as error:
        unprocessable(str(error))


@blp.route("/lots/<int:lot_id>")
class LotForecast(MethodView):
    """A lot's forecast."""

    @requires("read")
    @error_responses(422)
    @blp.response(200, LotForecastSchema)
    def get(self, lot_id):
        """Predicted germination, threshold crossing, next test, and why (stays, constants)."""
        lot = db.get_or_404(InventoryLot, lot_id)
        return presenters.lot_forecast_record(_lot_forecast_or_422(lot))


@blp.route("/lots/<int:lot_id>/chart")
class LotChart(MethodView):
    """Chart series of one lot."""

    @requires("read")
    @error_responses(422)
    @blp.response(200, ChartSchema)
    def get(self, lot_id):
        """The predicted curve, the tests, the threshold and the crossing of one lot."""
        lot = db.get_or_404(InventoryLot, lot_id)
        cache = request_cache()
        return {**chart_data([_lot_forecast_or_422(lot)], cache.until), "unavailable": []}


@blp.route("/accessions/<int:accession_id>/chart")
class AccessionChart(MethodView):
    """Chart series of every active seed lot of an accession."""

    @requires("read")
    @blp.response(200, ChartSchema)
    def get(self, accession_id):
        """Curves, tests and thresholds of the accession's lots on one time axis."""
        accession = db.get_or_404(Accession, accession_id)
        lots = [lot for lot in accession.lots if lot.kind == "seed" and lot.status == "active"]
        cache = request_cache()
        done, skipped = forecast_lots(lots, cache)
        unavailable = [{"lot_id": lot.id, "reason": reason} for lot, reason in skipped]
        return {**chart_data(done, cache.until), "unavailable": unavailable}


@blp.route("/lots/<int:lot_id>/calibration")
class LotCalibration(MethodView):
    """Fitting a lot's Ki (and KE) to its germination tests."""

    @requires("accessions.write")
    @blp.arguments(CalibrationArgsSchema)
    @blp.response(200, FitSchema)
    def post(self, args, lot_id):
        """Fit Ki (``mode=ki``) or Ki and KE (``ki_ke``); ``accept`` stores it for forecasts."""
        lot = db.get_or_404(InventoryLot, lot_id)
        try:
            proposal = calibration.propose_lot_fit(lot, args["mode"], request_cache())
        except (CalibrationError, ForecastUnavailable) as error:
            unprocessable(calibration.explain(error))
        if args["accept"]:
            calibration.accept_lot_fit(lot, proposal)
            db.session.commit()
        return presenters.fit_record(proposal, accepted=args["accept"])


@blp.route("/planner")
class Planner(MethodView):
    """The regeneration plan."""

    @requires("read")
    @blp.arguments(PlannerArgsSchema, location="query")
    @blp.response(200, PlanRowSchema(many=True))
    def get(self, args):
        """Active seed lots by predicted crossing (``months``: only those due within it)."""
        plan = build_plan(months=args["months"], crop_id=args["crop_id"], cache=request_cache())
        return list(plan.rows)  # a tuple would be read as (body, status)


@blp.route("/crops/<int:crop_id>/constants")
class CropConstants(MethodView):
    """A crop's viability constants."""

    @requires("read")
    @error_responses(422)
    @blp.response(200, ConstantsSchema)
    def get(self, crop_id):
        """The constants the crop's forecasts use, their source and what was edited."""
        crop = db.get_or_404(Crop, crop_id)
        try:
            return presenters.constants_record(constants.effective_constants(crop))
        except constants.ConstantsUnavailable as error:
            unprocessable(str(error))


@blp.route("/whatif")
class WhatIf(MethodView):
    """Store excursion scenarios (nothing is stored)."""

    @requires("read")
    @error_responses(404)  # no location with that code
    @blp.arguments(WhatIfArgsSchema)
    @blp.response(200, WhatIfSchema)
    def post(self, args):
        """How many lots' crossing dates move if a location runs warmer for some days."""
        location = db.session.scalar(
            sa.select(StorageLocation).where(StorageLocation.code == args["location"])
        )
        if location is None:
            abort(404, message=f"No location with code {args['location']!r}.")
        result = run_what_if(
            location,
            start=args["start"],
            days=args["days"],
            delta_temperature_c=args["delta_temperature_c"],
            delta_rh_pct=args["delta_rh_pct"],
            moved_more_than_days=args["moved_more_than_days"],
            cache=request_cache(),
        )
        return presenters.what_if_record(result)
