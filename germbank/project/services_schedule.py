"""Changing the project and its schedule: tasks, progress, dependencies, baseline.

Every change is validated the way a manager expects (dates in order, no actual dates in the
future or beyond the status date, no dependency loops), audited, and flushed; the caller
commits. Pages and the JSON API call the same functions, so they enforce the same rules.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from germbank import audit
from germbank.extensions import db
from germbank.models.project import Project, ProjectTask, TaskLink
from germbank.orm import utcnow
from germbank.project import loading
from germbank.project.budget import format_yuan
from germbank.project.rules import ConfirmationNeeded, ProjectConflict, ProjectRuleError
from germbank.project.schedule import Dependency, DependencyCycleError, check_dependencies

PROJECT_FIELDS = ("code", "name", "name_zh", "site", "lead_unit", "support_units",
                  "total_budget", "planned_start", "planned_finish", "status_date",
                  "is_illustrative")
TASK_FIELDS = ("code", "name", "name_zh", "kind", "sort_order", "planned_start",
               "planned_finish", "actual_start", "actual_finish", "percent_complete",
               "owner_unit", "contact_person", "notes")
PROGRESS_FIELDS = ("actual_start", "actual_finish", "percent_complete")


def _apply(obj: Any, data: dict[str, Any], allowed: tuple[str, ...]) -> None:
    """Copy the allowed keys of ``data`` onto ``obj``; unknown keys are a programming error."""
    unknown = set(data) - set(allowed)
    if unknown:
        raise KeyError(f"unexpected fields: {sorted(unknown)}")
    for name, value in data.items():
        setattr(obj, name, value)


def create_project(data: dict[str, Any]) -> Project:
    """Add a project after checking its dates and code."""
    project = Project()
    with db.session.no_autoflush:  # check before the database sees the row
        _apply(project, data, PROJECT_FIELDS)
        _check_project(project)
    db.session.add(project)
    db.session.flush()
    audit.record("project", project.id, "create", audit.snapshot(project))
    return project


def update_project(project: Project, data: dict[str, Any],
                   confirm_over_total: bool = False) -> None:
    """Change the project; lowering the total below the budget lines needs confirming.

    On any refusal the instance is left changed in the session: the caller rolls back.
    """
    before = audit.snapshot(project)
    with db.session.no_autoflush:  # check before the database sees the change
        _apply(project, data, PROJECT_FIELDS)
        _check_project(project)
        planned = sum((line.planned for line in project.budget_lines), Decimal("0.00"))
    if planned > project.total_budget and not confirm_over_total:
        raise ConfirmationNeeded(
            _("The budget lines (%(planned)s yuan) exceed the new total by %(excess)s yuan. "
              "Confirm to save anyway.", planned=format_yuan(planned),
              excess=format_yuan(planned - project.total_budget)),
            "total_budget", planned - project.total_budget,
        )
    db.session.flush()
    audit.record_update("project", project, before)


def _check_project(project: Project) -> None:
    if project.total_budget is None or project.total_budget < 0:
        raise ProjectRuleError(_("The total budget cannot be negative."), "total_budget")
    if project.planned_finish < project.planned_start:
        raise ProjectRuleError(_("The planned finish is before the planned start."),
                               "planned_finish")
    if project.status_date and project.status_date > date.today():
        raise ProjectRuleError(_("The status date cannot be in the future."), "status_date")
    clash = sa.select(Project.id).where(Project.code == project.code)
    if project.id is not None:
        clash = clash.where(Project.id != project.id)
    with db.session.no_autoflush:  # the unsaved row must not reach the database first
        taken = db.session.scalar(clash) is not None
    if taken:
        raise ProjectConflict(_("Another project already has the code %(code)s.",
                                code=project.code), "code")


def create_task(project: Project, data: dict[str, Any], note: str = "") -> ProjectTask:
    """Add a work package or milestone."""
    task = ProjectTask(project=project, percent_complete=Decimal("0.0"))
    with db.session.no_autoflush:  # check before the database sees the row
        _apply(task, data, TASK_FIELDS)
        _normalise_and_check(task, project)
    db.session.add(task)
    db.session.flush()
    audit.record("project_task", task.id, "create", audit.snapshot(task))
    _log_progress(task, note, force=bool(task.actual_start or task.percent_complete))
    return task


def update_task(task: ProjectTask, data: dict[str, Any], note: str = "") -> None:
    """Change a task; a change of progress is also logged for the weekly report."""
    before = audit.snapshot(task)
    with db.session.no_autoflush:  # check before the database sees the change
        _apply(task, data, TASK_FIELDS)
        _normalise_and_check(task, task.project)
    db.session.flush()
    audit.record_update("project_task", task, before, note)
    moved = any(before[name] != audit.json_value(getattr(task, name)) for name in PROGRESS_FIELDS)
    _log_progress(task, note, force=moved)


def record_progress(task: ProjectTask, percent_complete: Decimal, actual_start: date | None,
                    actual_finish: date | None, note: str = "") -> None:
    """The quick progress update: % complete, actual dates and a remark."""
    update_task(task, {"percent_complete": percent_complete, "actual_start": actual_start,
                       "actual_finish": actual_finish}, note)


def _log_progress(task: ProjectTask, note: str, force: bool) -> None:
    """Remember the % complete as of the status date when progress moved or a note was given."""
    if not (force or note):
        return
    from germbank.models.project import ProgressUpdate

    user = audit.acting_user()
    db.session.add(ProgressUpdate(
        task=task, recorded_on=loading.status_date(task.project),
        percent_complete=task.percent_complete, note=note[:500],
        username=user.username if user else "system",
    ))
    db.session.flush()


def _normalise_and_check(task: ProjectTask, project: Project) -> None:
    """Milestones get one date; an actual finish means 100 %; then the date rules."""
    if task.kind == "milestone":
        task.planned_start = task.planned_finish
        if task.actual_finish and not task.actual_start:
            task.actual_start = task.actual_finish
    if task.actual_finish is not None:
        task.percent_complete = Decimal("100.0")
    percent = Decimal(task.percent_complete or 0).quantize(Decimal("0.1"))
    task.percent_complete = percent
    if not Decimal(0) <= percent <= Decimal(100):
        raise ProjectRuleError(_("Progress must be between 0 and 100 percent."),
                               "percent_complete")
    if task.planned_finish < task.planned_start:
        raise ProjectRuleError(_("The planned finish is before the planned start."),
                               "planned_finish")
    if task.actual_finish and task.actual_start and task.actual_finish < task.actual_start:
        raise ProjectRuleError(_("The actual finish cannot be before the actual start."),
                               "actual_finish")
    if task.actual_finish and not task.actual_start:
        raise ProjectRuleError(_("Record the actual start before the actual finish."),
                               "actual_start")
    if percent > 0 and not task.actual_start and task.kind != "milestone":
        raise ProjectRuleError(_("Work in progress needs its actual start date."),
                               "actual_start")
    if percent >= 100 and not task.actual_finish:
        raise ProjectRuleError(_("A finished task (100 percent) needs its actual finish date."),
                               "actual_finish")
    as_of = loading.status_date(project)
    for name in ("actual_start", "actual_finish"):
        value = getattr(task, name)
        if value is not None and value > as_of:
            raise ProjectRuleError(
                _("%(date)s is after the status date %(status)s: an actual date records what "
                  "has happened. Move the project's status date first.",
                  date=value.isoformat(), status=as_of.isoformat()), name)
    clash = sa.select(ProjectTask.id).where(ProjectTask.project_id == project.id,
                                            ProjectTask.code == task.code)
    if task.id is not None:
        clash = clash.where(ProjectTask.id != task.id)
    with db.session.no_autoflush:  # the unsaved row must not reach the database first
        taken = db.session.scalar(clash) is not None
    if taken:
        raise ProjectConflict(_("Another task already has the code %(code)s.", code=task.code),
                              "code")


def delete_task(task: ProjectTask) -> None:
    """Remove a task with its links and progress log."""
    audit.record("project_task", task.id, "delete", audit.snapshot(task))
    db.session.delete(task)
    db.session.flush()


def add_dependency(successor: ProjectTask, predecessor: ProjectTask, lag_days: int = 0) -> TaskLink:
    """Make ``successor`` wait for ``predecessor`` (+ lag); a loop is refused, naming it."""
    if predecessor.project_id != successor.project_id:
        raise ProjectRuleError(_("Both tasks must belong to the same project."), "predecessor_id")
    if predecessor.id == successor.id:
        raise ProjectRuleError(_("A task cannot depend on itself."), "predecessor_id")
    if any(link.predecessor_id == predecessor.id for link in successor.predecessor_links):
        raise ProjectConflict(_("%(task)s already depends on %(other)s.",
                                task=successor.name, other=predecessor.name), "predecessor_id")
    locale = loading.current_locale()
    tasks = [loading.as_plan_task(t, locale) for t in successor.project.tasks]
    new = Dependency(str(predecessor.id), lag_days)
    tasks = [t if t.key != str(successor.id) else
             loading.as_plan_task(successor, locale, extra_links=(new,)) for t in tasks]
    try:
        check_dependencies(tasks)
    except DependencyCycleError as cycle:
        raise ProjectRuleError(
            _("This dependency would create a cycle: %(cycle)s.",
              cycle=" → ".join(_loop_from(cycle, str(successor.id)))),
            "predecessor_id") from None
    link = TaskLink(predecessor=predecessor, successor=successor, lag_days=lag_days)
    db.session.add(link)
    db.session.flush()
    audit.record("project_task_link", link.id, "create",
                 {"predecessor": predecessor.code, "successor": successor.code,
                  "lag_days": lag_days})
    return link


def _loop_from(cycle: DependencyCycleError, key: str) -> list[str]:
    """The loop's names starting at the task being edited, so the message reads from it."""
    keys, names = list(cycle.cycle[:-1]), list(cycle.names[:-1])
    start = keys.index(key) if key in keys else 0
    names = names[start:] + names[:start]
    return names + names[:1]


def remove_dependency(link: TaskLink) -> None:
    """Drop a dependency."""
    audit.record("project_task_link", link.id, "delete",
                 {"predecessor": link.predecessor.code, "successor": link.successor.code,
                  "lag_days": link.lag_days})
    db.session.delete(link)
    db.session.flush()


def save_baseline(project: Project) -> int:
    """Copy every task's planned dates into its baseline; variance is measured from here on."""
    for task in project.tasks:
        before = audit.snapshot(task, ["baseline_start", "baseline_finish"])
        task.baseline_start, task.baseline_finish = task.planned_start, task.planned_finish
        audit.record_update("project_task", task, before, "baseline saved")
    project.baseline_saved_at = utcnow()
    db.session.flush()
    audit.record("project", project.id, "update",
                 {"baseline_saved_at": [None, project.baseline_saved_at]}, "baseline saved")
    return len(project.tasks)
