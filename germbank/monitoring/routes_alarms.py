"""Alarm pages: the list everyone can read, and the detail page where technicians acknowledge,
assign and re-open."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from germbank.auth.access import requires
from germbank.extensions import db
from germbank.models import StorageLocation, User
from germbank.models.monitoring import Alarm
from germbank.monitoring.blueprint import bp
from germbank.monitoring.forms import AcknowledgeForm, AssignForm, ReopenForm
from germbank.monitoring.lifecycle import AlarmRuleError
from germbank.monitoring.services import alarms as alarm_service

STATES = ("unacknowledged", "active", "cleared", "all")


@bp.route("/alarms")
@requires("read")
def alarms():
    """Alarms newest first; by default those nobody has acknowledged yet."""
    state = request.args.get("state", "unacknowledged")
    if state not in STATES:
        abort(400, description=_("state must be one of: %(allowed)s.", allowed=", ".join(STATES)))
    location = None
    code = request.args.get("location", "").strip()
    if code:
        location = db.session.scalar(sa.select(StorageLocation).where(StorageLocation.code == code))
        if location is None:
            abort(404)
    kind = request.args.get("kind") or None
    if kind not in (None, "threshold", "offline"):
        abort(400, description=_("kind must be threshold or offline."))
    query = alarm_service.alarm_query(None if state == "all" else state, location, kind)
    page = db.paginate(query, per_page=50, error_out=False)
    return render_template(
        "monitoring/alarms.html",
        page=page,
        state=state,
        states=STATES,
        location=location,
        kind=kind,
        unacknowledged=alarm_service.unacknowledged_count(),
    )


@bp.route("/alarms/<int:alarm_id>")
@requires("read")
def alarm(alarm_id: int):
    """One alarm: what happened, how long, who acknowledged it, its full history."""
    found = db.get_or_404(Alarm, alarm_id)
    return _detail(found)


def _detail(found: Alarm, status: int = 200, **forms):
    assign_form = forms.get("assign_form") or AssignForm()
    assign_form.assignee.choices = [("", "—")] + [
        (person.username, person.full_name or person.username)
        for person in alarm_service.assignable_people()
    ]
    if not assign_form.is_submitted():
        assign_form.assignee.data = found.assigned_to.username if found.assigned_to else ""
    page = render_template(
        "monitoring/alarm.html",
        alarm=found,
        ack_form=forms.get("ack_form") or AcknowledgeForm(),
        assign_form=assign_form,
        reopen_form=forms.get("reopen_form") or ReopenForm(),
    )
    return make_response(page, status)


def _act(found: Alarm, action, form_name: str, form):
    """Run a service action; on a rule error re-render the page with the error at 400."""
    if not form.validate_on_submit():
        return _detail(found, 400, **{form_name: form})
    try:
        action()
    except AlarmRuleError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _detail(found, 400, **{form_name: form})
    db.session.commit()
    return redirect(url_for("monitoring.alarm", alarm_id=found.id))


@bp.route("/alarms/<int:alarm_id>/acknowledge", methods=["POST"])
@requires("monitoring.write")
def acknowledge(alarm_id: int):
    """Take note of the alarm with a comment."""
    found = db.get_or_404(Alarm, alarm_id)
    form = AcknowledgeForm()
    user = current_user._get_current_object()
    response = _act(
        found,
        lambda: alarm_service.acknowledge(found, user, form.comment.data),
        "ack_form",
        form,
    )
    if response.status_code == 302:
        flash(_("Alarm acknowledged."), "success")
    return response


@bp.route("/alarms/<int:alarm_id>/assign", methods=["POST"])
@requires("monitoring.write")
def assign(alarm_id: int):
    """Make someone responsible for the alarm (or nobody)."""
    found = db.get_or_404(Alarm, alarm_id)
    form = AssignForm()
    form.assignee.choices = [("", "—")] + [
        (p.username, p.username) for p in alarm_service.assignable_people()
    ]
    assignee = None
    if form.assignee.data:
        assignee = db.session.scalar(sa.select(User).where(User.username == form.assignee.data))
    user = current_user._get_current_object()
    response = _act(
        found,
        lambda: alarm_service.assign(found, user, assignee, form.comment.data),
        "assign_form",
        form,
    )
    if response.status_code == 302:
        flash(_("Assignment saved."), "success")
    return response


@bp.route("/alarms/<int:alarm_id>/reopen", methods=["POST"])
@requires("monitoring.write")
def reopen(alarm_id: int):
    """Make a cleared alarm active again."""
    found = db.get_or_404(Alarm, alarm_id)
    form = ReopenForm()
    user = current_user._get_current_object()
    response = _act(
        found, lambda: alarm_service.reopen(found, user, form.comment.data), "reopen_form", form
    )
    if response.status_code == 302:
        flash(_("Alarm re-opened."), "success")
    return response
