"""Dated tasks translated into the day-offset network of ``network.py`` and back.

This is where the calendar conventions live: a task occupies its start and finish days
inclusive; a milestone is reached at the end of its day, so a successor with lag 0 starts the
next day; the status date is the first day whose work is still to come. Recorded actuals are
pinned, work in progress is forecast from its % complete, and unstarted work may not start
before the status date.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from germbank.project.network import Activity, Link

if TYPE_CHECKING:  # pragma: no cover - typing only, avoids a circular import
    from germbank.project.schedule import Task

HUNDRED = Decimal(100)


def to_activity(task: Task, origin: date, status: int) -> Activity:
    """Translate one task into the network: actuals pinned, remaining work from the status date."""
    links = tuple(Link(d.predecessor, d.lag_days) for d in task.dependencies)
    yesterday = day_at(origin, status - 1)
    if task.is_milestone:
        if task.is_complete:
            reached = finish_offset(task.actual_finish or min(task.planned_finish, yesterday),
                                     origin)
            return Activity(task.key, 0, links, fixed_start=reached, fixed_finish=reached,
                            name=task.name, done=True)
        earliest = max(finish_offset(task.planned_finish, origin), status + 1)
        return Activity(task.key, 0, links, not_before=earliest, name=task.name)
    duration = task.duration_days
    if task.is_complete:
        started_on = task.actual_start or task.planned_start
        # 100 % without a recorded finish: assume it ended as planned, or yesterday if later.
        finished_on = task.actual_finish or max(min(task.planned_finish, yesterday), started_on)
        return Activity(task.key, duration, links, fixed_start=(started_on - origin).days,
                        fixed_finish=finish_offset(finished_on, origin), name=task.name,
                        done=True)
    if task.actual_start is not None:
        started = (task.actual_start - origin).days
        remaining = math.ceil(duration * (HUNDRED - Decimal(task.percent_complete)) / HUNDRED)
        finish = max(status, started) + max(remaining, 1)
        return Activity(task.key, finish - started, links, fixed_start=started,
                        fixed_finish=finish, name=task.name)
    earliest = max((task.planned_start - origin).days, status)
    return Activity(task.key, duration, links, not_before=earliest, name=task.name)


def bare_activity(task: Task) -> Activity:
    """The task as a node with its links only, for cycle checks."""
    links = tuple(Link(d.predecessor, d.lag_days) for d in task.dependencies)
    return Activity(task.key, 0, links, name=task.name)


def finish_offset(day: date, origin: date) -> int:
    """Exclusive finish offset of work that ends on ``day``."""
    return (day - origin).days + 1


def day_at(origin: date, offset: int) -> date:
    """The calendar day at ``offset``."""
    return origin + timedelta(days=offset)


def start_date(start: int, finish: int, origin: date, is_milestone: bool) -> date:
    """The start as a date; a milestone starts on the day it is reached."""
    return origin + timedelta(days=(finish - 1 if is_milestone else start))
