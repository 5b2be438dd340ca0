"""Critical-path arithmetic on an abstract activity network, in whole days.

Kept apart from calendar dates so the textbook algorithm (topological order, forward pass,
backward pass, total float) can be checked against worked examples on its own; ``schedule.py``
maps real tasks with dates onto it.

Time is counted in day offsets with an exclusive finish: an activity with early start 0 and
duration 3 has early finish 3 and its successor (lag 0) may start at 3. A finish-to-start lag of
``n`` adds ``n`` days between the two; a negative lag is a lead.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


class ScheduleError(ValueError):
    """A task network that cannot be scheduled; the message says what to fix."""


class DuplicateTaskError(ScheduleError):
    """Two activities share a key, so dependencies on that key would be ambiguous."""


class UnknownPredecessorError(ScheduleError):
    """A dependency points at an activity that is not in the network."""

    def __init__(self, activity: str, predecessor: str) -> None:
        super().__init__(f"{activity} depends on {predecessor!r}, which is not in this project")
        self.activity = activity
        self.predecessor = predecessor


class DependencyCycleError(ScheduleError):
    """Dependencies loop back on themselves, so no task in the loop could ever start.

    ``cycle`` holds the keys along the loop with the first repeated at the end, and the message
    names them in order (e.g. "Foundations → Structure → Foundations") so a manager can see which
    link to remove.
    """

    def __init__(self, cycle: Sequence[str], names: Mapping[str, str]) -> None:
        self.cycle = tuple(cycle)
        self.names = tuple(names.get(key, key) for key in self.cycle)
        super().__init__("Dependency cycle: " + " → ".join(self.names))


@dataclass(frozen=True)
class Link:
    """A finish-to-start dependency on ``predecessor`` with ``lag`` days in between."""

    predecessor: str
    lag: int = 0


@dataclass(frozen=True)
class Activity:
    """One node of the network.

    ``not_before`` is a start-no-earlier-than constraint (a planned start, or today for work not
    yet begun). ``fixed_start``/``fixed_finish`` pin what has already happened (actual dates) or
    a forecast from progress, so the forward pass only moves work that is still to come. ``done``
    work can no longer delay anything and is never critical.
    """

    key: str
    duration: int
    predecessors: tuple[Link, ...] = ()
    not_before: int = 0
    fixed_start: int | None = None
    fixed_finish: int | None = None
    name: str = ""
    done: bool = False


@dataclass(frozen=True)
class ActivityTimes:
    """Early and late times of one activity and its float, in day offsets."""

    key: str
    early_start: int
    early_finish: int
    late_start: int
    late_finish: int
    total_float: int
    free_float: int
    critical: bool


@dataclass(frozen=True)
class NetworkResult:
    """The outcome of a critical-path analysis.

    ``critical_path`` lists the critical activities in topological order: the chain (or chains of
    equal length) whose delay delays the end of the project.
    """

    order: tuple[str, ...]
    times: Mapping[str, ActivityTimes]
    finish: int
    deadline: int
    critical_path: tuple[str, ...]


def topological_order(activities: Sequence[Activity]) -> list[str]:
    """Keys ordered so every activity comes after all its predecessors.

    Ties keep the input order, so a Gantt chart built from the result keeps the rows the manager
    arranged. Raises ``DependencyCycleError`` naming one loop, ``UnknownPredecessorError`` or
    ``DuplicateTaskError``.
    """
    index = _index(activities)
    waiting = {a.key: len({link.predecessor for link in a.predecessors}) for a in activities}
    successors: dict[str, list[str]] = {a.key: [] for a in activities}
    for activity in activities:
        for predecessor in {link.predecessor for link in activity.predecessors}:
            successors[predecessor].append(activity.key)
    position = {a.key: i for i, a in enumerate(activities)}
    ready = [(position[key], key) for key, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _, key = heapq.heappop(ready)
        order.append(key)
        for successor in successors[key]:
            waiting[successor] -= 1
            if waiting[successor] == 0:
                heapq.heappush(ready, (position[successor], successor))
    if len(order) < len(activities):
        stuck = [a.key for a in activities if waiting[a.key] > 0]
        raise DependencyCycleError(_find_cycle(stuck, index), _names(activities))
    return order


def analyse(activities: Sequence[Activity], deadline: int | None = None) -> NetworkResult:
    """Run the forward and backward passes and return early/late times, float and critical path.

    Without ``deadline`` the backward pass starts from the project's own early finish, so the
    longest path has zero float. With a deadline (e.g. the baseline finish) float becomes negative
    when the forecast overruns it. Critical activities are the unfinished ones with the least
    float: the ones that drive the end date.
    """
    order = topological_order(activities)
    by_key = {a.key: a for a in activities}
    early_start: dict[str, int] = {}
    early_finish: dict[str, int] = {}
    for key in order:
        activity = by_key[key]
        start = max(
            [activity.not_before]
            + [early_finish[link.predecessor] + link.lag for link in activity.predecessors]
        )
        if activity.fixed_start is not None:
            start = activity.fixed_start
        finish = start + activity.duration
        if activity.fixed_finish is not None:
            finish = activity.fixed_finish
        early_start[key], early_finish[key] = start, finish

    project_finish = max(early_finish.values(), default=0)
    end = project_finish if deadline is None else deadline
    successors: dict[str, list[tuple[str, int]]] = {key: [] for key in order}
    for activity in activities:
        for link in activity.predecessors:
            successors[link.predecessor].append((activity.key, link.lag))
    late_start: dict[str, int] = {}
    late_finish: dict[str, int] = {}
    for key in reversed(order):
        duration = early_finish[key] - early_start[key]
        finish = min([end] + [late_start[s] - lag for s, lag in successors[key]])
        late_finish[key], late_start[key] = finish, finish - duration

    pending = [k for k in order if not by_key[k].done]
    least_float = min((late_finish[k] - early_finish[k] for k in pending), default=0)
    times = {}
    for key in order:
        total_float = late_finish[key] - early_finish[key]
        free = min(
            [early_start[s] - lag - early_finish[key] for s, lag in successors[key]],
            default=end - early_finish[key],
        )
        times[key] = ActivityTimes(
            key=key,
            early_start=early_start[key],
            early_finish=early_finish[key],
            late_start=late_start[key],
            late_finish=late_finish[key],
            total_float=total_float,
            free_float=free,
            critical=not by_key[key].done and total_float == least_float,
        )
    critical = tuple(key for key in order if times[key].critical)
    return NetworkResult(tuple(order), times, project_finish, end, critical)


def _index(activities: Sequence[Activity]) -> dict[str, Activity]:
    """Map keys to activities, refusing duplicates and dangling dependencies."""
    index: dict[str, Activity] = {}
    for activity in activities:
        if activity.key in index:
            raise DuplicateTaskError(f"Two tasks share the key {activity.key!r}")
        index[activity.key] = activity
    for activity in activities:
        for link in activity.predecessors:
            if link.predecessor not in index:
                raise UnknownPredecessorError(activity.name or activity.key, link.predecessor)
    return index


def _find_cycle(stuck: list[str], index: Mapping[str, Activity]) -> list[str]:
    """Return one loop among the activities Kahn's algorithm could not order.

    Every stuck activity has a stuck predecessor, so walking predecessors must revisit a node;
    the walk from that node is the loop, reversed to read in the direction work would flow.
    """
    stuck_set = set(stuck)
    seen: dict[str, int] = {}
    path: list[str] = []
    key = stuck[0]
    while key not in seen:
        seen[key] = len(path)
        path.append(key)
        key = next(
            link.predecessor for link in index[key].predecessors if link.predecessor in stuck_set
        )
    loop = path[seen[key]:]
    loop.reverse()
    return loop + [loop[0]]


def _names(activities: Sequence[Activity]) -> dict[str, str]:
    """Display names for error messages, falling back to keys."""
    return {a.key: a.name or a.key for a in activities}
