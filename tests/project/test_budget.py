"""Budget totals, warnings and the S-curve series, to the fen."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from germbank.project.budget import (
    BudgetError,
    BudgetLine,
    Payment,
    WarningCode,
    excess_over_total,
    format_yuan,
    summarise_budget,
    to_money,
)
from germbank.project.spend import spend_series, spread_amount

TOTAL = Decimal("10830000.00")  # 1083万元, the approved investment


def _lines():
    return [
        BudgetLine("design", "Design and supervision", Decimal("420000.00"), Decimal("415000.00")),
        BudgetLine("store", "Short-term store 1,522.81 m²", Decimal("4380000.00")),
        BudgetLine("green", "Greenhouse 5,760 m²", Decimal("2650000.00")),
        BudgetLine("instr", "Instruments (22 sets)", Decimal("2480000.00")),
        BudgetLine("iot", "Park IoT system", Decimal("560000.00")),
        BudgetLine("other", "Contingency and fees", Decimal("340000.00")),
    ]


def test_lines_add_up_exactly_to_the_approved_total():
    summary = summarise_budget(TOTAL, _lines(), [])
    assert summary.planned == Decimal("10830000.00")
    assert summary.unallocated == Decimal("0.00")
    assert not summary.is_over_total
    assert summary.warnings == ()
    assert format_yuan(summary.planned) == "10,830,000.00"


def test_payments_add_up_exactly_without_float_drift():
    payments = [Payment("design", date(2024, 3, 1), Decimal("0.10")) for _ in range(10)]
    payments.append(Payment("design", date(2024, 3, 2), Decimal("138333.33")))
    summary = summarise_budget(TOTAL, _lines(), payments)
    assert summary.paid == Decimal("138334.33")
    assert summary.remaining == Decimal("10691665.67")
    assert summary.lines[0].remaining == Decimal("281665.67")
    assert summary.paid_percent == Decimal("1.3")


def test_a_line_beyond_the_total_is_a_warning_with_the_excess():
    lines = _lines() + [BudgetLine("extra", "Access road", Decimal("50000.50"))]
    summary = summarise_budget(TOTAL, lines, [])
    assert summary.is_over_total
    assert summary.warnings[0].code is WarningCode.OVER_TOTAL
    assert summary.warnings[0].excess == Decimal("50000.50")
    assert "50,000.50" in summary.warnings[0].message
    assert excess_over_total(TOTAL, [line.planned for line in lines]) == Decimal("50000.50")
    assert excess_over_total(TOTAL, [line.planned for line in _lines()]) == Decimal("0.00")


def test_line_warnings_for_contracts_and_payments_beyond_plan():
    lines = [BudgetLine("a", "Roof", Decimal("100.00"), committed=Decimal("120.00")),
             BudgetLine("b", "Pumps", Decimal("100.00"), committed=Decimal("80.00"))]
    payments = [Payment("b", date(2024, 5, 1), Decimal("90.00"))]
    summary = summarise_budget(Decimal("200.00"), lines, payments)
    found = {(w.code, w.line_key, w.excess) for w in summary.warnings}
    assert found == {(WarningCode.COMMITTED_OVER_PLANNED, "a", Decimal("20.00")),
                     (WarningCode.PAID_OVER_COMMITTED, "b", Decimal("10.00"))}


def test_payment_for_an_unknown_line_is_refused():
    with pytest.raises(BudgetError, match="'ghost'"):
        summarise_budget(TOTAL, _lines(), [Payment("ghost", date(2024, 1, 1), Decimal(1))])


@pytest.mark.parametrize("value", [0.1, "12.345", "-5", "abc", "NaN", "Infinity", None, True])
def test_bad_amounts_are_refused_not_rounded(value):
    with pytest.raises(BudgetError):
        to_money(value)


def test_amounts_accept_text_with_thousands_separators():
    assert to_money("10,830,000") == Decimal("10830000.00")
    assert to_money(5) == Decimal("5.00")


def test_spread_gives_the_odd_fen_to_the_first_days():
    day = date(2024, 3, 1)
    parts = [spread_amount(Decimal("100.00"), day, day + timedelta(days=2), (d, d))
             for d in (day, day + timedelta(days=1), day + timedelta(days=2))]
    assert parts == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]


@given(
    cents=st.integers(min_value=0, max_value=10**11),
    days=st.integers(min_value=1, max_value=800),
    cuts=st.lists(st.integers(min_value=0, max_value=900), max_size=12),
)
def test_spread_over_any_tiling_adds_back_to_the_amount(cents, days, cuts):
    amount = Decimal(cents) / 100
    start = date(2024, 1, 1)
    finish = start + timedelta(days=days - 1)
    edges = sorted({start} | {start + timedelta(days=c) for c in cuts if c < days})
    ends = edges[1:] + [finish + timedelta(days=1)]
    windows = [(a, b - timedelta(days=1)) for a, b in zip(edges, ends, strict=True)]
    assert sum(spread_amount(amount, start, finish, w) for w in windows) == amount


def test_monthly_s_curve_planned_ends_at_the_total_and_actual_stops_at_status():
    lines = [
        BudgetLine("a", "Design", Decimal("61000.00"), start=date(2024, 3, 1),
                   finish=date(2024, 4, 30)),
        BudgetLine("b", "Build", Decimal("1000.00")),  # no own period: spread over the project
    ]
    payments = [Payment("a", date(2024, 3, 15), Decimal("20000.00")),
                Payment("a", date(2024, 4, 2), Decimal("12000.00"))]
    series = spend_series(lines, payments, status_date=date(2024, 4, 10),
                          project_start=date(2024, 3, 1), project_finish=date(2024, 6, 29))
    assert [p.label for p in series] == ["2024-03", "2024-04", "2024-05", "2024-06"]
    # March: 31 of 61 days of line a (31,000.00) + 31 of 121 days of line b: 8.26 a day plus
    # one of the 54 spare fen on each of the first 54 days, so 31 x 8.27 = 256.37.
    assert series[0].planned == Decimal("31000.00") + Decimal("256.37")
    assert series[-1].planned_cumulative == Decimal("62000.00")
    assert [p.actual_cumulative for p in series] == [Decimal("20000.00"), Decimal("32000.00"),
                                                     None, None]


def test_weekly_s_curve_uses_iso_weeks_from_monday():
    lines = [BudgetLine("a", "Pour", Decimal("700.00"), start=date(2024, 3, 6),
                        finish=date(2024, 3, 12))]
    series = spend_series(lines, [], period="week")
    assert [(p.period_start, p.label) for p in series] == [(date(2024, 3, 4), "2024-W10"),
                                                            (date(2024, 3, 11), "2024-W11")]
    assert [p.planned for p in series] == [Decimal("500.00"), Decimal("200.00")]


def test_s_curve_refuses_lines_without_any_period():
    with pytest.raises(BudgetError, match="period"):
        spend_series([BudgetLine("a", "Loose", Decimal("1.00"))], [])
    with pytest.raises(BudgetError, match="period must be"):
        spend_series([], [], period="quarter")
