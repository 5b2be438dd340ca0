"""The figures of the project dashboard, computed from the same schedule and budget as the
Gantt chart and the weekly report, so a change shows up in all three at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from germbank.models.project import Deliverable, Instrument, Project, ProjectRisk
from germbank.project import loading
from germbank.project.budget import BudgetSummary
from germbank.project.schedule import ScheduleResult, TaskSchedule
from germbank.project.services_register import installed_count
from germbank.project.spend import spread_amount

INSTRUMENT_TARGET_FALLBACK = 20  # the plan's "20余台（套）" when no deliverable says otherwise


@dataclass
class Dashboard:
    """Everything the dashboard shows."""

    project: Project
    status_date: date
    schedule: ScheduleResult | None
    budget: BudgetSummary
    planned_to_date: Decimal
    deliverables: list[tuple[Deliverable, Decimal]]
    overdue: list[TaskSchedule]
    at_risk: list[TaskSchedule]
    risks_past_due: list[ProjectRisk]
    open_risks: list[ProjectRisk]
    late_instruments: list[Instrument]
    installed: int
    registered: int
    instrument_target: int
    warnings: list[str] = field(default_factory=list)

    @property
    def is_today(self) -> bool:
        """Whether the figures are as of today (else as of an earlier status date)."""
        return self.status_date == date.today()

    @property
    def spend_variance(self) -> Decimal:
        """Paid minus planned to date: negative means spending lags the plan."""
        return self.budget.paid - self.planned_to_date


def build_dashboard(project: Project) -> Dashboard:
    """Compute the dashboard of ``project`` as of its status date."""
    as_of = loading.status_date(project)
    schedule = loading.project_schedule(project)
    budget = loading.budget_summary(project)
    planned_to_date = sum(
        (spread_amount(line.planned, line.start or project.planned_start,
                       line.finish or project.planned_finish, (date.min, as_of))
         for line in loading.budget_lines(project)),
        Decimal("0.00"),
    )
    deliverables = [(d, (d.achieved / d.target) if d.target else Decimal(0))
                    for d in project.deliverables]
    open_risks = [r for r in project.risks if r.is_open]
    target = next((int(d.target) for d in project.deliverables
                   if d.measured_by == "instruments_installed"), INSTRUMENT_TARGET_FALLBACK)
    return Dashboard(
        project=project,
        status_date=as_of,
        schedule=schedule,
        budget=budget,
        planned_to_date=planned_to_date,
        deliverables=deliverables,
        overdue=schedule.overdue if schedule else [],
        at_risk=schedule.at_risk if schedule else [],
        risks_past_due=[r for r in open_risks if r.due_on and r.due_on < as_of],
        open_risks=sorted(open_risks, key=lambda r: (r.due_on or date.max, r.id)),
        late_instruments=[i for i in project.instruments
                          if i.delivery_due and i.delivery_due < as_of and not i.delivered_on],
        installed=installed_count(project),
        registered=sum(i.quantity for i in project.instruments),
        instrument_target=target,
    )
