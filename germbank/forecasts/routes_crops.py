"""Crop constants pages: every crop's constants with their source, editing them, restoring the
published defaults, and fitting a common KE for a crop from its lots' tests."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from germbank import audit
from germbank.auth.access import requires
from germbank.extensions import db
from germbank.forecasts.blueprint import bp
from germbank.forecasts.forms import ConstantsForm
from germbank.forecasts.services import calibration, constants, constants_edit
from germbank.forecasts.services.context import request_cache
from germbank.forecasts.services.lot_forecasts import ForecastUnavailable
from germbank.models.accessions import Crop
from germbank.viability.calibration import CalibrationError

KE_TOLERANCE = 1e-6
# Where a seed-moisture error is shown: the first input the chosen relation needs.
MOISTURE_FIELDS = {
    "cromarty": "oil_content_pct",
    "henderson": "henderson_k",
    "sealed": "sealed_moisture_pct",
}


def _constants_or_reason(crop: Crop):
    try:
        return constants.effective_constants(crop), None
    except constants.ConstantsUnavailable as error:
        return None, str(error)


@bp.route("/crops")
@requires("read")
def crops():
    """Every crop's viability constants, where they come from, and whether they are borrowed."""
    rows = []
    for crop in db.session.scalars(sa.select(Crop).order_by(Crop.code)):
        effective, reason = _constants_or_reason(crop)
        rows.append({"crop": crop, "effective": effective, "reason": reason})
    return render_template("forecasts/crops.html", rows=rows)


def _crop_page(crop: Crop, form: ConstantsForm | None = None, status: int = 200):
    effective, reason = _constants_or_reason(crop)
    if form is None:
        form = ConstantsForm()
        if effective is not None:
            form.fill(effective)
    return (
        render_template(
            "forecasts/crop.html",
            crop=crop,
            effective=effective,
            reason=reason,
            default=constants.resolved_default(crop),
            form=form,
            history=audit.history(constants.AUDIT_ENTITY, crop.id),
        ),
        status,
    )


@bp.route("/crops/<int:crop_id>")
@requires("read")
def crop(crop_id: int):
    """One crop's constants next to the published defaults, with their change history."""
    return _crop_page(db.get_or_404(Crop, crop_id))


@bp.route("/crops/<int:crop_id>", methods=["POST"])
@requires("accessions.write")
def crop_save(crop_id: int):
    """Store edited constants (audited)."""
    found = db.get_or_404(Crop, crop_id)
    form = ConstantsForm()
    if not form.validate_on_submit():
        return _crop_page(found, form, 400)
    try:
        constants_edit.update_crop_constants(found, form.entered())
    except constants_edit.ConstantsInvalid as error:
        db.session.rollback()
        for name, message in error.errors.items():
            target = (
                MOISTURE_FIELDS.get(form.moisture_model.data) if name == "moisture_model" else name
            )
            getattr(form, target or "moisture_model").errors.append(message)
        return _crop_page(found, form, 400)
    db.session.commit()
    flash(_("Constants of %(crop)s saved.", crop=found.code), "success")
    return redirect(url_for("forecasts.crop", crop_id=found.id))


@bp.route("/crops/<int:crop_id>/restore", methods=["POST"])
@requires("accessions.write")
def crop_restore(crop_id: int):
    """Go back to the published defaults (audited)."""
    found = db.get_or_404(Crop, crop_id)
    try:
        constants_edit.restore_defaults(found)
    except constants.ConstantsUnavailable as error:
        db.session.rollback()
        flash(str(error), "error")
        return _crop_page(found, status=400)
    db.session.commit()
    flash(_("Published defaults restored for %(crop)s.", crop=found.code), "success")
    return redirect(url_for("forecasts.crop", crop_id=found.id))


@bp.route("/crops/<int:crop_id>/calibration")
@requires("read")
def crop_calibration(crop_id: int):
    """Propose a common KE for the crop from its lots' germination tests, with fit quality."""
    found = db.get_or_404(Crop, crop_id)
    proposal, reason = _crop_proposal(found)
    status = 200 if proposal else 422
    return render_template(
        "forecasts/crop_calibration.html", crop=found, proposal=proposal, reason=reason
    ), status


@bp.route("/crops/<int:crop_id>/calibration", methods=["POST"])
@requires("accessions.write")
def crop_calibration_accept(crop_id: int):
    """Accept the proposed KE and per-lot Ki (refused if the tests changed meanwhile)."""
    found = db.get_or_404(Crop, crop_id)
    proposal, reason = _crop_proposal(found)
    shown = request.form.get("ke", type=float)
    if proposal is None or shown is None or abs(proposal.calibration.ke - shown) > KE_TOLERANCE:
        flash(reason or _("The tests changed since the fit was shown; review it again."), "error")
        return redirect(url_for("forecasts.crop_calibration", crop_id=found.id))
    calibration.accept_crop_fit(found, proposal)
    db.session.commit()
    flash(
        _("KE %(ke).3f accepted for %(crop)s.", ke=proposal.calibration.ke, crop=found.code),
        "success",
    )
    return redirect(url_for("forecasts.crop", crop_id=found.id))


def _crop_proposal(crop: Crop):
    try:
        return calibration.propose_crop_fit(crop, request_cache()), None
    except (CalibrationError, ForecastUnavailable, constants.ConstantsUnavailable) as error:
        return None, str(error)
