"""Changing deliverables, the instrument register and the risk log.

The instrument register is what the "20+ instruments" deliverable counts, so a deliverable
measured by the register takes its achieved figure from installed instruments and cannot be
typed over. Dates must follow the life of an instrument (delivered, installed, accepted).
Every change is audited; the caller commits (or rolls back on a refusal).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from germbank import audit
from germbank.extensions import db
from germbank.models import StorageLocation
from germbank.models.project import (
    BudgetLine,
    Deliverable,
    Instrument,
    Project,
    ProjectRisk,
    ProjectTask,
)
from germbank.project import loading
from germbank.project.rules import ProjectConflict, ProjectRuleError

DELIVERABLE_FIELDS = ("code", "name", "name_zh", "sort_order", "unit", "target", "achieved",
                      "measured_by", "evidence")
INSTRUMENT_FIELDS = ("code", "name", "name_zh", "model", "supplier", "quantity", "price",
                     "contract_ref", "budget_line_id", "delivery_due", "delivered_on",
                     "installed_on", "acceptance_status", "accepted_on", "location_id",
                     "device_code", "notes")
RISK_FIELDS = ("kind", "title", "description", "owner", "impact", "status", "raised_on",
               "due_on", "closed_on", "response", "task_id")
ENTITY = {Deliverable: "project_deliverable", Instrument: "project_instrument",
          ProjectRisk: "project_risk"}
FIELDS = {Deliverable: DELIVERABLE_FIELDS, Instrument: INSTRUMENT_FIELDS,
          ProjectRisk: RISK_FIELDS}


def create(model: type, project: Project, data: dict[str, Any]) -> Any:
    """Add a deliverable, instrument or risk to ``project``."""
    obj = model(project=project)
    with db.session.no_autoflush:  # check before the database sees the row
        _set(obj, data)
        _check(obj, project)
    db.session.add(obj)
    db.session.flush()
    audit.record(ENTITY[model], obj.id, "create", audit.snapshot(obj))
    if model is Instrument:
        sync_instrument_deliverables(project)
    return obj


def update(obj: Any, data: dict[str, Any]) -> None:
    """Change a deliverable, instrument or risk."""
    before = audit.snapshot(obj)
    with db.session.no_autoflush:  # check before the database sees the change
        _set(obj, data)
        _check(obj, obj.project)
    db.session.flush()
    audit.record_update(ENTITY[type(obj)], obj, before)
    if isinstance(obj, Instrument):
        sync_instrument_deliverables(obj.project)


def delete(obj: Any) -> None:
    """Remove a deliverable, instrument or risk (the audit log keeps what it was)."""
    project = obj.project
    audit.record(ENTITY[type(obj)], obj.id, "delete", audit.snapshot(obj))
    db.session.delete(obj)
    db.session.flush()
    if isinstance(obj, Instrument):
        db.session.expire(project, ["instruments"])
        sync_instrument_deliverables(project)


def installed_count(project: Project) -> int:
    """Instruments and equipment sets installed so far (a set counts its quantity)."""
    return sum(i.quantity for i in project.instruments if i.installed_on is not None)


def sync_instrument_deliverables(project: Project) -> None:
    """Set the achieved figure of register-measured deliverables from the register."""
    count = Decimal(installed_count(project))
    for deliverable in project.deliverables:
        if deliverable.measured_by == "instruments_installed" and deliverable.achieved != count:
            before = audit.snapshot(deliverable, ["achieved"])
            deliverable.achieved = count
            audit.record_update("project_deliverable", deliverable, before,
                                "counted from the instrument register")
    db.session.flush()


def _set(obj: Any, data: dict[str, Any]) -> None:
    unknown = set(data) - set(FIELDS[type(obj)])
    if unknown:
        raise KeyError(f"unexpected fields: {sorted(unknown)}")
    for name, value in data.items():
        setattr(obj, name, value)


def _check(obj: Any, project: Project) -> None:
    """The rules of each kind of record, then the code's uniqueness."""
    with db.session.no_autoflush:  # the unsaved row must not reach the database first
        if isinstance(obj, Deliverable):
            _check_deliverable(obj, project)
        elif isinstance(obj, Instrument):
            _check_instrument(obj, project)
        else:
            _check_risk(obj, project)
        if isinstance(obj, Deliverable | Instrument):
            model = type(obj)
            clash = sa.select(model.id).where(model.project_id == project.id,
                                              model.code == obj.code)
            if obj.id is not None:
                clash = clash.where(model.id != obj.id)
            if db.session.scalar(clash) is not None:
                raise ProjectConflict(_("The code %(code)s is already used.", code=obj.code),
                                      "code")


def _check_deliverable(item: Deliverable, project: Project) -> None:
    for name in ("target", "achieved"):
        value = getattr(item, name)
        if value is None or value < 0:
            raise ProjectRuleError(_("Quantities cannot be negative."), name)
    if item.measured_by == "instruments_installed":
        item.achieved = Decimal(installed_count(project))


def _check_instrument(item: Instrument, project: Project) -> None:
    if item.quantity is None or item.quantity < 1:
        raise ProjectRuleError(_("The quantity must be at least 1."), "quantity")
    if item.price is None or item.price < 0:
        raise ProjectRuleError(_("Amounts cannot be negative."), "price")
    as_of = loading.status_date(project)
    order = (("delivered_on", item.delivered_on), ("installed_on", item.installed_on),
             ("accepted_on", item.accepted_on))
    previous: tuple[str, date] | None = None
    for name, value in order:
        if value is None:
            continue
        if value > as_of:
            raise ProjectRuleError(
                _("%(date)s is after the status date %(status)s: record what has happened.",
                  date=value.isoformat(), status=as_of.isoformat()), name)
        if previous and value < previous[1]:
            raise ProjectRuleError(_("Dates must follow delivery, installation, acceptance."),
                                   name)
        previous = (name, value)
    if item.installed_on and not item.delivered_on:
        raise ProjectRuleError(_("Record the delivery before the installation."), "delivered_on")
    if item.acceptance_status in ("passed", "failed") and not item.accepted_on:
        raise ProjectRuleError(_("Give the date of the acceptance inspection."), "accepted_on")
    if item.acceptance_status in ("passed", "failed") and not item.installed_on:
        raise ProjectRuleError(_("An instrument is inspected for acceptance once installed."),
                               "installed_on")
    if item.acceptance_status == "pending" and item.accepted_on:
        raise ProjectRuleError(_("Choose the acceptance result for this date."),
                               "acceptance_status")
    item.device_code = (item.device_code or "").strip() or None
    if item.location_id is not None and db.session.get(StorageLocation, item.location_id) is None:
        raise ProjectRuleError(_("Choose a known storage location."), "location_id")
    if item.budget_line_id is not None:
        line = db.session.get(BudgetLine, item.budget_line_id)
        if line is None or line.project_id != project.id:
            raise ProjectRuleError(_("Choose a budget line of this project."), "budget_line_id")


def _check_risk(risk: ProjectRisk, project: Project) -> None:
    if not (risk.title or "").strip():
        raise ProjectRuleError(_("Give the risk or issue a title."), "title")
    if risk.status == "closed" and not risk.closed_on:
        risk.closed_on = loading.status_date(project)
    if risk.status != "closed":
        risk.closed_on = None
    if risk.task_id is not None:
        task = db.session.get(ProjectTask, risk.task_id)
        if task is None or task.project_id != project.id:
            raise ProjectRuleError(_("Choose a task of this project."), "task_id")
