"""The construction project: schedule, budget, deliverables, instrument register, risks.

Money is ``Numeric(14, 2)`` read back as ``Decimal``; percentages are ``Numeric(5, 1)``.
Schedule dates are calendar dates (the project works in days). Rules that span several rows
(dependency cycles, lines beyond the total) live in ``germbank.project.services``; the
constraints here only guard what a single row must never hold.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
import sqlalchemy.orm as so

from germbank.extensions import db
from germbank.models.locations import StorageLocation
from germbank.orm import utcnow

TASK_KINDS = ("work_package", "milestone")
RISK_KINDS = ("risk", "issue")
RISK_IMPACTS = ("low", "medium", "high", "critical")
RISK_STATUSES = ("open", "mitigating", "closed")
ACCEPTANCE_STATUSES = ("pending", "passed", "failed")
DELIVERABLE_MEASURES = ("manual", "instruments_installed")

MONEY = sa.Numeric(14, 2)
PERCENT = sa.Numeric(5, 1)
QUANTITY = sa.Numeric(12, 2)


def _in(column: str, values: tuple[str, ...]) -> str:
    """SQL for a CHECK that ``column`` holds one of ``values``."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class BilingualName:
    """Records named in English (``name``) and, optionally, Chinese (``name_zh``)."""

    name: str
    name_zh: str

    def display_name(self, locale: str | None = None) -> str:
        """Chinese name for Chinese readers when there is one."""
        return self.name_zh if locale and locale.startswith("zh") and self.name_zh else self.name


class Project(BilingualName, db.Model):
    """A construction project with its approved total budget and dates.

    ``status_date`` is the date progress is reported as of (MS Project's status date); empty
    means today. ``is_illustrative`` marks invented demo data so every page can say so.
    """

    __tablename__ = "projects"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    code: so.Mapped[str] = so.mapped_column(sa.String(32), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    name_zh: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    site: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    lead_unit: so.Mapped[str] = so.mapped_column(sa.String(128), default="")
    support_units: so.Mapped[str] = so.mapped_column(sa.String(255), default="")
    total_budget: so.Mapped[Decimal] = so.mapped_column(MONEY)
    planned_start: so.Mapped[date]
    planned_finish: so.Mapped[date]
    status_date: so.Mapped[date | None]
    is_illustrative: so.Mapped[bool] = so.mapped_column(default=False)
    baseline_saved_at: so.Mapped[datetime | None]
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    tasks: so.Mapped[list[ProjectTask]] = so.relationship(
        back_populates="project", order_by="(ProjectTask.sort_order, ProjectTask.id)",
        cascade="all, delete-orphan",
    )
    budget_lines: so.Mapped[list[BudgetLine]] = so.relationship(
        back_populates="project", order_by="(BudgetLine.sort_order, BudgetLine.id)",
        cascade="all, delete-orphan",
    )
    deliverables: so.Mapped[list[Deliverable]] = so.relationship(
        back_populates="project", order_by="(Deliverable.sort_order, Deliverable.id)",
        cascade="all, delete-orphan",
    )
    instruments: so.Mapped[list[Instrument]] = so.relationship(
        back_populates="project", order_by="Instrument.code", cascade="all, delete-orphan"
    )
    risks: so.Mapped[list[ProjectRisk]] = so.relationship(
        back_populates="project", order_by="ProjectRisk.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.CheckConstraint("total_budget >= 0", name="total_not_negative"),
        sa.CheckConstraint("planned_finish >= planned_start", name="finish_after_start"),
    )


class ProjectTask(BilingualName, db.Model):
    """A work package or milestone with planned, actual and baseline dates."""

    __tablename__ = "project_tasks"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    project_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    code: so.Mapped[str] = so.mapped_column(sa.String(16))
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    name_zh: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    kind: so.Mapped[str] = so.mapped_column(sa.String(16), default="work_package")
    sort_order: so.Mapped[int] = so.mapped_column(default=0)
    planned_start: so.Mapped[date]
    planned_finish: so.Mapped[date]
    actual_start: so.Mapped[date | None]
    actual_finish: so.Mapped[date | None]
    percent_complete: so.Mapped[Decimal] = so.mapped_column(PERCENT, default=Decimal("0.0"))
    baseline_start: so.Mapped[date | None]
    baseline_finish: so.Mapped[date | None]
    owner_unit: so.Mapped[str] = so.mapped_column(sa.String(128), default="")
    contact_person: so.Mapped[str] = so.mapped_column(sa.String(128), default="")
    notes: so.Mapped[str] = so.mapped_column(sa.Text, default="")

    project: so.Mapped[Project] = so.relationship(back_populates="tasks")
    predecessor_links: so.Mapped[list[TaskLink]] = so.relationship(
        foreign_keys="TaskLink.successor_id", back_populates="successor",
        cascade="all, delete-orphan",
    )
    successor_links: so.Mapped[list[TaskLink]] = so.relationship(
        foreign_keys="TaskLink.predecessor_id", back_populates="predecessor",
        cascade="all, delete-orphan",
    )

    __table_args__ = (
        sa.UniqueConstraint("project_id", "code"),
        sa.CheckConstraint(_in("kind", TASK_KINDS), name="kind_known"),
        sa.CheckConstraint("planned_finish >= planned_start", name="planned_in_order"),
        sa.CheckConstraint(
            "actual_finish IS NULL OR actual_start IS NULL OR actual_finish >= actual_start",
            name="actual_in_order",
        ),
        sa.CheckConstraint("percent_complete BETWEEN 0 AND 100", name="percent_range"),
    )

    @property
    def is_milestone(self) -> bool:
        """Milestones have no duration and show as diamonds."""
        return self.kind == "milestone"


class TaskLink(db.Model):
    """Finish-to-start: the successor may start ``lag_days`` after the predecessor finishes."""

    __tablename__ = "project_task_links"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    predecessor_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("project_tasks.id", ondelete="CASCADE"), index=True
    )
    successor_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("project_tasks.id", ondelete="CASCADE"), index=True
    )
    lag_days: so.Mapped[int] = so.mapped_column(default=0)

    predecessor: so.Mapped[ProjectTask] = so.relationship(
        foreign_keys=[predecessor_id], back_populates="successor_links"
    )
    successor: so.Mapped[ProjectTask] = so.relationship(
        foreign_keys=[successor_id], back_populates="predecessor_links"
    )

    __table_args__ = (
        sa.UniqueConstraint("predecessor_id", "successor_id"),
        sa.CheckConstraint("predecessor_id <> successor_id", name="not_self"),
    )


