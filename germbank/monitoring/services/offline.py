"""Devices that stopped reporting: an offline alarm after three missed reporting intervals.

Run periodically (:func:`germbank.monitoring.hooks.run_offline_check`); a device's alarm
clears as soon as it sends again (in :mod:`germbank.monitoring.services.evaluation`) or here,
when its last-seen time is recent again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy.orm as so
from flask import current_app

from germbank.monitoring.services import alarms as alarm_service
from germbank.monitoring.services.registry import placed_devices
from germbank.monitoring.state_machine import offline_due
from germbank.orm import utcnow

MISSED_INTERVALS = 3


@dataclass(slots=True)
class OfflineResult:
    """Alarm ids opened and cleared by one check."""

    opened: list[int] = field(default_factory=list)
    cleared: list[int] = field(default_factory=list)


def check_offline(session: so.Session, now: datetime | None = None) -> OfflineResult:
    """Open an offline alarm for each placed device silent too long; clear those heard again."""
    now = now or utcnow()
    severity = current_app.config.get("ALARM_OFFLINE_SEVERITY", "warning")
    missed = int(current_app.config.get("ALARM_OFFLINE_MISSED_INTERVALS", MISSED_INTERVALS))
    result = OfflineResult()
    for device in placed_devices(session):
        alarm = alarm_service.active_alarm(
            device.location_id, alarm_service.OFFLINE, "", device.code
        )
        silent = offline_due(device.last_seen, device.interval, now, missed)
        if silent and alarm is None:
            opened = alarm_service.open_offline_alarm(
                device.location_id, device.code, device.last_seen, now, severity
            )
            result.opened.append(opened.id)
        elif not silent and alarm is not None and device.last_seen is not None:
            back = min(max(device.last_seen, alarm.opened_at), now)
            alarm_service.clear_alarm(alarm, now, back)
            result.cleared.append(alarm.id)
    session.flush()
    return result
