"""Technicians' forms: a threshold, and the acknowledge / assign / re-open actions on an alarm.

The forms check shapes; the services check the rules (min below max, comment required ...),
so the JSON API enforces the same ones.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, FloatField, IntegerField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from germbank.monitoring.defaults import THRESHOLD_METRICS
from germbank.monitoring.metrics import metric_label

# Lower-case message ids: "Critical" alone means "critical path" elsewhere in GermBank.
SEVERITY_LABELS = {"warning": _l("warning"), "critical": _l("critical")}


class ThresholdForm(FlaskForm):
    """Safe range of one metric at one location."""

    metric = SelectField(_l("Metric"), choices=[], validators=[InputRequired()])
    minimum = FloatField(_l("Minimum"), validators=[Optional()])
    maximum = FloatField(_l("Maximum"), validators=[Optional()])
    grace_minutes = IntegerField(
        _l("Grace period (minutes)"),
        default=15,
        validators=[InputRequired(), NumberRange(min=0, max=1440)],
    )
    severity = SelectField(
        _l("Severity"), choices=[(k, v) for k, v in SEVERITY_LABELS.items()], default="warning"
    )
    enabled = BooleanField(_l("Raise alarms"), default=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.metric.choices = [(m, metric_label(m)) for m in THRESHOLD_METRICS]


class AcknowledgeForm(FlaskForm):
    """Take note of an alarm and say what was done."""

    comment = TextAreaField(
        _l("What was found and done"), validators=[InputRequired(), Length(max=2000)]
    )


class AssignForm(FlaskForm):
    """Make a technician responsible for following an alarm up."""

    assignee = SelectField(_l("Assign to"), choices=[])
    comment = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])


class ReopenForm(FlaskForm):
    """Re-open a cleared alarm that is not really over."""

    comment = TextAreaField(_l("Why re-open"), validators=[InputRequired(), Length(max=2000)])


class ConfirmForm(FlaskForm):
    """A button that only needs the CSRF token (apply defaults, delete)."""
