"""Pages where project managers change the budget, payments, deliverables, the instrument
register and the risk log. One generic form page serves the three registers."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from germbank import audit
from germbank.auth.access import requires
from germbank.extensions import db
from germbank.models import StorageLocation
from germbank.models.project import (
    BudgetLine,
    Deliverable,
    Instrument,
    Payment,
    Project,
    ProjectRisk,
)
from germbank.project import loading, services_budget, services_register
from germbank.project.forms import (
    BudgetLineForm,
    ConfirmForm,
    DeliverableForm,
    InstrumentForm,
    PaymentForm,
    RiskForm,
    data_of,
)
from germbank.project.routes import bp, get_project
from germbank.project.routes_schedule import refuse, status_of
from germbank.project.rules import ConfirmationNeeded, ProjectRuleError


def _owned(model: type, item_id: int, project: Project):
    """A record of this project, or 404."""
    item = db.get_or_404(model, item_id)
    if item.project_id != project.id:
        abort(404)
    return item


def _fill_choices(form, project: Project) -> None:
    """Options of the select fields that point at other records."""
    locale = loading.current_locale()
    none = [SelectChoice("", "—")]
    if "task_id" in form._fields:
        form.task_id.choices = none + [SelectChoice(str(t.id), f"{t.code} {t.display_name(locale)}")
                                       for t in project.tasks]
    if "budget_line_id" in form._fields:
        form.budget_line_id.choices = none + [
            SelectChoice(str(line.id), f"{line.code} {line.display_name(locale)}")
            for line in project.budget_lines]
    if "location_id" in form._fields:
        places = db.session.scalars(sa.select(StorageLocation).order_by(StorageLocation.code))
        form.location_id.choices = none + [
            SelectChoice(str(p.id), f"{p.code} {p.display_name(locale)}") for p in places]


@bp.route("/<int:project_id>/budget/new", methods=["GET", "POST"])
@bp.route("/<int:project_id>/budget/<int:line_id>", methods=["GET", "POST"])
@requires("project.write")
def budget_line(project_id: int, line_id: int | None = None):
    """Add or change a budget line; beyond the approved total only with confirmation."""
    project = get_project(project_id)
    line = _owned(BudgetLine, line_id, project) if line_id else None
    form = BudgetLineForm(obj=line)
    _fill_choices(form, project)
    needs_confirm = False
    if form.validate_on_submit():
        data = data_of(form, BudgetLineForm.FIELDS)
        try:
            if line is None:
                line = services_budget.create_line(project, data, form.confirm_over_total.data)
            else:
                services_budget.update_line(line, data, form.confirm_over_total.data)
        except ConfirmationNeeded as error:
            refuse(form, error)
            needs_confirm = True
            line = _owned(BudgetLine, line_id, project) if line_id else None
        except ProjectRuleError as error:
            refuse(form, error)
            line = _owned(BudgetLine, line_id, project) if line_id else None
        else:
            db.session.commit()
            flash(_("Budget line %(code)s saved.", code=line.code), "success")
            for warning in services_budget.line_warnings(line):
                flash(warning, "warning")
            return redirect(url_for("project.budget", project_id=project.id))
    fields = BudgetLineForm.FIELDS + (("confirm_over_total",) if needs_confirm else ())
    return render_template(
        "project/budget_line.html", project=project, line=line, form=form, fields=fields,
        needs_confirm=needs_confirm, payment_form=PaymentForm(), confirm_form=ConfirmForm(),
        history=audit.history("project_budget_line", line.id) if line else [],
    ), status_of(form)


@bp.route("/<int:project_id>/budget/<int:line_id>/delete", methods=["POST"])
@requires("project.write")
def budget_line_delete(project_id: int, line_id: int):
    """Remove a budget line without payments."""
    project = get_project(project_id)
    line = _owned(BudgetLine, line_id, project)
    if ConfirmForm().validate_on_submit():
        try:
            services_budget.delete_line(line)
        except ProjectRuleError as error:
            db.session.rollback()
            flash(error.message, "error")
            return redirect(url_for("project.budget_line", project_id=project.id,
                                    line_id=line_id))
        db.session.commit()
        flash(_("Budget line deleted."), "success")
    return redirect(url_for("project.budget", project_id=project.id))


@bp.route("/<int:project_id>/budget/<int:line_id>/payments", methods=["POST"])
@requires("project.write")
def payment_add(project_id: int, line_id: int):
    """Record a payment against a line."""
    project = get_project(project_id)
    line = _owned(BudgetLine, line_id, project)
    form = PaymentForm()
    if form.validate_on_submit():
        try:
            data = data_of(form, PaymentForm.FIELDS)
            _payment, warnings = services_budget.add_payment(line, data)
        except ProjectRuleError as error:
            refuse(form, error)
        else:
            db.session.commit()
            flash(_("Payment recorded."), "success")
            for warning in warnings:
                flash(warning, "warning")
            return redirect(url_for("project.budget_line", project_id=project.id,
                                    line_id=line.id))
    line_form = BudgetLineForm(obj=line)
    _fill_choices(line_form, project)
    return render_template(
        "project/budget_line.html", project=project, line=line, form=line_form,
        fields=BudgetLineForm.FIELDS, needs_confirm=False, payment_form=form,
        confirm_form=ConfirmForm(), history=audit.history("project_budget_line", line.id),
    ), 400


@bp.route("/<int:project_id>/payments/<int:payment_id>/delete", methods=["POST"])
@requires("project.write")
def payment_delete(project_id: int, payment_id: int):
    """Remove a payment entered by mistake."""
    project = get_project(project_id)
    payment = db.get_or_404(Payment, payment_id)
    line = payment.budget_line
    if line.project_id != project.id:
        abort(404)
    if ConfirmForm().validate_on_submit():
        services_budget.delete_payment(payment)
        db.session.commit()
        flash(_("Payment deleted."), "success")
    return redirect(url_for("project.budget_line", project_id=project.id, line_id=line.id))


@dataclass(frozen=True)
class Register:
    """How one register is edited: its model, form, list page and words."""

    model: type
    form: type
    list_endpoint: str
    entity: str
    new_title: object
    edit_title: object


REGISTERS = {
    "deliverables": Register(Deliverable, DeliverableForm, "project.deliverables",
                             "project_deliverable", _l("New deliverable"),
                             _l("Edit deliverable")),
    "instruments": Register(Instrument, InstrumentForm, "project.instruments",
                            "project_instrument", _l("New instrument"), _l("Edit instrument")),
    "risks": Register(ProjectRisk, RiskForm, "project.risks", "project_risk",
                      _l("New risk or issue"), _l("Edit risk or issue")),
}


@bp.route("/<int:project_id>/<any(deliverables, instruments, risks):kind>/new",
          methods=["GET", "POST"])
@bp.route("/<int:project_id>/<any(deliverables, instruments, risks):kind>/<int:item_id>",
          methods=["GET", "POST"])
@requires("project.write")
def register_item(project_id: int, kind: str, item_id: int | None = None):
    """Add or change a deliverable, an instrument or a risk."""
    project = get_project(project_id)
    register = REGISTERS[kind]
    item = _owned(register.model, item_id, project) if item_id else None
    form = register.form(obj=item)
    _fill_choices(form, project)
    if form.validate_on_submit():
        data = data_of(form, register.form.FIELDS)
        try:
            if item is None:
                item = services_register.create(register.model, project, data)
            else:
                services_register.update(item, data)
        except ProjectRuleError as error:
            refuse(form, error)
            item = _owned(register.model, item_id, project) if item_id else None
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for(register.list_endpoint, project_id=project.id))
    return render_template(
        "project/form.html", form=form, project=project, fields=register.form.FIELDS,
        title=register.edit_title if item else register.new_title,
        history=audit.history(register.entity, item.id) if item else [],
        delete_url=url_for("project.register_delete", project_id=project.id, kind=kind,
                           item_id=item.id) if item else None,
        cancel_url=url_for(register.list_endpoint, project_id=project.id),
    ), status_of(form)


@bp.route("/<int:project_id>/<any(deliverables, instruments, risks):kind>/<int:item_id>/delete",
          methods=["POST"])
@requires("project.write")
def register_delete(project_id: int, kind: str, item_id: int):
    """Remove a deliverable, an instrument or a risk."""
    project = get_project(project_id)
    register = REGISTERS[kind]
    item = _owned(register.model, item_id, project)
    if ConfirmForm().validate_on_submit():
        services_register.delete(item)
        db.session.commit()
        flash(_("Deleted."), "success")
    return redirect(url_for(register.list_endpoint, project_id=project.id))
