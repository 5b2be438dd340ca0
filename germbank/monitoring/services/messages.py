"""The words of an alarm notice: subject and body in the bank's language, plus plain data.

Composed once per alarm change, in ``GERMBANK_ALARM_NOTIFY_LOCALE`` (Chinese by default,
because the people on call read Chinese), with local times.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from germbank.audit import json_value
from germbank.monitoring.metrics import format_value, metric_label
from germbank.monitoring.services.channels import Notice
from germbank.templating import datetime_local


def compose(alarm, action: str, recipients: tuple[str, ...]) -> Notice:
    """Subject, text and a JSON-safe summary of ``alarm`` after ``action``."""
    locale = current_app.config.get("ALARM_NOTIFY_LOCALE") or "zh_CN"
    with force_locale(locale):
        subject, text = _words(alarm, action)
    return Notice(
        alarm_id=alarm.id,
        action=action,
        subject=subject,
        text=text,
        data=alarm_data(alarm),
        recipients=recipients,
    )


def alarm_data(alarm) -> dict:
    """The alarm as plain JSON values, for webhooks and the API."""
    location = alarm.location
    return json_value(
        {
            "id": alarm.id,
            "kind": alarm.kind,
            "severity": alarm.severity,
            "location": {"id": location.id, "code": location.code, "name": location.name},
            "metric": alarm.metric or None,
            "device": alarm.device_code or None,
            "direction": alarm.direction,
            "limit": alarm.limit_value,
            "trigger_value": alarm.trigger_value,
            "extreme_value": alarm.extreme_value,
            "excursion_started_at": alarm.excursion_started_at,
            "opened_at": alarm.opened_at,
            "returned_at": alarm.returned_at,
            "cleared_at": alarm.cleared_at,
        }
    )


def _words(alarm, action: str) -> tuple[str, str]:
    location = alarm.location
    locale = str(current_app.config.get("ALARM_NOTIFY_LOCALE") or "zh_CN")
    place = f"{location.code} {location.display_name(locale)}"
    severity = _("CRITICAL") if alarm.severity == "critical" else _("Warning")
    if alarm.kind == "offline":
        what = _("device %(device)s sends no data", device=alarm.device_code)
        since = _("Silent since %(time)s.", time=datetime_local(alarm.excursion_started_at))
    else:
        what = _describe_excursion(alarm)
        since = _("Out of range since %(time)s.", time=datetime_local(alarm.excursion_started_at))
    if action == "cleared":
        subject = _("[GermBank] Cleared: %(place)s, %(what)s", place=place, what=what)
        lines = [
            _("The alarm has cleared: %(what)s at %(place)s.", what=what, place=place),
            since,
            _("Back to normal at %(time)s.", time=datetime_local(alarm.returned_at)),
        ]
    else:
        subject = _("[GermBank] %(severity)s alarm: %(place)s, %(what)s",
                    severity=severity, place=place, what=what)
        lines = [
            _("%(severity)s alarm at %(place)s: %(what)s.", severity=severity, place=place,
              what=what),
            since,
        ]
        if action == "reopened":
            lines.append(_("The alarm was re-opened by a technician."))
        lines.append(_("Please check the location and acknowledge the alarm in GermBank."))
    lines.append(_("Alarm number %(id)d.", id=alarm.id))
    return subject, "\n".join(lines)


def _describe_excursion(alarm) -> str:
    metric = metric_label(alarm.metric)
    value = format_value(alarm.metric, alarm.extreme_value)
    limit = format_value(alarm.metric, alarm.limit_value)
    if alarm.direction == "low":
        return _("%(metric)s %(value)s below %(limit)s", metric=metric, value=value, limit=limit)
    return _("%(metric)s %(value)s above %(limit)s", metric=metric, value=value, limit=limit)
