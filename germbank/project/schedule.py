"""The schedule as a manager reads it: forecast dates, float, critical path, variance, flags.

Tasks carry calendar dates (planned, actual, baseline) and finish-to-start dependencies in days;
``build_schedule`` turns them into the day-offset network of ``network.py``, pins what has already
happened (actual dates), pushes unfinished work no earlier than the status date, and reads the
answers back as dates. Durations are calendar days; a working calendar (weekends, holidays)
would be a refinement of the offsets, not a different algorithm.

Date conventions are explained in ``task_network.py``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from germbank.project.network import (
    DependencyCycleError,
    ScheduleError,
    analyse,
    topological_order,
)
from germbank.project.progress import earned_value, expected_percent
from germbank.project.task_network import bare_activity, finish_offset, start_date, to_activity

__all__ = [
    "DependencyCycleError",
    "Dependency",
    "Flag",
    "ScheduleError",
    "ScheduleResult",
    "Task",
    "TaskDateError",
    "TaskSchedule",
    "build_schedule",
    "check_dependencies",
    "validate_task",
]

HUNDRED = Decimal(100)


class TaskDateError(ScheduleError):
    """A task whose own dates or progress contradict each other; ``field`` names the culprit."""

    def __init__(self, task: str, field_name: str, message: str) -> None:
        super().__init__(f"{task}: {message}")
        self.task = task
        self.field = field_name


class Flag(enum.Enum):
    """Why a task needs the manager's attention; the value is a stable code for translations."""

    OVERDUE = "overdue"
    LATE_START = "late_start"
    BEHIND_PROGRESS = "behind_progress"
    FORECAST_LATE = "forecast_late"
    FLOAT_EXHAUSTED = "float_exhausted"


@dataclass(frozen=True)
class Dependency:
    """This task may start only ``lag_days`` after ``predecessor`` finishes."""

    predecessor: str
    lag_days: int = 0


@dataclass(frozen=True)
class Task:
    """A work package or milestone as entered by the project manager.

    ``budget`` is the task's share of the budget, used only for earned-value figures; the owner
    unit and contact person are carried for reports (the task force asks each unit by name).
    """

    key: str
    name: str
    planned_start: date
    planned_finish: date
    actual_start: date | None = None
    actual_finish: date | None = None
    percent_complete: Decimal = Decimal(0)
    dependencies: tuple[Dependency, ...] = ()
    is_milestone: bool = False
    baseline_start: date | None = None
    baseline_finish: date | None = None
    budget: Decimal | None = None
    owner_unit: str = ""
    contact_person: str = ""

    @property
    def duration_days(self) -> int:
        """Planned calendar days, inclusive; zero for a milestone."""
        if self.is_milestone:
            return 0
        return (self.planned_finish - self.planned_start).days + 1

    @property
    def is_complete(self) -> bool:
        """Finished: an actual finish is recorded or progress reached 100 %."""
        return self.actual_finish is not None or Decimal(self.percent_complete) >= HUNDRED

    @property
    def reference_start(self) -> date:
        """The start variance is measured against: the saved baseline, else the plan."""
        return self.baseline_start or self.planned_start

    @property
    def reference_finish(self) -> date:
        """The finish variance is measured against: the saved baseline, else the plan."""
        return self.baseline_finish or self.planned_finish


@dataclass(frozen=True)
class TaskSchedule:
    """One task's computed schedule. Variances are in days, positive meaning late."""

    task: Task
    forecast_start: date
    forecast_finish: date
    late_start: date
    late_finish: date
    total_float_days: int
    is_critical: bool
    start_variance_days: int
    finish_variance_days: int
    expected_percent: Decimal
    flags: frozenset[Flag] = field(default_factory=frozenset)

    @property
    def is_overdue(self) -> bool:
        """Its planned finish has passed and it is not complete."""
        return Flag.OVERDUE in self.flags

    @property
    def is_at_risk(self) -> bool:
        """Not yet overdue, but slipping: late start, behind progress, late forecast or no float."""
        return not self.is_overdue and bool(self.flags)


@dataclass(frozen=True)
class ScheduleResult:
    """The whole schedule as of ``status_date``; ``tasks`` keep the input order."""

    status_date: date
    tasks: tuple[TaskSchedule, ...]
    order: tuple[str, ...]
    critical_path: tuple[str, ...]
    forecast_finish: date
    deadline: date
    planned_value: Decimal
    earned_value: Decimal

    @property
    def by_key(self) -> Mapping[str, TaskSchedule]:
        """Task schedules by task key."""
        return {row.task.key: row for row in self.tasks}

    @property
    def finish_variance_days(self) -> int:
        """How many days the forecast end of the project lies beyond the deadline."""
        return (self.forecast_finish - self.deadline).days

    @property
    def schedule_variance(self) -> Decimal:
        """Earned-value schedule variance in yuan: work done minus work planned by now."""
        return self.earned_value - self.planned_value

    @property
    def schedule_performance_index(self) -> Decimal | None:
        """EV / PV (1.00 on plan, below 1 behind); None before any work was planned."""
        if not self.planned_value:
            return None
        return (self.earned_value / self.planned_value).quantize(Decimal("0.01"))

    @property
    def overdue(self) -> list[TaskSchedule]:
        """Tasks past their planned finish and not complete."""
        return [row for row in self.tasks if row.is_overdue]

    @property
    def at_risk(self) -> list[TaskSchedule]:
        """Tasks not yet overdue but flagged as slipping."""
        return [row for row in self.tasks if row.is_at_risk]


