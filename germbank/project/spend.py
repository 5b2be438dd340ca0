"""Planned versus actual cumulative spend per week or month: the S-curve series.

Each line's planned amount is spread evenly over the days of its scheduled period, to the fen:
the cents that do not divide evenly go to the first days, so the spread always adds back up to
the line exactly and the last point of the planned curve equals the planned total. Actual spend
comes from payment records; periods that start after the status date have no actual value yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from germbank.project.budget import ZERO, BudgetError, BudgetLine, Payment

PERIODS = ("month", "week")


@dataclass(frozen=True)
class SpendPoint:
    """One period of the S-curve; ``actual_cumulative`` is None for periods still to come."""

    period_start: date
    period_end: date
    label: str
    planned: Decimal
    planned_cumulative: Decimal
    actual: Decimal | None
    actual_cumulative: Decimal | None


def spread_amount(amount: Decimal, start: date, finish: date, window: tuple[date, date]) -> Decimal:
    """The part of ``amount``, spread evenly over start..finish, that falls inside ``window``.

    Exact: summing the windows that tile start..finish gives back ``amount`` to the fen.
    """
    days = (finish - start).days + 1
    first = max((window[0] - start).days, 0)
    last = min((window[1] - start).days, days - 1)
    if last < first:
        return ZERO
    cents = int(amount * 100)
    base, extra = divmod(cents, days)
    count = last - first + 1
    extras = max(0, min(last, extra - 1) - first + 1)
    return Decimal(base * count + extras) / 100


def spend_series(
    lines: Sequence[BudgetLine],
    payments: Sequence[Payment],
    *,
    period: str = "month",
    status_date: date | None = None,
    project_start: date | None = None,
    project_finish: date | None = None,
) -> list[SpendPoint]:
    """Planned and actual spend per period and cumulated, from the first to the last period.

    Lines without their own dates are spread over the project's start and finish, which are
    then required. The range covers every line period and every payment.
    """
    if period not in PERIODS:
        raise BudgetError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
    known = {line.key for line in lines}
    for payment in payments:
        if payment.line_key not in known:
            raise BudgetError(f"payment on {payment.paid_on} is for unknown line "
                              f"{payment.line_key!r}")
    spans = [_span(line, project_start, project_finish) for line in lines]
    dates = [d for span in spans for d in span] + [p.paid_on for p in payments]
    if not dates:
        return []
    points: list[SpendPoint] = []
    planned_total = ZERO
    actual_total = ZERO
    for first, last in _periods(min(dates), max(dates), period):
        planned = sum(
            (spread_amount(line.planned, s, f, (first, last))
             for line, (s, f) in zip(lines, spans, strict=True)),
            ZERO,
        )
        planned_total += planned
        actual: Decimal | None = None
        if status_date is None or first <= status_date:
            actual = sum((p.amount for p in payments if first <= p.paid_on <= last), ZERO)
            actual_total += actual
        points.append(SpendPoint(
            period_start=first,
            period_end=last,
            label=_label(first, period),
            planned=planned,
            planned_cumulative=planned_total,
            actual=actual,
            actual_cumulative=actual_total if actual is not None else None,
        ))
    return points


def _span(line: BudgetLine, start: date | None, finish: date | None) -> tuple[date, date]:
    """The days over which a line's money is planned to be spent."""
    first = line.start or start
    last = line.finish or finish
    if first is None or last is None:
        raise BudgetError(f"{line.name}: give the line a period or the project start and finish")
    if last < first:
        raise BudgetError(f"{line.name}: the period ends before it starts")
    return first, last


def _periods(first: date, last: date, period: str) -> list[tuple[date, date]]:
    """Consecutive calendar months, or ISO weeks (Monday to Sunday), covering first..last."""
    periods = []
    if period == "week":
        start = first - timedelta(days=first.weekday())
        while start <= last:
            periods.append((start, start + timedelta(days=6)))
            start += timedelta(days=7)
        return periods
    start = first.replace(day=1)
    while start <= last:
        following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        periods.append((start, following - timedelta(days=1)))
        start = following
    return periods


def _label(start: date, period: str) -> str:
    """"2024-03" for a month, "2024-W10" for an ISO week: short and language-neutral."""
    if period == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{start.year}-{start.month:02d}"
