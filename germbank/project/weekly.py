"""The weekly progress report for the task force (工作专班), as plain data.

One structure feeds both the printable page and the XLSX file, so the two can never disagree:
a headline summary and six sections (progress this week, plan for next week, budget,
deliverables, risks and issues, overdue items), each a list of rows under typed columns. Words
are translated while building (``translate``), so the renderers only lay out what they are given.
Messages are marked with ``N_`` so Babel extracts them without this module importing Flask.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from germbank.project.budget import HUNDRED, ZERO, BudgetSummary, Payment
from germbank.project.schedule import Flag, ScheduleResult, TaskSchedule
from germbank.project.sections import (
    N_,
    Column,
    Deliverable,
    RiskItem,
    Section,
    budget_section,
    deliverables_section,
    risks_section,
)

__all__ = ["Deliverable", "ProgressNote", "ProjectInfo", "RiskItem", "WeeklyReport",
           "build_weekly_report", "week_of"]


@dataclass(frozen=True)
class ProgressNote:
    """A progress update recorded on a task: the % complete reached that day and a remark."""

    task_key: str
    recorded_on: date
    percent_complete: Decimal
    note: str = ""


@dataclass(frozen=True)
class ProjectInfo:
    """What the report header says about the project."""

    name: str
    site: str
    lead_unit: str
    total_budget: Decimal
    illustrative: bool = False


@dataclass(frozen=True)
class WeeklyReport:
    """Everything the report shows; ``summary`` rows are (label, value, kind)."""

    project: ProjectInfo
    week_start: date
    week_end: date
    status_date: date
    summary: tuple[tuple[str, object, str], ...]
    sections: tuple[Section, ...]
    notice: str = ""


ILLUSTRATIVE_NOTICE = N_(
    "Illustrative demo data: the schedule, budget split and progress are invented; the targets "
    "(10.83 million yuan, 1,522.81 m², 5,760 m², 20+ instruments, IoT system) are the plan's."
)

FLAG_TEXT = {
    Flag.OVERDUE: N_("overdue"),
    Flag.LATE_START: N_("late start"),
    Flag.BEHIND_PROGRESS: N_("behind plan"),
    Flag.FORECAST_LATE: N_("forecast late"),
    Flag.FLOAT_EXHAUSTED: N_("no float left"),
}


def week_of(day: date) -> tuple[date, date]:
    """Monday and Sunday of the ISO week containing ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def build_weekly_report(
    project: ProjectInfo,
    schedule: ScheduleResult,
    budget: BudgetSummary,
    payments: Sequence[Payment],
    deliverables: Sequence[Deliverable],
    risks: Sequence[RiskItem],
    notes: Sequence[ProgressNote] = (),
    *,
    translate: Callable[[str], str] = lambda text: text,
) -> WeeklyReport:
    """Assemble the report for the week containing the schedule's status date."""
    _ = translate
    start, end = week_of(schedule.status_date)
    sections = (
        _progress_section(schedule, notes, start, end, _),
        _plan_section(schedule, end, _),
        budget_section(budget, payments, start, end, _),
        deliverables_section(deliverables, _),
        risks_section(risks, schedule.status_date, _),
        _overdue_section(schedule, _),
    )
    achieved = [d for d in deliverables if d.target and d.achieved >= d.target]
    summary = (
        (_("Project"), project.name, "text"),
        (_("Site"), project.site, "text"),
        (_("Lead unit"), project.lead_unit, "text"),
        (_("Report week"), f"{start.isoformat()} – {end.isoformat()}", "text"),
        (_("Status date"), schedule.status_date, "date"),
        (_("Total budget (yuan)"), budget.total, "yuan"),
        (_("Planned in budget lines (yuan)"), budget.planned, "yuan"),
        (_("Committed by contract (yuan)"), budget.committed, "yuan"),
        (_("Paid (yuan)"), budget.paid, "yuan"),
        (_("Paid of total"), budget.paid_percent / HUNDRED, "percent"),
        (_("Forecast completion"), schedule.forecast_finish, "date"),
        (_("Schedule variance (days, + = late)"), schedule.finish_variance_days, "days"),
        (_("Earned-value schedule variance (yuan)"), schedule.schedule_variance, "yuan"),
        (_("Deliverables achieved"), f"{len(achieved)} / {len(deliverables)}", "text"),
        (_("Overdue tasks"), len(schedule.overdue), "number"),
        (_("At-risk tasks"), len(schedule.at_risk), "number"),
    )
    notice = _(ILLUSTRATIVE_NOTICE) if project.illustrative else ""
    return WeeklyReport(project, start, end, schedule.status_date, summary, sections, notice)


def flag_text(row: TaskSchedule, translate: Callable[[str], str]) -> str:
    """The row's state in words: done, on track, or its flags."""
    if row.task.is_complete:
        return translate(N_("complete"))
    if not row.flags:
        return translate(N_("on track"))
    return ", ".join(translate(FLAG_TEXT[flag]) for flag in Flag if flag in row.flags)


