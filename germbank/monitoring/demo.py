"""Demo data for ``make run``: thresholds for the bank's rooms and bays, and an alarm history.

The history shows what a season of monitoring leaves behind: alarms that were acknowledged
with what was done, one still waiting for acknowledgement, one assigned, and an offline
device. Live alarms come from the simulator's excursions once ``make run`` is up. Loading
twice changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from germbank.extensions import db
from germbank.models import StorageLocation, User
from germbank.models.monitoring import Alarm, AlarmEvent
from germbank.monitoring.defaults import defaults_for
from germbank.monitoring.services.thresholds import (
    ThresholdInput,
    apply_defaults_everywhere,
    save,
    thresholds_for,
)
from germbank.orm import utcnow

# location, kind, metric or device, severity, direction, limit, peak, days ago, minutes long,
# acknowledgement comment (None: not acknowledged), assigned to the technician
HISTORY = (
    ("ST1-R2", "threshold", "humidity", "critical", "high", 60.0, 63.8, 12, 160,
     "Dehumidifier tripped after a power cut; restarted it and checked the seed jars.", False),
    ("ST1-R1", "threshold", "temperature", "warning", "high", 15.0, 15.9, 6, 45,
     "Door left open while restocking shelf 02.", False),
    ("GH1-B2", "offline", "env-gh1-b2-01", "warning", None, None, None, 4, 35,
     "The LoRa gateway rebooted after a firmware update.", False),
    ("GH1-B1", "threshold", "soil_moisture", "warning", "low", 20.0, 17.5, 3, 90, None, False),
    ("ST1-DRY", "threshold", "humidity", "critical", "high", 25.0, 27.4, 2, 70, None, True),
)
MARKER = HISTORY[0][9]

# The technicians' winter setting for the unheated greenhouse bays: ramie is dormant, nights
# fall to 10-12 °C and the air saturates; alarm only on frost risk and on condensation.
WINTER_BAYS = ("GH1-B1", "GH1-B2")
WINTER_SETTINGS = {
    "temperature": ThresholdInput(5.0, 35.0, 30, "critical"),
    "humidity": ThresholdInput(40.0, 98.0, 60, "warning"),
}


def load() -> None:
    """Thresholds from the climate classes (winter settings in the bays), then the history."""
    apply_defaults_everywhere()
    db.session.flush()
    _winter_settings()
    if db.session.scalar(sa.select(AlarmEvent.id).where(AlarmEvent.comment == MARKER)):
        return
    locations = {loc.code: loc for loc in db.session.scalars(sa.select(StorageLocation))}
    technician = db.session.scalar(sa.select(User).where(User.username == "technician"))
    now = utcnow().replace(second=0, microsecond=0)
    for (code, kind, subject, severity, direction, limit, peak, days, minutes, comment,
         assigned) in HISTORY:
        location = locations.get(code)
        if location is None:
            continue
        _history_alarm(location, kind, subject, severity, direction, limit, peak,
                       now - timedelta(days=days), minutes, comment, technician, assigned)


def _winter_settings() -> None:
    """Change the bays' untouched defaults to the winter setting, as a technician would."""
    for code in WINTER_BAYS:
        bay = db.session.scalar(sa.select(StorageLocation).where(StorageLocation.code == code))
        if bay is None:
            continue
        current = {t.metric: t for t in thresholds_for(bay)}
        for metric, values in WINTER_SETTINGS.items():
            default = next((d for d in defaults_for(bay.climate_class) if d.metric == metric), None)
            found = current.get(metric)
            if found is None or default is None or (found.minimum, found.maximum) != (
                default.minimum, default.maximum
            ):
                continue
            save(bay, metric, values)


def _history_alarm(location, kind, subject, severity, direction, limit, peak, started,
                   minutes, comment, technician, assigned) -> None:
    grace = timedelta(minutes=15)
    opened = started + grace
    returned = started + timedelta(minutes=minutes)
    cleared = returned + (grace if kind == "threshold" else timedelta(0))
    alarm = Alarm(
        location=location,
        kind=kind,
        metric=subject if kind == "threshold" else "",
        device_code=subject if kind == "offline" else "",
        severity=severity,
        direction=direction,
        limit_value=limit,
        trigger_value=peak,
        extreme_value=peak,
        excursion_started_at=started,
        opened_at=opened,
        returned_at=returned,
        cleared_at=cleared,
    )
    db.session.add(alarm)
    events = [AlarmEvent(alarm=alarm, action="opened", at=opened, value=peak)]
    if assigned and technician is not None:
        alarm.assigned_to = technician
        events.append(_by(technician, alarm, "assigned", opened + timedelta(minutes=5),
                          f"→ {technician.username}"))
    events.append(AlarmEvent(alarm=alarm, action="cleared", at=cleared))
    if comment and technician is not None:
        acknowledged = opened + timedelta(minutes=min(minutes, 40))
        alarm.acknowledged_at = acknowledged
        alarm.acknowledged_by = technician
        alarm.ack_comment = comment
        events.append(_by(technician, alarm, "acknowledged", acknowledged, comment))
    db.session.add_all(sorted(events, key=lambda e: e.at))


def _by(user, alarm, action, at, comment) -> AlarmEvent:
    return AlarmEvent(alarm=alarm, action=action, at=at, user_id=user.id, username=user.username,
                      comment=comment)