class ProgressUpdate(db.Model):
    """A progress report on a task: % complete as of a day, with the manager's remark.

    Kept so the weekly report can say how far each task moved this week.
    """

    __tablename__ = "project_progress_updates"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    task_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("project_tasks.id", ondelete="CASCADE"), index=True
    )
    recorded_on: so.Mapped[date]
    percent_complete: so.Mapped[Decimal] = so.mapped_column(PERCENT)
    note: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    username: so.Mapped[str] = so.mapped_column(sa.String(64), default="system")
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    task: so.Mapped[ProjectTask] = so.relationship()


class BudgetLine(BilingualName, db.Model):
    """Planned money for one purpose, what contracts commit, and (via payments) what is paid.

    A line linked to a task is spent over that task's planned dates unless it has its own
    period; its planned amount also weighs the task in earned value.
    """

    __tablename__ = "project_budget_lines"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    project_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    code: so.Mapped[str] = so.mapped_column(sa.String(16))
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    name_zh: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    sort_order: so.Mapped[int] = so.mapped_column(default=0)
    planned: so.Mapped[Decimal] = so.mapped_column(MONEY)
    committed: so.Mapped[Decimal] = so.mapped_column(MONEY, default=Decimal("0.00"))
    contract_ref: so.Mapped[str] = so.mapped_column(sa.String(64), default="")
    supplier: so.Mapped[str] = so.mapped_column(sa.String(128), default="")
    task_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("project_tasks.id", ondelete="SET NULL"), index=True
    )
    period_start: so.Mapped[date | None]
    period_finish: so.Mapped[date | None]

    project: so.Mapped[Project] = so.relationship(back_populates="budget_lines")
    task: so.Mapped[ProjectTask | None] = so.relationship()
    payments: so.Mapped[list[Payment]] = so.relationship(
        back_populates="budget_line", order_by="(Payment.paid_on, Payment.id)",
        cascade="all, delete-orphan",
    )

    __table_args__ = (
        sa.UniqueConstraint("project_id", "code"),
        sa.CheckConstraint("planned >= 0 AND committed >= 0", name="amounts_not_negative"),
        sa.CheckConstraint(
            "period_finish IS NULL OR period_start IS NULL OR period_finish >= period_start",
            name="period_in_order",
        ),
    )


class Payment(db.Model):
    """Money actually paid against a budget line."""

    __tablename__ = "project_payments"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    budget_line_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("project_budget_lines.id", ondelete="CASCADE"), index=True
    )
    paid_on: so.Mapped[date]
    amount: so.Mapped[Decimal] = so.mapped_column(MONEY)
    reference: so.Mapped[str] = so.mapped_column(sa.String(64), default="")
    note: so.Mapped[str] = so.mapped_column(sa.String(255), default="")

    budget_line: so.Mapped[BudgetLine] = so.relationship(back_populates="payments")

    __table_args__ = (sa.CheckConstraint("amount > 0", name="amount_positive"),)


