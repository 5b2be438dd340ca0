"""Threshold settings of a location: technicians edit them, everyone may read them."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from germbank.auth.access import requires
from germbank.extensions import db
from germbank.monitoring.blueprint import bp, location_or_404
from germbank.monitoring.defaults import defaults_for
from germbank.monitoring.forms import ConfirmForm, ThresholdForm
from germbank.monitoring.services import thresholds as threshold_service
from germbank.monitoring.services.thresholds import ThresholdError, ThresholdInput


def _page(location, form=None, status=200, prefix="new"):
    """The settings page; a form that failed is shown in its row (or as the new one)."""
    existing = threshold_service.thresholds_for(location)
    forms = []
    for threshold in existing:
        if form is not None and prefix == threshold.metric:
            row = form
        else:
            row = ThresholdForm(prefix=threshold.metric, obj=threshold, formdata=None)
        forms.append((threshold, row))
    if prefix != "new":
        form = None
    return (
        render_template(
            "monitoring/thresholds.html",
            location=location,
            rows=forms,
            new_form=form or ThresholdForm(prefix="new", formdata=None),
            defaults=defaults_for(location.climate_class),
            confirm=ConfirmForm(),
            history=threshold_service.audit_trail(location),
        ),
        status,
    )


@bp.route("/locations/<code>/thresholds")
@requires("read")
def thresholds(code: str):
    """The location's thresholds with their change history."""
    return _page(location_or_404(code))


@bp.route("/locations/<code>/thresholds", methods=["POST"])
@requires("monitoring.write")
def save_threshold(code: str):
    """Create or change one metric's threshold (the form's prefix is the metric or ``new``)."""
    location = location_or_404(code)
    prefix = request.form.get("prefix", "new")
    form = ThresholdForm(prefix=prefix)
    if not form.validate_on_submit():
        flash(_("Please correct the threshold."), "error")
        return _page(location, form, 400, prefix)
    values = ThresholdInput(
        minimum=form.minimum.data,
        maximum=form.maximum.data,
        grace_minutes=form.grace_minutes.data,
        severity=form.severity.data,
        enabled=form.enabled.data,
    )
    try:
        threshold_service.save(location, form.metric.data, values)
    except ThresholdError as error:
        db.session.rollback()
        getattr(form, error.field).errors = [str(error.message)]
        flash(str(error.message), "error")
        return _page(location, form, 400, prefix)
    db.session.commit()
    flash(_("Threshold saved."), "success")
    return redirect(url_for("monitoring.thresholds", code=location.code))


@bp.route("/locations/<code>/thresholds/<metric>/delete", methods=["POST"])
@requires("monitoring.write")
def delete_threshold(code: str, metric: str):
    """Stop watching a metric at this location."""
    location = location_or_404(code)
    found = next(
        (t for t in threshold_service.thresholds_for(location) if t.metric == metric), None
    )
    if found is None or not ConfirmForm().validate_on_submit():
        return redirect(url_for("monitoring.thresholds", code=location.code))
    threshold_service.delete(found)
    db.session.commit()
    flash(_("Threshold removed."), "success")
    return redirect(url_for("monitoring.thresholds", code=location.code))


@bp.route("/locations/<code>/thresholds/defaults", methods=["POST"])
@requires("monitoring.write")
def apply_defaults(code: str):
    """Add the climate class's default thresholds the location does not have yet."""
    location = location_or_404(code)
    if ConfirmForm().validate_on_submit():
        created = threshold_service.apply_defaults(location)
        db.session.commit()
        flash(_("%(n)d default thresholds added.", n=len(created)), "success")
    return redirect(url_for("monitoring.thresholds", code=location.code))
