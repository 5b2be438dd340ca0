"""Report sections as typed tables: columns with a kind (text, date, yuan, percent, days,
number) and rows as dicts, plus the budget, deliverable and risk sections built from them.

The kind tells each renderer how to show a value (yuan with two decimals, percentages as
fractions formatted ``0.0%`` in Excel, dates as real dates), so the page and the spreadsheet
format the same data the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from germbank.project.budget import ZERO, BudgetSummary, Payment

KINDS = ("text", "date", "yuan", "percent", "days", "number")


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark ``message`` for extraction; it is translated later by the caller's ``translate``."""
    return message


@dataclass(frozen=True)
class Column:
    """A report column: row key, translated header, and how its values are formatted."""

    key: str
    header: str
    kind: str = "text"


@dataclass(frozen=True)
class Section:
    """A titled table; ``empty`` is what to say when it has no rows."""

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[dict, ...]
    empty: str = ""


@dataclass(frozen=True)
class Deliverable:
    """A committed output: target and achieved quantity in a unit (m², sets, system)."""

    name: str
    unit: str
    target: Decimal
    achieved: Decimal
    evidence: str = ""

    @property
    def achieved_fraction(self) -> Decimal:
        """Achieved over target (may exceed 1); zero when there is no target."""
        return (self.achieved / self.target) if self.target else ZERO


@dataclass(frozen=True)
class RiskItem:
    """A risk or issue as the report shows it (kind, impact and status already in words)."""

    title: str
    kind: str
    owner: str
    impact: str
    status: str
    is_open: bool
    due: date | None = None
    mitigation: str = ""


def budget_section(budget: BudgetSummary, payments: Sequence[Payment], start: date, end: date,
                   _: Callable[[str], str]) -> Section:
    """One row per budget line plus a total row, with what was paid during the week."""
    columns = (
        Column("line", _("Budget line")), Column("planned", _("Planned (yuan)"), "yuan"),
        Column("committed", _("Committed (yuan)"), "yuan"),
        Column("paid", _("Paid (yuan)"), "yuan"),
        Column("paid_week", _("Paid this week (yuan)"), "yuan"),
        Column("remaining", _("Remaining (yuan)"), "yuan"),
        Column("paid_share", _("Paid of planned"), "percent"),
    )
    week = {}
    for payment in payments:
        if start <= payment.paid_on <= end:
            week[payment.line_key] = week.get(payment.line_key, ZERO) + payment.amount
    rows = [
        {
            "line": s.line.name, "planned": s.line.planned, "committed": s.line.committed,
            "paid": s.paid, "paid_week": week.get(s.line.key, ZERO), "remaining": s.remaining,
            "paid_share": (s.paid / s.line.planned) if s.line.planned else ZERO,
        }
        for s in budget.lines
    ]
    rows.append({
        "line": _("Total"), "planned": budget.planned, "committed": budget.committed,
        "paid": budget.paid, "paid_week": sum(week.values(), ZERO),
        "remaining": budget.planned - budget.paid,
        "paid_share": (budget.paid / budget.planned) if budget.planned else ZERO,
    })
    return Section("budget", _("Budget"), columns, tuple(rows))


def deliverables_section(deliverables: Sequence[Deliverable],
                         _: Callable[[str], str]) -> Section:
    """Target versus achieved for each deliverable."""
    columns = (
        Column("name", _("Deliverable")), Column("unit", _("Unit")),
        Column("target", _("Target"), "number"), Column("achieved", _("Achieved"), "number"),
        Column("share", _("Achieved of target"), "percent"),
        Column("evidence", _("Evidence")),
    )
    rows = tuple(
        {"name": d.name, "unit": d.unit, "target": d.target, "achieved": d.achieved,
         "share": d.achieved_fraction, "evidence": d.evidence}
        for d in deliverables
    )
    return Section("deliverables", _("Deliverables"), columns, rows,
                   _("No deliverables are recorded."))


def risks_section(risks: Sequence[RiskItem], status_date: date,
                  _: Callable[[str], str]) -> Section:
    """Open risks and issues first (soonest due first), then closed ones."""
    columns = (
        Column("title", _("Risk or issue")), Column("kind", _("Type")),
        Column("owner", _("Owner")), Column("impact", _("Impact")),
        Column("due", _("Due date"), "date"), Column("status", _("Status")),
        Column("overdue", _("Past due")), Column("mitigation", _("Response")),
    )
    ordered = sorted(risks, key=lambda r: (not r.is_open, r.due or date.max, r.title))
    rows = tuple(
        {"title": r.title, "kind": r.kind, "owner": r.owner, "impact": r.impact, "due": r.due,
         "status": r.status,
         "overdue": _("yes") if r.is_open and r.due and r.due < status_date else "",
         "mitigation": r.mitigation}
        for r in ordered
    )
    return Section("risks", _("Risks and issues"), columns, rows, _("No risks or issues."))