def _progress_section(schedule: ScheduleResult, notes: Sequence[ProgressNote], start: date,
                      end: date, _: Callable[[str], str]) -> Section:
    """Tasks that were planned, worked on, started, finished or updated during the week."""
    columns = (
        Column("task", _("Task")), Column("owner", _("Owner unit")),
        Column("planned_start", _("Planned start"), "date"),
        Column("planned_finish", _("Planned finish"), "date"),
        Column("actual_start", _("Actual start"), "date"),
        Column("actual_finish", _("Actual finish"), "date"),
        Column("percent", _("% complete"), "percent"),
        Column("change", _("Change this week"), "percent"),
        Column("expected", _("% expected"), "percent"),
        Column("variance", _("Finish variance (days)"), "days"),
        Column("status", _("Status")), Column("notes", _("Notes this week")),
    )
    rows = []
    for row in schedule.tasks:
        task = row.task
        week_notes = [n for n in notes if n.task_key == task.key and start <= n.recorded_on <= end]
        if not (week_notes or _active(row, start, end)):
            continue
        before = [n for n in notes if n.task_key == task.key and n.recorded_on < start]
        was = max(before, key=lambda n: n.recorded_on).percent_complete if before else ZERO
        now = HUNDRED if task.is_complete else Decimal(task.percent_complete)
        rows.append({
            "task": task.name, "owner": task.owner_unit,
            "planned_start": task.planned_start, "planned_finish": task.planned_finish,
            "actual_start": task.actual_start, "actual_finish": task.actual_finish,
            "percent": now / HUNDRED, "change": (now - was) / HUNDRED,
            "expected": row.expected_percent / HUNDRED, "variance": row.finish_variance_days,
            "status": flag_text(row, _),
            "notes": "; ".join(n.note for n in sorted(week_notes, key=lambda n: n.recorded_on)
                               if n.note),
        })
    return Section("progress", _("Progress this week"), columns, tuple(rows),
                   _("No work was planned or recorded this week."))


def _active(row: TaskSchedule, start: date, end: date) -> bool:
    """Planned in, worked in, started in or finished in the week."""
    task = row.task
    planned = task.planned_start <= end and task.planned_finish >= start
    worked = (task.actual_start is not None and task.actual_start <= end
              and (task.actual_finish is None or task.actual_finish >= start))
    return planned or worked


def _plan_section(schedule: ScheduleResult, this_week_end: date,
                  _: Callable[[str], str]) -> Section:
    """Unfinished tasks and milestones forecast to be under way during next week."""
    start, end = this_week_end + timedelta(days=1), this_week_end + timedelta(days=7)
    columns = (
        Column("task", _("Task")), Column("kind", _("Type")),
        Column("owner", _("Owner unit")), Column("contact", _("Contact person")),
        Column("start", _("Forecast start"), "date"),
        Column("finish", _("Forecast finish"), "date"),
        Column("percent", _("% complete"), "percent"),
        Column("critical", _("Critical path")), Column("status", _("Status")),
    )
    rows = []
    for row in schedule.tasks:
        if row.task.is_complete or row.forecast_start > end or row.forecast_finish < start:
            continue
        rows.append({
            "task": row.task.name,
            "kind": _("Milestone") if row.task.is_milestone else _("Work package"),
            "owner": row.task.owner_unit, "contact": row.task.contact_person,
            "start": row.forecast_start, "finish": row.forecast_finish,
            "percent": Decimal(row.task.percent_complete) / HUNDRED,
            "critical": _("yes") if row.is_critical else _("no"),
            "status": flag_text(row, _),
        })
    return Section("plan", _("Plan for next week"), columns, tuple(rows),
                   _("Nothing is scheduled for next week."))


def _overdue_section(schedule: ScheduleResult, _: Callable[[str], str]) -> Section:
    """Unfinished tasks past their planned finish, the longest overdue first."""
    columns = (
        Column("task", _("Task")), Column("owner", _("Owner unit")),
        Column("contact", _("Contact person")),
        Column("planned_finish", _("Planned finish"), "date"),
        Column("days", _("Days overdue"), "days"),
        Column("percent", _("% complete"), "percent"),
        Column("forecast", _("Forecast finish"), "date"),
    )
    rows = [
        {
            "task": row.task.name, "owner": row.task.owner_unit,
            "contact": row.task.contact_person, "planned_finish": row.task.planned_finish,
            "days": (schedule.status_date - row.task.planned_finish).days,
            "percent": Decimal(row.task.percent_complete) / HUNDRED,
            "forecast": row.forecast_finish,
        }
        for row in sorted(schedule.overdue, key=lambda r: r.task.planned_finish)
    ]
    return Section("overdue", _("Overdue items"), columns, tuple(rows), _("Nothing is overdue."))
