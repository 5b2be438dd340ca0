"""Calibrating one lot: propose a fit of Ki (or Ki and KE) from its tests, accept or withdraw it."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from germbank.auth.access import requires
from germbank.extensions import db
from germbank.forecasts.blueprint import bp
from germbank.forecasts.services import calibration
from germbank.forecasts.services.context import request_cache
from germbank.forecasts.services.lot_forecasts import ForecastUnavailable
from germbank.models.inventory import InventoryLot
from germbank.viability.calibration import CalibrationError

KI_TOLERANCE = 1e-6


def _proposal(lot: InventoryLot, mode: str):
    try:
        return calibration.propose_lot_fit(lot, mode, request_cache()), None
    except (CalibrationError, ForecastUnavailable) as error:
        return None, calibration.explain(error)


@bp.route("/lots/<int:lot_id>/calibration")
@requires("read")
def lot_calibration(lot_id: int):
    """Show the fit of Ki (``mode=ki``) or Ki and KE (``mode=ki_ke``) with its quality."""
    lot = db.get_or_404(InventoryLot, lot_id)
    mode = request.args.get("mode", "ki")
    if mode not in calibration.FIT_MODES:
        flash(_("Unknown fit; choose Ki, or Ki and KE."), "error")
        mode = "ki"
    proposal, reason = _proposal(lot, mode)
    return render_template(
        "forecasts/lot_calibration.html", lot=lot, mode=mode, proposal=proposal, reason=reason
    ), (200 if proposal else 422)


@bp.route("/lots/<int:lot_id>/calibration", methods=["POST"])
@requires("accessions.write")
def lot_calibration_accept(lot_id: int):
    """Accept the fit shown (refused if the lot's tests or history changed meanwhile)."""
    lot = db.get_or_404(InventoryLot, lot_id)
    mode = request.form.get("mode", "ki")
    proposal, reason = _proposal(lot, mode if mode in calibration.FIT_MODES else "ki")
    shown = request.form.get("ki", type=float)
    if proposal is None or shown is None or abs(proposal.fit.ki - shown) > KI_TOLERANCE:
        flash(reason or _("The tests changed since the fit was shown; review it again."), "error")
        return redirect(url_for("forecasts.lot_calibration", lot_id=lot.id, mode=mode))
    calibration.accept_lot_fit(lot, proposal)
    db.session.commit()
    flash(_("Fit accepted: forecasts of %(lot)s now use it.", lot=lot.lot_number), "success")
    return redirect(url_for("forecasts.lot", lot_id=lot.id))


@bp.route("/lots/<int:lot_id>/calibration/withdraw", methods=["POST"])
@requires("accessions.write")
def lot_calibration_withdraw(lot_id: int):
    """Stop using the lot's accepted fit (it stays in the record)."""
    lot = db.get_or_404(InventoryLot, lot_id)
    if calibration.withdraw_lot_fit(lot):
        db.session.commit()
        flash(
            _(
                "Fit withdrawn: %(lot)s is forecast from its initial germination.",
                lot=lot.lot_number,
            ),
            "success",
        )
    else:
        flash(_("The lot has no accepted fit."), "warning")
    return redirect(url_for("forecasts.lot", lot_id=lot.id))