def validate_task(task: Task, status_date: date | None = None) -> None:
    """Refuse a task whose dates or progress contradict each other (raises ``TaskDateError``).

    Actual dates in the future are refused when ``status_date`` is given: they record what
    happened, not what is hoped for.
    """
    if task.planned_finish < task.planned_start:
        raise TaskDateError(task.name, "planned_finish", "planned finish is before planned start")
    if task.baseline_start and task.baseline_finish and task.baseline_finish < task.baseline_start:
        raise TaskDateError(task.name, "baseline_finish", "baseline finish is before its start")
    if not Decimal(0) <= Decimal(task.percent_complete) <= HUNDRED:
        raise TaskDateError(task.name, "percent_complete", "% complete must be between 0 and 100")
    if task.actual_finish and task.actual_start and task.actual_finish < task.actual_start:
        raise TaskDateError(task.name, "actual_finish", "actual finish is before actual start")
    if task.actual_finish and not task.actual_start and not task.is_milestone:
        raise TaskDateError(task.name, "actual_start", "an actual finish needs an actual start")
    if status_date is not None:
        for name in ("actual_start", "actual_finish"):
            value = getattr(task, name)
            if value is not None and value > status_date:
                raise TaskDateError(task.name, name, f"{name.replace('_', ' ')} is in the future")


def check_dependencies(tasks: Sequence[Task]) -> None:
    """Raise ``DependencyCycleError`` (naming the loop) or another ``ScheduleError`` if the
    dependencies cannot be scheduled; used before saving a new dependency."""
    topological_order([bare_activity(task) for task in tasks])


def build_schedule(
    tasks: Sequence[Task],
    status_date: date,
    *,
    deadline: date | None = None,
    behind_margin: Decimal = Decimal(10),
) -> ScheduleResult:
    """Compute forecast dates, float, the critical path, variances and flags as of ``status_date``.

    ``deadline`` defaults to the latest baseline (else planned) finish, so float turns negative
    when the forecast overruns the committed end. A task is behind when its % complete trails the
    straight-line expectation by more than ``behind_margin`` percentage points.
    """
    if not tasks:
        raise ScheduleError("The project has no tasks to schedule")
    for task in tasks:
        validate_task(task)
    origin = min(
        [t.planned_start for t in tasks] + [t.actual_start for t in tasks if t.actual_start]
        + [t.reference_start for t in tasks] + [status_date]
    )
    if deadline is None:
        deadline = max(t.reference_finish for t in tasks)
    status = (status_date - origin).days
    activities = [to_activity(task, origin, status) for task in tasks]
    network = analyse(activities, deadline=finish_offset(deadline, origin))

    rows = []
    for task in tasks:
        times = network.times[task.key]
        start = start_date(times.early_start, times.early_finish, origin, task.is_milestone)
        finish = origin + timedelta(days=times.early_finish - 1)
        late_start = start_date(times.late_start, times.late_finish, origin, task.is_milestone)
        expected = expected_percent(task, status_date)
        rows.append(
            TaskSchedule(
                task=task,
                forecast_start=start,
                forecast_finish=finish,
                late_start=late_start,
                late_finish=origin + timedelta(days=times.late_finish - 1),
                total_float_days=times.total_float,
                is_critical=times.critical,
                start_variance_days=(start - task.reference_start).days,
                finish_variance_days=(finish - task.reference_finish).days,
                expected_percent=expected,
                flags=_flags(task, status_date, finish, times.total_float, expected, behind_margin),
            )
        )
    planned_value, earned = earned_value(tasks, status_date)
    return ScheduleResult(
        status_date=status_date,
        tasks=tuple(rows),
        order=network.order,
        critical_path=network.critical_path,
        forecast_finish=max(row.forecast_finish for row in rows),
        deadline=deadline,
        planned_value=planned_value,
        earned_value=earned,
    )


def _flags(
    task: Task, status_date: date, forecast_finish: date, total_float: int,
    expected: Decimal, margin: Decimal,
) -> frozenset[Flag]:
    """The attention flags of one task; a completed task has none."""
    if task.is_complete:
        return frozenset()
    flags = set()
    if task.planned_finish < status_date:
        flags.add(Flag.OVERDUE)
    if task.actual_start is None and task.planned_start < status_date and not task.is_milestone:
        flags.add(Flag.LATE_START)
    if expected - Decimal(task.percent_complete) > margin:
        flags.add(Flag.BEHIND_PROGRESS)
    if forecast_finish > task.planned_finish:
        flags.add(Flag.FORECAST_LATE)
    if total_float < 0:
        flags.add(Flag.FLOAT_EXHAUSTED)
    return frozenset(flags)
