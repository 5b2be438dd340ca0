"""Calendar schedules: forecast dates from actuals, variance, overdue and at-risk flags."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from germbank.project.schedule import (
    Dependency,
    DependencyCycleError,
    Flag,
    Task,
    TaskDateError,
    build_schedule,
    check_dependencies,
    validate_task,
)

D = Dependency


def _plan():
    """A small construction plan starting Friday 1 March 2024 (calendar days).

    design 1-10 Mar (10 d) -> tender 11-30 Mar (20 d) -> foundations, 2 days after tender
    (curing of the survey pegs), 2 Apr-1 May (30 d) -> acceptance milestone 1 May.
    Tender -> greenhouse 1-20 Apr (20 d) -> acceptance.
    Critical path: design, tender, foundations, acceptance; greenhouse has 11 days of float.
    """
    return [
        Task("design", "Design", date(2024, 3, 1), date(2024, 3, 10)),
        Task("tender", "Tendering", date(2024, 3, 11), date(2024, 3, 30),
             dependencies=(D("design"),)),
        Task("found", "Foundations", date(2024, 4, 2), date(2024, 5, 1),
             dependencies=(D("tender", 2),)),
        Task("green", "Greenhouse", date(2024, 4, 1), date(2024, 4, 20),
             dependencies=(D("tender"),)),
        Task("accept", "Acceptance", date(2024, 5, 1), date(2024, 5, 1), is_milestone=True,
             dependencies=(D("found"), D("green"))),
    ]


def test_before_work_starts_the_forecast_is_the_plan():
    result = build_schedule(_plan(), status_date=date(2024, 2, 15))
    rows = result.by_key
    assert result.critical_path == ("design", "tender", "found", "accept")
    assert rows["found"].forecast_start == date(2024, 4, 2)  # 30 Mar + 1 day + 2 days lag
    assert rows["found"].forecast_finish == date(2024, 5, 1)
    assert rows["accept"].forecast_start == rows["accept"].forecast_finish == date(2024, 5, 1)
    assert rows["green"].total_float_days == 11
    assert rows["green"].late_finish == date(2024, 5, 1)
    assert result.finish_variance_days == 0
    assert not result.overdue and not result.at_risk


def _progress_on_10_april():
    plan = {t.key: t for t in _plan()}
    plan["design"] = replace(plan["design"], actual_start=date(2024, 3, 1),
                             actual_finish=date(2024, 3, 10), percent_complete=Decimal(100))
    plan["tender"] = replace(plan["tender"], actual_start=date(2024, 3, 11),
                             actual_finish=date(2024, 4, 3), percent_complete=Decimal(100))
    plan["green"] = replace(plan["green"], actual_start=date(2024, 4, 5),
                            percent_complete=Decimal(25))
    return list(plan.values())


def test_late_tender_pushes_foundations_and_the_end_date():
    result = build_schedule(_progress_on_10_april(), status_date=date(2024, 4, 10))
    found = result.by_key["found"]
    # Not started although planned for 2 April: it cannot start before the status date.
    assert found.forecast_start == date(2024, 4, 10)
    assert found.forecast_finish == date(2024, 5, 9)
    assert found.finish_variance_days == 8
    assert found.total_float_days == -8
    # 8 of its 30 planned days have passed with nothing done: 26.7 % expected.
    assert found.expected_percent == Decimal("26.7")
    assert found.flags == {Flag.LATE_START, Flag.BEHIND_PROGRESS, Flag.FORECAST_LATE,
                           Flag.FLOAT_EXHAUSTED}
    assert found.is_at_risk and not found.is_overdue
    assert result.forecast_finish == date(2024, 5, 9)
    assert result.finish_variance_days == 8
    # Finished work is not critical any more; the driving chain is what remains.
    assert result.critical_path == ("found", "accept")
    assert result.by_key["tender"].finish_variance_days == 4
    assert not result.by_key["tender"].flags


def test_slow_greenhouse_is_behind_its_straight_line():
    green = build_schedule(_progress_on_10_april(), status_date=date(2024, 4, 10)).by_key["green"]
    # 9 of 20 planned days elapsed -> 45 % expected, 25 % done: 20 points behind.
    assert green.expected_percent == Decimal("45.0")
    assert Flag.BEHIND_PROGRESS in green.flags
    # 75 % of 20 days remain = 15 days from 10 April.
    assert green.forecast_finish == date(2024, 4, 24)
    assert green.is_at_risk


def test_behind_margin_is_configurable():
    tasks = _progress_on_10_april()
    green = build_schedule(tasks, date(2024, 4, 10), behind_margin=Decimal(25)).by_key["green"]
    assert Flag.BEHIND_PROGRESS not in green.flags


def test_unfinished_task_past_its_planned_finish_is_overdue_not_at_risk():
    result = build_schedule(_progress_on_10_april(), status_date=date(2024, 4, 25))
    green = result.by_key["green"]
    assert green.is_overdue and not green.is_at_risk
    assert [row.task.key for row in result.overdue] == ["green"]


def test_completing_a_task_clears_its_flags():
    tasks = _progress_on_10_april()
    tasks[3] = replace(tasks[3], actual_finish=date(2024, 4, 20), percent_complete=Decimal(100))
    result = build_schedule(tasks, status_date=date(2024, 4, 25))
    assert result.by_key["green"].flags == frozenset()
    assert result.by_key["green"].forecast_finish == date(2024, 4, 20)


def test_variance_is_measured_against_the_saved_baseline():
    tasks = [replace(t, baseline_start=t.planned_start, baseline_finish=t.planned_finish)
             for t in _plan()]
    # The plan was later moved: foundations re-planned to finish 10 May.
    tasks[2] = replace(tasks[2], planned_start=date(2024, 4, 11), planned_finish=date(2024, 5, 10))
    result = build_schedule(tasks, status_date=date(2024, 2, 15))
    assert result.by_key["found"].finish_variance_days == 9
    assert result.deadline == date(2024, 5, 1)
    assert result.finish_variance_days == 9


def test_earned_value_schedule_variance_in_yuan():
    task = Task("t", "Structure", date(2024, 6, 1), date(2024, 6, 10), budget=Decimal("1000.00"),
                actual_start=date(2024, 6, 1), percent_complete=Decimal(30))
    result = build_schedule([task], status_date=date(2024, 6, 5))
    assert result.planned_value == Decimal("400.00")  # 4 of 10 days elapsed
    assert result.earned_value == Decimal("300.00")
    assert result.schedule_variance == Decimal("-100.00")
    assert result.schedule_performance_index == Decimal("0.75")


def test_cycle_through_dates_is_refused_with_names():
    tasks = _plan()
    tasks[0] = replace(tasks[0], dependencies=(D("found"),))
    with pytest.raises(DependencyCycleError) as caught:
        check_dependencies(tasks)
    assert set(caught.value.names) == {"Design", "Tendering", "Foundations"}
    assert "→" in str(caught.value)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"actual_start": date(2024, 3, 5), "actual_finish": date(2024, 3, 4)}, "actual_finish"),
        ({"actual_finish": date(2024, 3, 4)}, "actual_start"),
        ({"planned_finish": date(2024, 2, 1)}, "planned_finish"),
        ({"percent_complete": Decimal(101)}, "percent_complete"),
        ({"actual_start": date(2024, 3, 20)}, "actual_start"),
    ],
)
def test_contradictory_task_dates_are_refused_naming_the_field(changes, field):
    task = replace(_plan()[0], **changes)
    with pytest.raises(TaskDateError) as caught:
        validate_task(task, status_date=date(2024, 3, 15))
    assert caught.value.field == field
