"""The technicians' device pages: registry, placing devices, rejected messages, ingest health."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from germbank import audit
from germbank.auth.access import requires
from germbank.devices import services
from germbank.devices.blueprint import bp
from germbank.devices.forms import UNASSIGNED, DeviceForm, PlaceForm
from germbank.extensions import db
from germbank.models import StorageLocation
from germbank.models.sensors import Device
from germbank.timeseries import latest_by_location

LOCAL = timezone(timedelta(hours=8))  # the bank's time (Asia/Shanghai, no DST)
PLACEMENT_REASONS = {
    "before_current": _l("the move must be after the device's current placement began"),
    "same_location": _l("the device is already at this location"),
    "not_placed": _l("the device is not placed anywhere"),
    "overlap": _l("the device was elsewhere at that time"),
}


def _device_or_404(code: str) -> Device:
    return db.first_or_404(sa.select(Device).where(Device.code == code))


def _location_choices() -> list[tuple[str, str]]:
    locations = db.session.scalars(
        sa.select(StorageLocation).where(StorageLocation.is_active)
        .order_by(StorageLocation.code)
    )
    return [(UNASSIGNED, _("Unassigned (taken down)"))] + [
        (str(loc.id), f"{loc.code} · {loc.name}") for loc in locations
    ]


@bp.route("/")
@requires("read")
def index():
    """Every device with its state, metrics and location; unassigned ones first."""
    unassigned_only = request.args.get("show") == "unassigned"
    rows = services.device_rows(unassigned_only=unassigned_only)
    return render_template("devices/index.html", rows=rows, unassigned_only=unassigned_only,
                           health=services.ingest_health())


def _forms(found: Device) -> tuple[PlaceForm, DeviceForm]:
    place_form = PlaceForm(prefix="place")
    place_form.location.choices = _location_choices()
    return place_form, DeviceForm(prefix="describe", obj=found)


@bp.route("/<code>")
@requires("read")
def device(code: str):
    """One device: state, latest values, placement history, recent rejections."""
    found = _device_or_404(code)
    place_form, describe_form = _forms(found)
    current = services.current_placement(found)
    if current is not None:
        place_form.location.data = str(current.location_id)
    return _render_device(found, place_form, describe_form)


@bp.route("/<code>/place", methods=["POST"])
@requires("monitoring.write")
def place(code: str):
    """Place, move or take down a device from a given time (audited)."""
    found = _device_or_404(code)
    form, describe_form = _forms(found)
    if not form.validate_on_submit():
        flash(_("Please correct the marked fields."), "error")
        return _render_device(found, form, describe_form), 400
    location = None
    if form.location.data != UNASSIGNED:
        location = db.session.get(StorageLocation, int(form.location.data))
    at = None
    if form.placed_at.data:
        try:
            at = datetime.fromisoformat(form.placed_at.data).replace(tzinfo=LOCAL)
        except ValueError:
            form.placed_at.errors.append(_("Use the form YYYY-MM-DD HH:MM."))
            return _render_device(found, form, describe_form), 400
    try:
        services.place_device(found, location, at)
    except services.PlacementError as error:
        db.session.rollback()
        flash(_("The device was not moved: %(reason)s", reason=PLACEMENT_REASONS.get(
            error.code, str(error))), "error")
        return _render_device(found, form, describe_form), 400
    db.session.commit()
    if location is None:
        flash(_("Device %(code)s is now unassigned.", code=found.code), "success")
    else:
        flash(_("Device %(code)s is now at %(location)s.", code=found.code,
                location=location.code), "success")
    return redirect(url_for("devices.device", code=found.code))


@bp.route("/<code>/describe", methods=["POST"])
@requires("monitoring.write")
def describe(code: str):
    """Save a device's name, reporting interval and notes (audited)."""
    found = _device_or_404(code)
    place_form, form = _forms(found)
    if not form.validate_on_submit():
        flash(_("Please correct the marked fields."), "error")
        return _render_device(found, place_form, form), 400
    services.update_device(found, name=form.name.data or "", interval_s=form.interval_s.data,
                           notes=form.notes.data or "")
    db.session.commit()
    flash(_("Device saved."), "success")
    return redirect(url_for("devices.device", code=found.code))


def _render_device(found: Device, place_form: PlaceForm, describe_form: DeviceForm):
    current = services.current_placement(found)
    latest = latest_by_location(db.session, {current.location_id}) if current else {}
    return render_template(
        "devices/device.html",
        device=found,
        state=services.connection_state(found),
        current=current,
        latest={metric: value for (_loc, metric), value in latest.items()},
        place_form=place_form,
        describe_form=describe_form,
        history=audit.history("device", found.id, limit=50),
        rejected=db.session.scalars(services.rejected_query(found.code).limit(10)).all(),
    )


@bp.route("/rejected")
@requires("read")
def rejected():
    """Messages GermBank refused, newest first, with the reason and the start of the payload."""
    device_code = request.args.get("device") or None
    page = db.paginate(services.rejected_query(device_code), per_page=50, error_out=False)
    return render_template("devices/rejected.html", page=page, device_code=device_code)


@bp.route("/health")
@requires("read")
def health():
    """Ingest health: received, stored, duplicates, rejected, rate, lag, last message."""
    return render_template("devices/health.html", health=services.ingest_health())


@bp.route("/health.json")
@requires("read")
def health_json():
    """The same figures as JSON, for monitoring tools."""
    return jsonify(services.ingest_health())
