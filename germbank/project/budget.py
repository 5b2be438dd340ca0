"""Budget arithmetic in exact yuan: planned, committed and paid per line, totals and warnings.

Money is ``Decimal`` with two places throughout, never float: the task force compares our totals
with the approved 10,830,000.00 yuan to the fen, and a binary rounding error would be a finding.
Amounts with more than two decimal places are refused rather than rounded, so nothing is lost
silently. The S-curve series lives in ``spend.py``.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)


class BudgetError(ValueError):
    """An amount or a budget record that cannot be accepted; the message says why."""


def to_money(value: object, what: str = "amount") -> Decimal:
    """Parse ``value`` as a non-negative amount of yuan with at most two decimal places.

    Accepts ``Decimal``, ``int`` and strings (thousands separators allowed); refuses floats, which
    cannot hold 0.10 exactly, as well as NaN, infinities, negatives and fractions of a fen.
    """
    if isinstance(value, bool) or isinstance(value, float):
        raise BudgetError(f"{what}: give yuan as text or Decimal, not a float ({value!r})")
    try:
        amount = Decimal(value.replace(",", "").strip() if isinstance(value, str) else value)
    except (InvalidOperation, TypeError, ValueError):
        raise BudgetError(f"{what}: {value!r} is not an amount of yuan") from None
    if not amount.is_finite():
        raise BudgetError(f"{what}: {value!r} is not an amount of yuan")
    if amount < 0:
        raise BudgetError(f"{what}: {amount} is negative")
    if amount != amount.quantize(CENT):
        raise BudgetError(f"{what}: {amount} has more than two decimal places (fen)")
    return amount.quantize(CENT)


class WarningCode(enum.Enum):
    """Budget situations a manager must see; values are stable codes for translations."""

    OVER_TOTAL = "over_total"
    COMMITTED_OVER_PLANNED = "committed_over_planned"
    PAID_OVER_COMMITTED = "paid_over_committed"
    PAID_OVER_PLANNED = "paid_over_planned"


@dataclass(frozen=True)
class BudgetWarning:
    """One warning; ``excess`` is by how many yuan the limit is exceeded."""

    code: WarningCode
    excess: Decimal
    line_key: str | None = None
    line_name: str | None = None

    @property
    def message(self) -> str:
        """An English sentence; the app translates by ``code``."""
        subject = f"{self.line_name}: " if self.line_name else ""
        text = {
            WarningCode.OVER_TOTAL: "budget lines exceed the project total by",
            WarningCode.COMMITTED_OVER_PLANNED: "contracts exceed the planned amount by",
            WarningCode.PAID_OVER_COMMITTED: "payments exceed the contracts by",
            WarningCode.PAID_OVER_PLANNED: "payments exceed the planned amount by",
        }[self.code]
        return f"{subject}{text} {format_yuan(self.excess)} yuan"


@dataclass(frozen=True)
class BudgetLine:
    """A budget line: planned amount, amount committed by contract, and the period it is spent."""

    key: str
    name: str
    planned: Decimal
    committed: Decimal = ZERO
    start: date | None = None
    finish: date | None = None


@dataclass(frozen=True)
class Payment:
    """Money actually paid against a line on a given day."""

    line_key: str
    paid_on: date
    amount: Decimal


@dataclass(frozen=True)
class LineSummary:
    """A line with its payments added up."""

    line: BudgetLine
    paid: Decimal

    @property
    def remaining(self) -> Decimal:
        """Planned but not yet paid (negative when overspent)."""
        return self.line.planned - self.paid

    @property
    def uncommitted(self) -> Decimal:
        """Planned but not yet under contract."""
        return self.line.planned - self.line.committed


@dataclass(frozen=True)
class BudgetSummary:
    """The budget at a glance, all in exact yuan."""

    total: Decimal
    lines: tuple[LineSummary, ...]
    planned: Decimal
    committed: Decimal
    paid: Decimal
    warnings: tuple[BudgetWarning, ...]

    @property
    def unallocated(self) -> Decimal:
        """Total not yet assigned to a line (negative when lines exceed the total)."""
        return self.total - self.planned

    @property
    def remaining(self) -> Decimal:
        """Total not yet paid."""
        return self.total - self.paid

    @property
    def paid_percent(self) -> Decimal:
        """Share of the total already paid, to one decimal."""
        if not self.total:
            return Decimal("0.0")
        return (self.paid * HUNDRED / self.total).quantize(Decimal("0.1"))

    @property
    def is_over_total(self) -> bool:
        """True when the lines add up to more than the approved total."""
        return self.planned > self.total


def summarise_budget(
    total: Decimal, lines: Sequence[BudgetLine], payments: Sequence[Payment]
) -> BudgetSummary:
    """Add up lines and payments and list every warning, without ever rounding."""
    total = to_money(total, "total budget")
    keys = [line.key for line in lines]
    if len(set(keys)) != len(keys):
        raise BudgetError("two budget lines share a key")
    paid = {key: ZERO for key in keys}
    for payment in payments:
        if payment.line_key not in paid:
            raise BudgetError(f"payment on {payment.paid_on} is for unknown line "
                              f"{payment.line_key!r}")
        paid[payment.line_key] += to_money(payment.amount, "payment")
    summaries = tuple(LineSummary(line, paid[line.key]) for line in lines)
    warnings = [w for s in summaries for w in _line_warnings(s)]
    planned = sum((to_money(line.planned, line.name) for line in lines), ZERO)
    if planned > total:
        warnings.insert(0, BudgetWarning(WarningCode.OVER_TOTAL, planned - total))
    return BudgetSummary(
        total=total,
        lines=summaries,
        planned=planned,
        committed=sum((to_money(line.committed, line.name) for line in lines), ZERO),
        paid=sum(paid.values(), ZERO),
        warnings=tuple(warnings),
    )


def excess_over_total(total: Decimal, planned_amounts: Sequence[Decimal]) -> Decimal:
    """By how much the planned amounts exceed ``total`` (zero when they fit).

    Used before saving a line: a positive result means the manager must confirm.
    """
    planned = sum((to_money(amount) for amount in planned_amounts), ZERO)
    return max(planned - to_money(total, "total budget"), ZERO)


def format_yuan(amount: Decimal) -> str:
    """``10830000`` -> ``"10,830,000.00"``: thousands separators, always two decimals."""
    return f"{Decimal(amount).quantize(CENT):,.2f}"


def _line_warnings(summary: LineSummary) -> list[BudgetWarning]:
    """Warnings about one line: contracts or payments beyond what was planned or contracted."""
    line = summary.line
    warnings = []
    checks = [(WarningCode.COMMITTED_OVER_PLANNED, line.committed - line.planned)]
    if summary.paid > line.planned:
        checks.append((WarningCode.PAID_OVER_PLANNED, summary.paid - line.planned))
    else:  # overpaying the plan says more than overpaying the contract; report one of them
        checks.append((WarningCode.PAID_OVER_COMMITTED, summary.paid - line.committed))
    for code, excess in checks:
        if excess > 0:
            warnings.append(BudgetWarning(code, excess, line.key, line.name))
    return warnings
