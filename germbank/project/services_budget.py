"""Changing the budget: lines (planned, committed) and the payments made against them.

Lines that would add up to more than the approved total are saved only when the manager
confirms; payments beyond a contract or a plan are saved with a warning, since the money has
in fact been paid. Every change is audited; the caller commits (or rolls back on a refusal).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from germbank import audit
from germbank.extensions import db
from germbank.models.project import BudgetLine, Payment, Project, ProjectTask
from germbank.project import labels, loading
from germbank.project.budget import format_yuan
from germbank.project.rules import ConfirmationNeeded, ProjectConflict, ProjectRuleError

LINE_FIELDS = ("code", "name", "name_zh", "sort_order", "planned", "committed", "contract_ref",
               "supplier", "task_id", "period_start", "period_finish")
PAYMENT_FIELDS = ("paid_on", "amount", "reference", "note")


def create_line(project: Project, data: dict[str, Any], confirm_over_total: bool = False
                ) -> BudgetLine:
    """Add a budget line."""
    line = BudgetLine(project=project, committed=Decimal("0.00"))
    with db.session.no_autoflush:  # check before the database sees the row
        _set(line, data)
        _check_line(line, project, confirm_over_total)
    db.session.add(line)
    db.session.flush()
    audit.record("project_budget_line", line.id, "create", audit.snapshot(line))
    return line


def update_line(line: BudgetLine, data: dict[str, Any], confirm_over_total: bool = False) -> None:
    """Change a budget line."""
    before = audit.snapshot(line)
    with db.session.no_autoflush:  # check before the database sees the change
        _set(line, data)
        _check_line(line, line.project, confirm_over_total)
    db.session.flush()
    audit.record_update("project_budget_line", line, before)


def delete_line(line: BudgetLine) -> None:
    """Remove a line that has no payments (payments are records of real money)."""
    if line.payments:
        raise ProjectConflict(_("This line has payments; delete them first."), "payments")
    audit.record("project_budget_line", line.id, "delete", audit.snapshot(line))
    db.session.delete(line)
    db.session.flush()


def _set(line: BudgetLine, data: dict[str, Any]) -> None:
    unknown = set(data) - set(LINE_FIELDS)
    if unknown:
        raise KeyError(f"unexpected fields: {sorted(unknown)}")
    for name, value in data.items():
        setattr(line, name, value)


def _check_line(line: BudgetLine, project: Project, confirm_over_total: bool) -> None:
    """Amounts, period, task and code; then the total, which only confirmation may exceed."""
    for name in ("planned", "committed"):
        value = getattr(line, name)
        if value is None or value < 0:
            raise ProjectRuleError(_("Amounts cannot be negative."), name)
        if value != value.quantize(Decimal("0.01")):
            raise ProjectRuleError(_("Give amounts in yuan with at most two decimals."), name)
    if line.period_start and line.period_finish and line.period_finish < line.period_start:
        raise ProjectRuleError(_("The period ends before it starts."), "period_finish")
    with db.session.no_autoflush:  # the unsaved row must not reach the database first
        if line.task_id is not None:
            task = db.session.get(ProjectTask, line.task_id)
            if task is None or task.project_id != project.id:
                raise ProjectRuleError(_("Choose a task of this project."), "task_id")
        clash = sa.select(BudgetLine.id).where(BudgetLine.project_id == project.id,
                                               BudgetLine.code == line.code)
        if line.id is not None:
            clash = clash.where(BudgetLine.id != line.id)
        taken = db.session.scalar(clash) is not None
        others = sum((other.planned for other in project.budget_lines
                      if other is not line and other.id != line.id), Decimal("0.00"))
    if taken:
        raise ProjectConflict(_("Another budget line already has the code %(code)s.",
                                code=line.code), "code")
    excess = others + line.planned - project.total_budget
    if excess > 0 and not confirm_over_total:
        raise ConfirmationNeeded(
            _("With this line the budget lines add up to %(sum)s yuan, %(excess)s yuan more "
              "than the approved total of %(total)s yuan. Confirm to save anyway.",
              sum=format_yuan(others + line.planned), excess=format_yuan(excess),
              total=format_yuan(project.total_budget)),
            "planned", excess,
        )


def add_payment(line: BudgetLine, data: dict[str, Any]) -> tuple[Payment, list[str]]:
    """Record a payment; returns it with warnings (beyond contract or plan) to show."""
    unknown = set(data) - set(PAYMENT_FIELDS)
    if unknown:
        raise KeyError(f"unexpected fields: {sorted(unknown)}")
    amount = data.get("amount")
    if amount is None or amount <= 0:
        raise ProjectRuleError(_("A payment must be more than zero."), "amount")
    if amount != amount.quantize(Decimal("0.01")):
        raise ProjectRuleError(_("Give amounts in yuan with at most two decimals."), "amount")
    paid_on: date | None = data.get("paid_on")
    as_of = loading.status_date(line.project)
    if paid_on is None:
        raise ProjectRuleError(_("Give the payment date."), "paid_on")
    if paid_on > as_of:
        raise ProjectRuleError(
            _("%(date)s is after the status date %(status)s: record payments that were made.",
              date=paid_on.isoformat(), status=as_of.isoformat()), "paid_on")
    payment = Payment(budget_line=line, **data)
    db.session.add(payment)
    db.session.flush()
    audit.record("project_payment", payment.id, "create",
                 {**audit.snapshot(payment), "line": line.code})
    return payment, line_warnings(line)


def delete_payment(payment: Payment) -> None:
    """Remove a payment entered by mistake (the audit log keeps what it was)."""
    audit.record("project_payment", payment.id, "delete",
                 {**audit.snapshot(payment), "line": payment.budget_line.code})
    db.session.delete(payment)
    db.session.flush()


def line_warnings(line: BudgetLine) -> list[str]:
    """Translated warnings about one line: contracts or payments beyond plan or contract."""
    summary = loading.budget_summary(line.project)
    return [labels.budget_warning(w) for w in summary.warnings if w.line_key == str(line.id)]