class Deliverable(BilingualName, db.Model):
    """A committed output with a target quantity (m², sets, systems) and what is achieved.

    ``measured_by = 'instruments_installed'`` takes the achieved figure from the instrument
    register, so the count cannot drift from the register.
    """

    __tablename__ = "project_deliverables"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    project_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    code: so.Mapped[str] = so.mapped_column(sa.String(16))
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    name_zh: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    sort_order: so.Mapped[int] = so.mapped_column(default=0)
    unit: so.Mapped[str] = so.mapped_column(sa.String(24))
    target: so.Mapped[Decimal] = so.mapped_column(QUANTITY)
    achieved: so.Mapped[Decimal] = so.mapped_column(QUANTITY, default=Decimal("0.00"))
    measured_by: so.Mapped[str] = so.mapped_column(sa.String(24), default="manual")
    evidence: so.Mapped[str] = so.mapped_column(sa.Text, default="")

    project: so.Mapped[Project] = so.relationship(back_populates="deliverables")

    __table_args__ = (
        sa.UniqueConstraint("project_id", "code"),
        sa.CheckConstraint("target >= 0 AND achieved >= 0", name="quantities_not_negative"),
        sa.CheckConstraint(_in("measured_by", DELIVERABLE_MEASURES), name="measure_known"),
    )


class Instrument(BilingualName, db.Model):
    """An instrument or equipment set (台/套) bought by the project, from contract to acceptance.

    ``device_code`` names the IoT device it feeds (as the sensor service knows it), if any.
    """

    __tablename__ = "project_instruments"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    project_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    code: so.Mapped[str] = so.mapped_column(sa.String(32))
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    name_zh: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    model: so.Mapped[str] = so.mapped_column(sa.String(128), default="")
    supplier: so.Mapped[str] = so.mapped_column(sa.String(128), default="")
    quantity: so.Mapped[int] = so.mapped_column(default=1)
    price: so.Mapped[Decimal] = so.mapped_column(MONEY, default=Decimal("0.00"))
    contract_ref: so.Mapped[str] = so.mapped_column(sa.String(64), default="")
    budget_line_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("project_budget_lines.id", ondelete="SET NULL"), index=True
    )
    delivery_due: so.Mapped[date | None]
    delivered_on: so.Mapped[date | None]
    installed_on: so.Mapped[date | None]
    acceptance_status: so.Mapped[str] = so.mapped_column(sa.String(16), default="pending")
    accepted_on: so.Mapped[date | None]
    location_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("storage_locations.id", ondelete="SET NULL"), index=True
    )
    device_code: so.Mapped[str | None] = so.mapped_column(sa.String(64), index=True)
    notes: so.Mapped[str] = so.mapped_column(sa.Text, default="")

    project: so.Mapped[Project] = so.relationship(back_populates="instruments")
    location: so.Mapped[StorageLocation | None] = so.relationship()
    budget_line: so.Mapped[BudgetLine | None] = so.relationship()

    __table_args__ = (
        sa.UniqueConstraint("project_id", "code"),
        sa.CheckConstraint("price >= 0 AND quantity >= 1", name="price_and_quantity"),
        sa.CheckConstraint(_in("acceptance_status", ACCEPTANCE_STATUSES), name="status_known"),
        sa.CheckConstraint(
            "installed_on IS NULL OR delivered_on IS NULL OR installed_on >= delivered_on",
            name="installed_after_delivery",
        ),
    )

    @property
    def stage(self) -> str:
        """Where it stands: ordered, delivered, installed, accepted or failed acceptance."""
        if self.acceptance_status == "passed":
            return "accepted"
        if self.acceptance_status == "failed":
            return "failed"
        if self.installed_on:
            return "installed"
        if self.delivered_on:
            return "delivered"
        return "ordered"


class ProjectRisk(db.Model):
    """A risk (may happen) or issue (has happened) with an owner, impact and due date."""

    __tablename__ = "project_risks"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    project_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    kind: so.Mapped[str] = so.mapped_column(sa.String(8), default="risk")
    title: so.Mapped[str] = so.mapped_column(sa.String(200))
    description: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    owner: so.Mapped[str] = so.mapped_column(sa.String(128), default="")
    impact: so.Mapped[str] = so.mapped_column(sa.String(8), default="medium")
    status: so.Mapped[str] = so.mapped_column(sa.String(12), default="open")
    raised_on: so.Mapped[date | None]
    due_on: so.Mapped[date | None]
    closed_on: so.Mapped[date | None]
    response: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    task_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("project_tasks.id", ondelete="SET NULL"), index=True
    )

    project: so.Mapped[Project] = so.relationship(back_populates="risks")
    task: so.Mapped[ProjectTask | None] = so.relationship()

    __table_args__ = (
        sa.CheckConstraint(_in("kind", RISK_KINDS), name="kind_known"),
        sa.CheckConstraint(_in("impact", RISK_IMPACTS), name="impact_known"),
        sa.CheckConstraint(_in("status", RISK_STATUSES), name="status_known"),
    )

    @property
    def is_open(self) -> bool:
        """Still needs attention."""
        return self.status != "closed"
