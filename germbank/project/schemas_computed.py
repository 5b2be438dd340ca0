"""JSON shapes of what the API computes: the schedule as of the status date and the budget
summary, built from the same pure results the pages show."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields


class ScheduledTaskSchema(ma.Schema):
    """One task's computed schedule; variances in days, positive meaning late."""

    task_id = fields.Integer()
    code = fields.String()
    name = fields.String()
    is_milestone = fields.Boolean()
    forecast_start = fields.Date()
    forecast_finish = fields.Date()
    late_start = fields.Date()
    late_finish = fields.Date()
    total_float_days = fields.Integer()
    is_critical = fields.Boolean()
    start_variance_days = fields.Integer()
    finish_variance_days = fields.Integer()
    percent_complete = fields.Decimal(as_string=True)
    expected_percent = fields.Decimal(as_string=True)
    flags = fields.List(fields.String())
    is_overdue = fields.Boolean()
    is_at_risk = fields.Boolean()


class ScheduleSchema(ma.Schema):
    """The project schedule as of its status date."""

    status_date = fields.Date()
    forecast_finish = fields.Date()
    deadline = fields.Date()
    finish_variance_days = fields.Integer()
    planned_value = fields.Decimal(as_string=True)
    earned_value = fields.Decimal(as_string=True)
    schedule_variance = fields.Decimal(as_string=True)
    schedule_performance_index = fields.Decimal(as_string=True, allow_none=True)
    critical_path = fields.List(fields.Integer())
    tasks = fields.List(fields.Nested(ScheduledTaskSchema))


class BudgetWarningSchema(ma.Schema):
    """A budget warning: ``code`` is stable, ``excess`` in yuan."""

    code = fields.String()
    excess = fields.Decimal(as_string=True)
    line_id = fields.Integer(allow_none=True)
    message = fields.String()


class BudgetSummarySchema(ma.Schema):
    """Budget totals in exact yuan."""

    total = fields.Decimal(as_string=True)
    planned = fields.Decimal(as_string=True)
    committed = fields.Decimal(as_string=True)
    paid = fields.Decimal(as_string=True)
    unallocated = fields.Decimal(as_string=True)
    remaining = fields.Decimal(as_string=True)
    paid_percent = fields.Decimal(as_string=True)
    is_over_total = fields.Boolean()
    warnings = fields.List(fields.Nested(BudgetWarningSchema))


def schedule_json(result, codes: dict[str, str]) -> dict:
    """A ``ScheduleResult`` in the shape of ``ScheduleSchema``; ``codes`` maps keys to codes."""
    rows = []
    for row in result.tasks:
        rows.append({
            "task_id": int(row.task.key), "code": codes.get(row.task.key, ""),
            "name": row.task.name,
            "is_milestone": row.task.is_milestone,
            "forecast_start": row.forecast_start, "forecast_finish": row.forecast_finish,
            "late_start": row.late_start, "late_finish": row.late_finish,
            "total_float_days": row.total_float_days, "is_critical": row.is_critical,
            "start_variance_days": row.start_variance_days,
            "finish_variance_days": row.finish_variance_days,
            "percent_complete": row.task.percent_complete,
            "expected_percent": row.expected_percent,
            "flags": sorted(flag.value for flag in row.flags),
            "is_overdue": row.is_overdue, "is_at_risk": row.is_at_risk,
        })
    return {
        "status_date": result.status_date, "forecast_finish": result.forecast_finish,
        "deadline": result.deadline, "finish_variance_days": result.finish_variance_days,
        "planned_value": result.planned_value, "earned_value": result.earned_value,
        "schedule_variance": result.schedule_variance,
        "schedule_performance_index": result.schedule_performance_index,
        "critical_path": [int(key) for key in result.critical_path], "tasks": rows,
    }


def budget_json(summary) -> dict:
    """A ``BudgetSummary`` in the shape of ``BudgetSummarySchema``."""
    return {
        "total": summary.total, "planned": summary.planned, "committed": summary.committed,
        "paid": summary.paid, "unallocated": summary.unallocated,
        "remaining": summary.remaining, "paid_percent": summary.paid_percent,
        "is_over_total": summary.is_over_total,
        "warnings": [{"code": w.code.value, "excess": w.excess,
                      "line_id": int(w.line_key) if w.line_key else None, "message": w.message}
                     for w in summary.warnings],
    }
