"""``germbank demo load``: the illustrative construction project (see ``demo_data``).

Idempotent: nothing is added when the demo project already exists. Does not commit.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from decimal import Decimal

import sqlalchemy as sa

from germbank.extensions import db
from germbank.models import StorageLocation
from germbank.models.project import (
    BudgetLine,
    Deliverable,
    Instrument,
    Payment,
    ProgressUpdate,
    Project,
    ProjectRisk,
    ProjectTask,
    TaskLink,
)
from germbank.project import demo_data as data
from germbank.project.services_register import sync_instrument_deliverables


def load() -> Project:
    """Create the demo project with its schedule, budget, register and risks."""
    existing = db.session.scalar(sa.select(Project).where(Project.code == data.PROJECT["code"]))
    if existing is not None:
        return existing
    project = Project(**data.PROJECT)
    project.baseline_saved_at = datetime.combine(data.BASELINE_SAVED, time(9, 0), tzinfo=UTC)
    db.session.add(project)
    tasks = _tasks(project)
    lines = _budget(project, tasks)
    _register(project, lines)
    _risks(project, tasks)
    db.session.flush()
    sync_instrument_deliverables(project)
    return project


def _tasks(project: Project) -> dict[str, ProjectTask]:
    """Tasks with the baseline saved in January, dependencies and recent progress reports."""
    tasks: dict[str, ProjectTask] = {}
    for order, row in enumerate(data.TASKS):
        (code, name, name_zh, kind, start, finish, links, owner, contact, actual_start,
         actual_finish, percent) = row
        task = ProjectTask(
            project=project, code=code, name=name, name_zh=name_zh, kind=kind,
            sort_order=order * 10, planned_start=start, planned_finish=finish,
            baseline_start=start, baseline_finish=finish, actual_start=actual_start,
            actual_finish=actual_finish, percent_complete=Decimal(percent),
            owner_unit=owner, contact_person=contact,
        )
        db.session.add(task)
        for predecessor, lag in links:
            db.session.add(TaskLink(predecessor=tasks[predecessor], successor=task, lag_days=lag))
        tasks[code] = task
    for code, recorded_on, percent, note in data.PROGRESS:
        db.session.add(ProgressUpdate(task=tasks[code], recorded_on=recorded_on,
                                      percent_complete=Decimal(percent), note=note,
                                      username="manager"))
    return tasks


def _budget(project: Project, tasks: dict[str, ProjectTask]) -> dict[str, BudgetLine]:
    """Budget lines adding up to the approved 10,830,000.00 yuan, and the payments so far."""
    lines: dict[str, BudgetLine] = {}
    for order, row in enumerate(data.BUDGET_LINES):
        code, name, name_zh, planned, committed, contract, supplier, task, start, finish = row
        lines[code] = BudgetLine(
            project=project, code=code, name=name, name_zh=name_zh, sort_order=order * 10,
            planned=Decimal(planned), committed=Decimal(committed), contract_ref=contract,
            supplier=supplier, task=tasks[task] if task else None, period_start=start,
            period_finish=finish,
        )
        db.session.add(lines[code])
    for line, paid_on, amount, reference, note in data.PAYMENTS:
        db.session.add(Payment(budget_line=lines[line], paid_on=paid_on, amount=Decimal(amount),
                               reference=reference, note=note))
    return lines


def _register(project: Project, lines: dict[str, BudgetLine]) -> None:
    """Deliverables and the instrument register, placed in the foundation's locations."""
    for order, row in enumerate(data.DELIVERABLES):
        code, name, name_zh, unit, target, achieved, measured_by, evidence = row
        db.session.add(Deliverable(
            project=project, code=code, name=name, name_zh=name_zh, sort_order=order * 10,
            unit=unit, target=Decimal(target), achieved=Decimal(achieved),
            measured_by=measured_by, evidence=evidence,
        ))
    places = {p.code: p for p in db.session.scalars(sa.select(StorageLocation))}
    for row in data.INSTRUMENTS:
        (code, name, name_zh, model, supplier, price, line, due, delivered, installed,
         acceptance, accepted_on, place, device) = row
        db.session.add(Instrument(
            project=project, code=code, name=name, name_zh=name_zh, model=model,
            supplier=supplier, quantity=1, price=Decimal(price), budget_line=lines[line],
            contract_ref=lines[line].contract_ref, delivery_due=due, delivered_on=delivered,
            installed_on=installed, acceptance_status=acceptance, accepted_on=accepted_on,
            location=places.get(place) if place else None, device_code=device,
        ))


def _risks(project: Project, tasks: dict[str, ProjectTask]) -> None:
    """The risk and issue log."""
    for kind, title, owner, impact, status, raised, due, task, response in data.RISKS:
        db.session.add(ProjectRisk(
            project=project, kind=kind, title=title, owner=owner, impact=impact, status=status,
            raised_on=raised, due_on=due, closed_on=due if status == "closed" else None,
            task=tasks[task], response=response,
        ))
