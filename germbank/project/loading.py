"""Stored project rows turned into the pure dataclasses the schedule and budget code compute on.

Every page, the report and the API read the project through here, so the Gantt chart, the
dashboard and the weekly report always agree on the same figures.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from flask import has_request_context

from germbank.extensions import db
from germbank.models.project import (
    BudgetLine,
    Payment,
    ProgressUpdate,
    Project,
    ProjectTask,
)
from germbank.project import budget as money
from germbank.project import schedule as plan
from germbank.project.spend import SpendPoint, spend_series
from germbank.project.weekly import ProgressNote


def current_locale() -> str:
    """The reader's language inside a request, English elsewhere (CLI, demo loader)."""
    if has_request_context():
        from flask_babel import get_locale

        return str(get_locale() or "zh_CN")
    return "en"


def status_date(project: Project) -> date:
    """The date progress is reported as of: the project's status date, else today."""
    return project.status_date or date.today()


def task_key(task: ProjectTask) -> str:
    """The key a task has in the pure schedule: its id as text."""
    return str(task.id)


def as_plan_task(task: ProjectTask, locale: str, budget_share: Decimal | None = None,
                 extra_links: tuple[plan.Dependency, ...] = ()) -> plan.Task:
    """One stored task as a schedule task."""
    links = tuple(plan.Dependency(str(link.predecessor_id), link.lag_days)
                  for link in task.predecessor_links) + extra_links
    return plan.Task(
        key=task_key(task),
        name=task.display_name(locale),
        planned_start=task.planned_start,
        planned_finish=task.planned_finish,
        actual_start=task.actual_start,
        actual_finish=task.actual_finish,
        percent_complete=Decimal(task.percent_complete or 0),
        dependencies=links,
        is_milestone=task.is_milestone,
        baseline_start=task.baseline_start,
        baseline_finish=task.baseline_finish,
        budget=budget_share,
        owner_unit=task.owner_unit,
        contact_person=task.contact_person,
    )


def plan_tasks(project: Project, locale: str | None = None) -> list[plan.Task]:
    """All tasks of the project, weighted by the budget lines linked to them."""
    locale = locale or current_locale()
    shares: dict[int, Decimal] = {}
    for line in project.budget_lines:
        if line.task_id is not None:
            shares[line.task_id] = shares.get(line.task_id, Decimal(0)) + line.planned
    return [as_plan_task(task, locale, shares.get(task.id)) for task in project.tasks]


def project_schedule(project: Project, locale: str | None = None) -> plan.ScheduleResult | None:
    """The computed schedule as of the status date; None while the project has no tasks."""
    tasks = plan_tasks(project, locale)
    if not tasks:
        return None
    return plan.build_schedule(tasks, status_date(project), deadline=project.planned_finish)


def budget_lines(project: Project, locale: str | None = None) -> list[money.BudgetLine]:
    """Budget lines as pure lines; a line linked to a task is spent over the task's dates."""
    locale = locale or current_locale()
    return [_as_line(line, locale) for line in project.budget_lines]


def _as_line(line: BudgetLine, locale: str) -> money.BudgetLine:
    task = line.task
    return money.BudgetLine(
        key=str(line.id),
        name=line.display_name(locale),
        planned=line.planned,
        committed=line.committed or Decimal("0.00"),
        start=line.period_start or (task.planned_start if task else None),
        finish=line.period_finish or (task.planned_finish if task else None),
    )


def payments(project: Project) -> list[money.Payment]:
    """Every payment of the project, oldest first."""
    rows = db.session.scalars(
        sa.select(Payment).join(BudgetLine)
        .where(BudgetLine.project_id == project.id)
        .order_by(Payment.paid_on, Payment.id)
    )
    return [money.Payment(str(p.budget_line_id), p.paid_on, p.amount) for p in rows]


def budget_summary(project: Project, locale: str | None = None) -> money.BudgetSummary:
    """Totals, remaining amounts and warnings of the project's budget."""
    return money.summarise_budget(project.total_budget, budget_lines(project, locale),
                                  payments(project))


def spend_points(project: Project, period: str = "month",
                 locale: str | None = None) -> list[SpendPoint]:
    """The S-curve series: planned vs paid per period, actual stopping at the status date."""
    return spend_series(
        budget_lines(project, locale), payments(project), period=period,
        status_date=status_date(project), project_start=project.planned_start,
        project_finish=project.planned_finish,
    )


def progress_notes(project: Project) -> list[ProgressNote]:
    """Recorded progress updates, for the weekly report's "change this week"."""
    rows = db.session.scalars(
        sa.select(ProgressUpdate).join(ProjectTask)
        .where(ProjectTask.project_id == project.id)
        .order_by(ProgressUpdate.recorded_on, ProgressUpdate.id)
    )
    return [ProgressNote(str(u.task_id), u.recorded_on, u.percent_complete, u.note) for u in rows]


def the_project() -> Project | None:
    """The project the pages open by default: the first one created."""
    return db.session.scalar(sa.select(Project).order_by(Project.id).limit(1))
