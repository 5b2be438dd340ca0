"""JSON shapes of the project API (marshmallow 4).

Money and percentages travel as strings ("10830000.00") so no client turns them into binary
floats; dates are ISO dates. Codes (kinds, statuses) are the stored English codes. Amounts are
not rounded on input: a value with more than two decimals is refused by the services.
"""

from __future__ import annotations

from decimal import Decimal

import marshmallow as ma
from marshmallow import fields, validate

from germbank.api_support import STORED_INTEGER, record_id_field
from germbank.models.project import (
    ACCEPTANCE_STATUSES,
    DELIVERABLE_MEASURES,
    RISK_IMPACTS,
    RISK_KINDS,
    RISK_STATUSES,
    TASK_KINDS,
)

Money = lambda **kw: fields.Decimal(as_string=True, **kw)  # noqa: E731 - a field factory


def text(max_length: int, **kw) -> fields.String:
    """A trimmed-length text field that defaults to empty."""
    return fields.String(validate=validate.Length(max=max_length), load_default="", **kw)


class ProjectSchema(ma.Schema):
    """A construction project."""

    id = fields.Integer(dump_only=True)
    code = fields.String(required=True, validate=validate.Length(1, 32))
    name = fields.String(required=True, validate=validate.Length(1, 200))
    name_zh = text(200)
    site = text(200)
    lead_unit = text(128)
    support_units = text(255)
    total_budget = Money(required=True)
    planned_start = fields.Date(required=True)
    planned_finish = fields.Date(required=True)
    status_date = fields.Date(allow_none=True, load_default=None)
    is_illustrative = fields.Boolean(load_default=False)
    baseline_saved_at = fields.DateTime(dump_only=True, allow_none=True)


class ConfirmSchema(ma.Schema):
    """Query arguments of changes that may need the manager's confirmation."""

    confirm_over_total = fields.Boolean(load_default=False, metadata={
        "description": "Save budget lines that add up to more than the approved total."})


class LinkSchema(ma.Schema):
    """A finish-to-start dependency of a task."""

    predecessor_id = record_id_field(required=True)
    lag_days = fields.Integer(load_default=0, validate=validate.Range(-365, 365))


class TaskSchema(ma.Schema):
    """A work package or milestone."""

    id = fields.Integer(dump_only=True)
    code = fields.String(required=True, validate=validate.Length(1, 16))
    name = fields.String(required=True, validate=validate.Length(1, 200))
    name_zh = text(200)
    kind = fields.String(load_default="work_package", validate=validate.OneOf(TASK_KINDS))
    sort_order = fields.Integer(load_default=0, validate=STORED_INTEGER)
    planned_start = fields.Date(required=True)
    planned_finish = fields.Date(required=True)
    actual_start = fields.Date(allow_none=True, load_default=None)
    actual_finish = fields.Date(allow_none=True, load_default=None)
    percent_complete = fields.Decimal(as_string=True, load_default=Decimal("0.0"),
                                      validate=validate.Range(0, 100))
    owner_unit = text(128)
    contact_person = text(128)
    notes = fields.String(load_default="")
    baseline_start = fields.Date(dump_only=True, allow_none=True)
    baseline_finish = fields.Date(dump_only=True, allow_none=True)
    predecessors = fields.Method("dump_links", dump_only=True)
    note = fields.String(load_only=True, load_default="", validate=validate.Length(max=500),
                         metadata={"description": "Progress remark for the weekly report."})

    def dump_links(self, task) -> list[dict]:
        """The task's dependencies."""
        return [{"predecessor_id": link.predecessor_id, "lag_days": link.lag_days}
                for link in task.predecessor_links]


