"""The project's edit forms. They check shapes (a date is a date, yuan are numbers); the
services check the project's rules, so the JSON API enforces the same ones."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from germbank.project import labels


class YuanField(DecimalField):
    """An amount of yuan; accepts thousands separators ("10,830,000.00")."""

    def process_formdata(self, valuelist: list[str]) -> None:
        """Drop separators and spaces before parsing."""
        if valuelist and valuelist[0].strip():
            text = valuelist[0].replace(",", "").replace("，", "").replace(" ", "")
            try:
                self.data = Decimal(text)
            except InvalidOperation:
                self.data = None
                raise ValueError(self.gettext("Not a valid decimal value.")) from None
        else:
            self.data = None


def optional_int(value: Any) -> int | None:
    """Select values: "" means none."""
    if value in (None, "", "None"):
        return None
    return int(value)


def choices(table: dict) -> list[SelectChoice]:
    """Select choices from a label table (labels stay lazy, translated when rendered)."""
    return [SelectChoice(code, text) for code, text in table.items()]


def data_of(form: FlaskForm, names: tuple[str, ...]) -> dict[str, Any]:
    """The named fields' values, with text trimmed, ready for a service."""
    values = {}
    for name in names:
        value = form[name].data
        values[name] = value.strip() if isinstance(value, str) else value
    return values


class ProjectForm(FlaskForm):
    """The project's identity, total budget, dates and status date."""

    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=32)])
    name = StringField(_l("Name (English)"), validators=[DataRequired(), Length(max=200)])
    name_zh = StringField(_l("Name (Chinese)"), validators=[Length(max=200)])
    site = StringField(_l("Site"), validators=[Length(max=200)])
    lead_unit = StringField(_l("Lead unit"), validators=[Length(max=128)])
    support_units = StringField(_l("Supporting units"), validators=[Length(max=255)])
    total_budget = YuanField(_l("Total budget (yuan)"), validators=[InputRequired()])
    planned_start = DateField(_l("Planned start"), validators=[InputRequired()])
    planned_finish = DateField(_l("Planned finish"), validators=[InputRequired()])
    status_date = DateField(_l("Status date (empty: today)"), validators=[Optional()])
    is_illustrative = BooleanField(_l("Illustrative (demo) data"))
    confirm_over_total = BooleanField(_l("I confirm the budget lines may exceed the total"))

    FIELDS = ("code", "name", "name_zh", "site", "lead_unit", "support_units", "total_budget",
              "planned_start", "planned_finish", "status_date", "is_illustrative")


class StatusDateForm(FlaskForm):
    """Move the date progress is reported as of."""

    status_date = DateField(_l("Report as of"), validators=[Optional()])


class TaskForm(FlaskForm):
    """A work package or milestone."""

    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=16)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    name_zh = StringField(_l("Name (Chinese)"), validators=[Length(max=200)])
    kind = SelectField(_l("Type"), choices=choices(labels.TASK_KINDS))
    sort_order = IntegerField(_l("Order in the chart"), default=0, validators=[Optional()])
    planned_start = DateField(_l("Planned start"), validators=[InputRequired()])
    planned_finish = DateField(_l("Planned finish"), validators=[InputRequired()])
    actual_start = DateField(_l("Actual start"), validators=[Optional()])
    actual_finish = DateField(_l("Actual finish"), validators=[Optional()])
    percent_complete = DecimalField(_l("% complete"), default=Decimal(0), places=1,
                                    validators=[InputRequired(), NumberRange(0, 100)])
    owner_unit = StringField(_l("Owner unit"), validators=[Length(max=128)])
    contact_person = StringField(_l("Contact person"), validators=[Length(max=128)])
    notes = TextAreaField(_l("Notes"))
    note = StringField(_l("Progress remark (for the weekly report)"),
                       validators=[Length(max=500)])

    FIELDS = ("code", "name", "name_zh", "kind", "sort_order", "planned_start", "planned_finish",
              "actual_start", "actual_finish", "percent_complete", "owner_unit",
              "contact_person", "notes")


class ProgressForm(FlaskForm):
    """The quick progress update of one task."""

    percent_complete = DecimalField(_l("% complete"), places=1,
                                    validators=[InputRequired(), NumberRange(0, 100)])
    actual_start = DateField(_l("Actual start"), validators=[Optional()])
    actual_finish = DateField(_l("Actual finish"), validators=[Optional()])
    note = StringField(_l("Progress remark (for the weekly report)"),
                       validators=[Length(max=500)])


class DependencyForm(FlaskForm):
    """Make this task wait for another."""

    predecessor_id = SelectField(_l("Must wait for"), coerce=int)
    lag_days = IntegerField(_l("Lag (days)"), default=0,
                            validators=[InputRequired(), NumberRange(-365, 365)])


