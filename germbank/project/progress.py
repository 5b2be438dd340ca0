"""How far along work should be by a given day, and earned value in yuan.

Managers judge progress against a straight line: a task halfway through its planned days should
be about half done. Earned value turns the same idea into money, so a late cheap task and a late
expensive one do not weigh the same. Planned value follows the saved baseline (what was promised);
the behind-progress expectation follows the current plan (what is now asked).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - typing only, avoids a circular import
    from germbank.project.schedule import Task

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def linear_fraction(start: date, finish: date, status_date: date, is_milestone: bool) -> Decimal:
    """Share of the span [start, finish] (inclusive days) that lies before ``status_date``.

    A milestone counts as due once its day has passed.
    """
    if is_milestone:
        return Decimal(1) if finish < status_date else Decimal(0)
    days = (finish - start).days + 1
    elapsed = min(max((status_date - start).days, 0), days)
    return Decimal(elapsed) / Decimal(days)


def expected_percent(task: Task, status_date: date) -> Decimal:
    """The % complete a straight-line plan expects by ``status_date``, to one decimal."""
    fraction = linear_fraction(task.planned_start, task.planned_finish, status_date,
                               task.is_milestone)
    return (fraction * HUNDRED).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def earned_value(tasks: Sequence[Task], status_date: date) -> tuple[Decimal, Decimal]:
    """(planned value, earned value) in yuan over the tasks that carry a budget share.

    PV = budget x baseline fraction due by the status date; EV = budget x % complete.
    """
    planned = Decimal(0)
    earned = Decimal(0)
    for task in tasks:
        if not task.budget:
            continue
        fraction = linear_fraction(task.reference_start, task.reference_finish, status_date,
                                   task.is_milestone)
        planned += task.budget * fraction
        done = HUNDRED if task.is_complete else Decimal(task.percent_complete)
        earned += task.budget * done / HUNDRED
    return planned.quantize(CENT, ROUND_HALF_UP), earned.quantize(CENT, ROUND_HALF_UP)