class BudgetLineSchema(ma.Schema):
    """A budget line with what has been paid against it."""

    id = fields.Integer(dump_only=True)
    code = fields.String(required=True, validate=validate.Length(1, 16))
    name = fields.String(required=True, validate=validate.Length(1, 200))
    name_zh = text(200)
    sort_order = fields.Integer(load_default=0, validate=STORED_INTEGER)
    planned = Money(required=True)
    committed = Money(load_default=Decimal("0.00"))
    contract_ref = text(64)
    supplier = text(128)
    task_id = record_id_field(allow_none=True, load_default=None)
    period_start = fields.Date(allow_none=True, load_default=None)
    period_finish = fields.Date(allow_none=True, load_default=None)
    paid = fields.Method("dump_paid", dump_only=True)

    def dump_paid(self, line) -> str:
        """Sum of the line's payments, as text."""
        return f"{sum((p.amount for p in line.payments), 0):.2f}"


class PaymentSchema(ma.Schema):
    """A payment against a budget line."""

    id = fields.Integer(dump_only=True)
    budget_line_id = fields.Integer(dump_only=True)
    paid_on = fields.Date(required=True)
    amount = Money(required=True)
    reference = text(64)
    note = text(255)


class DeliverableSchema(ma.Schema):
    """A deliverable: target and achieved quantity."""

    id = fields.Integer(dump_only=True)
    code = fields.String(required=True, validate=validate.Length(1, 16))
    name = fields.String(required=True, validate=validate.Length(1, 200))
    name_zh = text(200)
    sort_order = fields.Integer(load_default=0, validate=STORED_INTEGER)
    unit = fields.String(required=True, validate=validate.Length(1, 24))
    target = fields.Decimal(as_string=True, required=True)
    achieved = fields.Decimal(as_string=True, load_default=Decimal("0.00"))
    measured_by = fields.String(load_default="manual",
                                validate=validate.OneOf(DELIVERABLE_MEASURES))
    evidence = fields.String(load_default="")


class InstrumentSchema(ma.Schema):
    """An entry of the instrument register."""

    id = fields.Integer(dump_only=True)
    code = fields.String(required=True, validate=validate.Length(1, 32))
    name = fields.String(required=True, validate=validate.Length(1, 200))
    name_zh = text(200)
    model = text(128)
    supplier = text(128)
    quantity = fields.Integer(load_default=1, validate=STORED_INTEGER)
    price = Money(load_default=Decimal("0.00"))
    contract_ref = text(64)
    budget_line_id = record_id_field(allow_none=True, load_default=None)
    delivery_due = fields.Date(allow_none=True, load_default=None)
    delivered_on = fields.Date(allow_none=True, load_default=None)
    installed_on = fields.Date(allow_none=True, load_default=None)
    acceptance_status = fields.String(load_default="pending",
                                      validate=validate.OneOf(ACCEPTANCE_STATUSES))
    accepted_on = fields.Date(allow_none=True, load_default=None)
    location_id = record_id_field(allow_none=True, load_default=None)
    device_code = fields.String(allow_none=True, load_default=None,
                                validate=validate.Length(max=64))
    notes = fields.String(load_default="")
    stage = fields.String(dump_only=True)


class RiskSchema(ma.Schema):
    """A risk or issue."""

    id = fields.Integer(dump_only=True)
    kind = fields.String(load_default="risk", validate=validate.OneOf(RISK_KINDS))
    title = fields.String(required=True, validate=validate.Length(1, 200))
    description = fields.String(load_default="")
    owner = text(128)
    impact = fields.String(load_default="medium", validate=validate.OneOf(RISK_IMPACTS))
    status = fields.String(load_default="open", validate=validate.OneOf(RISK_STATUSES))
    raised_on = fields.Date(allow_none=True, load_default=None)
    due_on = fields.Date(allow_none=True, load_default=None)
    closed_on = fields.Date(dump_only=True, allow_none=True)
    response = fields.String(load_default="")
    task_id = record_id_field(allow_none=True, load_default=None)


def patch_schema(schema: type[ma.Schema]) -> ma.Schema:
    """A partial copy of ``schema`` for PATCH, under its own name in the OpenAPI document."""
    name = schema.__name__.removesuffix("Schema") + "PatchSchema"
    return type(name, (schema,), {"__doc__": f"Fields to change ({schema.__doc__})"})(
        partial=True)