class BudgetLineForm(FlaskForm):
    """A budget line."""

    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=16)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    name_zh = StringField(_l("Name (Chinese)"), validators=[Length(max=200)])
    sort_order = IntegerField(_l("Order"), default=0, validators=[Optional()])
    planned = YuanField(_l("Planned (yuan)"), validators=[InputRequired()])
    committed = YuanField(_l("Committed by contract (yuan)"), default=Decimal("0.00"),
                          validators=[InputRequired()])
    contract_ref = StringField(_l("Contract"), validators=[Length(max=64)])
    supplier = StringField(_l("Contractor or supplier"), validators=[Length(max=128)])
    task_id = SelectField(_l("Spent during task"), coerce=optional_int, validate_choice=False)
    period_start = DateField(_l("Spending starts (empty: the task's dates)"),
                             validators=[Optional()])
    period_finish = DateField(_l("Spending ends"), validators=[Optional()])
    confirm_over_total = BooleanField(_l("I confirm the budget lines may exceed the total"))

    FIELDS = ("code", "name", "name_zh", "sort_order", "planned", "committed", "contract_ref",
              "supplier", "task_id", "period_start", "period_finish")


class PaymentForm(FlaskForm):
    """A payment against a budget line."""

    paid_on = DateField(_l("Paid on"), validators=[InputRequired()])
    amount = YuanField(_l("Amount (yuan)"), validators=[InputRequired()])
    reference = StringField(_l("Voucher or invoice"), validators=[Length(max=64)])
    note = StringField(_l("Remark"), validators=[Length(max=255)])

    FIELDS = ("paid_on", "amount", "reference", "note")


class DeliverableForm(FlaskForm):
    """A deliverable with target and achieved quantities."""

    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=16)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    name_zh = StringField(_l("Name (Chinese)"), validators=[Length(max=200)])
    sort_order = IntegerField(_l("Order"), default=0, validators=[Optional()])
    unit = StringField(_l("Unit"), validators=[DataRequired(), Length(max=24)])
    target = DecimalField(_l("Target"), validators=[InputRequired()])
    achieved = DecimalField(_l("Achieved"), default=Decimal(0), validators=[InputRequired()])
    measured_by = SelectField(_l("Achieved figure"), choices=choices(labels.MEASURES))
    evidence = TextAreaField(_l("Evidence"))

    FIELDS = ("code", "name", "name_zh", "sort_order", "unit", "target", "achieved",
              "measured_by", "evidence")


class InstrumentForm(FlaskForm):
    """An entry of the instrument register."""

    code = StringField(_l("Asset number"), validators=[DataRequired(), Length(max=32)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    name_zh = StringField(_l("Name (Chinese)"), validators=[Length(max=200)])
    model = StringField(_l("Model"), validators=[Length(max=128)])
    supplier = StringField(_l("Supplier"), validators=[Length(max=128)])
    quantity = IntegerField(_l("Quantity (units or sets)"), default=1,
                            validators=[InputRequired(), NumberRange(min=1)])
    price = YuanField(_l("Price (yuan)"), default=Decimal("0.00"), validators=[InputRequired()])
    contract_ref = StringField(_l("Contract"), validators=[Length(max=64)])
    budget_line_id = SelectField(_l("Budget line"), coerce=optional_int, validate_choice=False)
    delivery_due = DateField(_l("Delivery due"), validators=[Optional()])
    delivered_on = DateField(_l("Delivered on"), validators=[Optional()])
    installed_on = DateField(_l("Installed on"), validators=[Optional()])
    acceptance_status = SelectField(_l("Acceptance"), choices=choices(labels.ACCEPTANCE))
    accepted_on = DateField(_l("Acceptance inspection on"), validators=[Optional()])
    location_id = SelectField(_l("Location"), coerce=optional_int, validate_choice=False)
    device_code = StringField(_l("IoT device it feeds (device code)"),
                              validators=[Length(max=64)])
    notes = TextAreaField(_l("Notes"))

    FIELDS = ("code", "name", "name_zh", "model", "supplier", "quantity", "price",
              "contract_ref", "budget_line_id", "delivery_due", "delivered_on", "installed_on",
              "acceptance_status", "accepted_on", "location_id", "device_code", "notes")


class RiskForm(FlaskForm):
    """A risk or issue."""

    kind = SelectField(_l("Type"), choices=choices(labels.RISK_KINDS))
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"))
    owner = StringField(_l("Owner"), validators=[Length(max=128)])
    impact = SelectField(_l("Impact"), choices=choices(labels.RISK_IMPACTS), default="medium")
    status = SelectField(_l("Status"), choices=choices(labels.RISK_STATUSES))
    raised_on = DateField(_l("Raised on"), validators=[Optional()])
    due_on = DateField(_l("Due date"), validators=[Optional()])
    response = TextAreaField(_l("Response"))
    task_id = SelectField(_l("Related task"), coerce=optional_int, validate_choice=False)

    FIELDS = ("kind", "title", "description", "owner", "impact", "status", "raised_on",
              "due_on", "response", "task_id")


class ConfirmForm(FlaskForm):
    """An empty form: the CSRF token of a button that deletes or saves a baseline."""
