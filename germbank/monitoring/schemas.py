"""JSON shapes of the monitoring API: thresholds, alarms and their history, actions."""

from __future__ import annotations

import marshmallow as ma

from germbank.monitoring.defaults import THRESHOLD_METRICS
from germbank.monitoring.state_machine import SEVERITIES


class ThresholdSchema(ma.Schema):
    """A safe range of one metric at one location."""

    id = ma.fields.Integer(dump_only=True)
    location = ma.fields.Function(lambda t: t.location.code, dump_only=True)
    metric = ma.fields.String(required=True, validate=ma.validate.OneOf(THRESHOLD_METRICS))
    minimum = ma.fields.Float(allow_none=True, load_default=None)
    maximum = ma.fields.Float(allow_none=True, load_default=None)
    grace_minutes = ma.fields.Integer(
        load_default=15, validate=ma.validate.Range(min=0, max=1440)
    )
    severity = ma.fields.String(load_default="warning", validate=ma.validate.OneOf(SEVERITIES))
    enabled = ma.fields.Boolean(load_default=True)
    updated_at = ma.fields.AwareDateTime(dump_only=True)


class ThresholdUpdateSchema(ThresholdSchema):
    """A full replacement of a threshold (the metric comes from the URL)."""

    class Meta:
        exclude = ("metric",)


class AlarmEventSchema(ma.Schema):
    """One line of an alarm's history."""

    action = ma.fields.String()
    at = ma.fields.AwareDateTime()
    username = ma.fields.String()
    comment = ma.fields.String()
    value = ma.fields.Float(allow_none=True)


class AlarmSchema(ma.Schema):
    """An alarm, its state and how long it lasted."""

    id = ma.fields.Integer()
    kind = ma.fields.String()
    severity = ma.fields.String()
    state = ma.fields.Function(lambda a: _life(a).state)
    location = ma.fields.Function(lambda a: a.location.code)
    metric = ma.fields.Function(lambda a: a.metric or None)
    device = ma.fields.Function(lambda a: a.device_code or None)
    direction = ma.fields.String(allow_none=True)
    limit = ma.fields.Float(attribute="limit_value", allow_none=True)
    trigger_value = ma.fields.Float(allow_none=True)
    extreme_value = ma.fields.Float(allow_none=True)
    excursion_started_at = ma.fields.AwareDateTime()
    opened_at = ma.fields.AwareDateTime()
    returned_at = ma.fields.AwareDateTime(allow_none=True)
    cleared_at = ma.fields.AwareDateTime(allow_none=True)
    acknowledged_at = ma.fields.AwareDateTime(allow_none=True)
    acknowledged_by = ma.fields.Function(
        lambda a: a.acknowledged_by.username if a.acknowledged_by else None
    )
    ack_comment = ma.fields.String()
    assigned_to = ma.fields.Function(lambda a: a.assigned_to.username if a.assigned_to else None)
    excursion_seconds = ma.fields.Function(lambda a: _spans(a).excursion.total_seconds())
    alarm_seconds = ma.fields.Function(lambda a: _spans(a).alarm.total_seconds())


class AlarmDetailSchema(AlarmSchema):
    """An alarm with its history."""

    events = ma.fields.List(ma.fields.Nested(AlarmEventSchema))


class AlarmQueryArgsSchema(ma.Schema):
    """Filters of the alarm list."""

    state = ma.fields.String(
        load_default="all",
        validate=ma.validate.OneOf(("unacknowledged", "active", "cleared", "all")),
    )
    location = ma.fields.String(load_default=None)
    kind = ma.fields.String(load_default=None, validate=ma.validate.OneOf(("threshold", "offline")))


class CommentSchema(ma.Schema):
    """An acknowledgement or re-opening, which must say why."""

    comment = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=2000))


class AssignSchema(ma.Schema):
    """Who follows the alarm up (null: nobody)."""

    assignee = ma.fields.String(required=True, allow_none=True)
    comment = ma.fields.String(load_default="", validate=ma.validate.Length(max=2000))


class AlarmSummarySchema(ma.Schema):
    """Counts for the navigation badge."""

    unacknowledged = ma.fields.Integer()
    active = ma.fields.Integer()
    critical = ma.fields.Integer()


def _life(alarm):
    from germbank.monitoring.services.alarms import life_of

    return life_of(alarm)


def _spans(alarm):
    from germbank.monitoring.lifecycle import durations
    from germbank.orm import utcnow

    return durations(_life(alarm), utcnow())
