"""Alarms in the database: opening, clearing, acknowledging, assigning and re-opening them.

The rules themselves are pure (:mod:`germbank.monitoring.lifecycle`,
:mod:`germbank.monitoring.state_machine`); this module applies them to stored alarms, writes
each step to the alarm's history, and queues a notification that is sent only once the
caller's transaction has committed (:mod:`germbank.monitoring.services.notify`).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from germbank.extensions import db
from germbank.models import StorageLocation, User
from germbank.models.monitoring import Alarm, AlarmEvent, MetricTrack
from germbank.monitoring import lifecycle
from germbank.monitoring.lifecycle import AlarmLife, AlarmRuleError, LifeEvent
from germbank.monitoring.services import notify
from germbank.monitoring.state_machine import AlarmOpened, worse
from germbank.orm import utcnow

THRESHOLD = "threshold"
OFFLINE = "offline"


def open_key(location_id: int, kind: str, metric: str = "", device_code: str = "") -> str:
    """The key only one active alarm may hold (see :class:`Alarm.open_key`)."""
    return f"{kind}:{location_id}:{metric}:{device_code}"


def active_alarm(
    location_id: int, kind: str, metric: str = "", device_code: str = ""
) -> Alarm | None:
    """The active alarm of that location, kind and metric (or device), if any."""
    key = open_key(location_id, kind, metric, device_code)
    return db.session.scalar(sa.select(Alarm).where(Alarm.open_key == key))


def life_of(alarm: Alarm) -> AlarmLife:
    """The pure life-cycle view of a stored alarm."""
    return AlarmLife(
        opened_at=alarm.opened_at,
        excursion_started_at=alarm.excursion_started_at,
        returned_at=alarm.returned_at,
        cleared_at=alarm.cleared_at,
        acknowledged_at=alarm.acknowledged_at,
        acknowledged_by=alarm.acknowledged_by.username if alarm.acknowledged_by else None,
        ack_comment=alarm.ack_comment or "",
        assignee=alarm.assigned_to.username if alarm.assigned_to else None,
    )


def _record(alarm: Alarm, event: LifeEvent, user: User | None, value: float | None = None):
    db.session.add(
        AlarmEvent(
            alarm=alarm,
            action=event.action,
            at=event.at,
            user_id=user.id if user else None,
            username=user.username if user else "system",
            comment=event.comment,
            value=value,
        )
    )


def open_threshold_alarm(location_id: int, metric: str, opened: AlarmOpened) -> Alarm:
    """Store the alarm the rules just opened and queue its notification."""
    alarm = Alarm(
        location_id=location_id,
        kind=THRESHOLD,
        metric=metric,
        severity=opened.severity,
        direction=opened.direction,
        limit_value=opened.limit,
        trigger_value=opened.value,
        extreme_value=opened.extreme,
        excursion_started_at=opened.excursion_since,
        opened_at=opened.at,
        open_key=open_key(location_id, THRESHOLD, metric),
    )
    db.session.add(alarm)
    _record(alarm, LifeEvent("opened", opened.at), None, opened.value)
    db.session.flush()
    notify.queue_for(alarm, "opened")
    return alarm


def open_offline_alarm(
    location_id: int, device_code: str, last_seen: datetime, now: datetime, severity: str
) -> Alarm:
    """A device at ``location_id`` has been silent since ``last_seen``."""
    alarm = Alarm(
        location_id=location_id,
        kind=OFFLINE,
        metric="",
        device_code=device_code,
        severity=severity,
        excursion_started_at=last_seen,
        opened_at=now,
        open_key=open_key(location_id, OFFLINE, "", device_code),
    )
    db.session.add(alarm)
    _record(alarm, LifeEvent("opened", now), None)
    db.session.flush()
    notify.queue_for(alarm, "opened")
    return alarm


def record_extreme(alarm: Alarm, direction: str, extreme: float) -> None:
    """Keep the worst value an active alarm has seen in its direction (shown in its history)."""
    if direction == alarm.direction:
        alarm.extreme_value = worse(direction, alarm.extreme_value, extreme)


def clear_alarm(
    alarm: Alarm, at: datetime, returned_at: datetime, comment: str = "", notify_people=True
) -> Alarm:
    """The condition ended; the alarm stops being active (it may still need acknowledging)."""
    life, event = lifecycle.clear(life_of(alarm), at, returned_at)
    alarm.cleared_at = life.cleared_at
    alarm.returned_at = life.returned_at
    alarm.open_key = None
    _record(alarm, LifeEvent(event.action, event.at, None, comment), None)
    db.session.flush()
    if notify_people:
        notify.queue_for(alarm, "cleared")
    return alarm


def acknowledge(alarm: Alarm, user: User, comment: str | None, at: datetime | None = None):
    """``user`` has taken note of the alarm and says what was done (comment required)."""
    life, event = lifecycle.acknowledge(life_of(alarm), at or utcnow(), user.username, comment)
    alarm.acknowledged_at = life.acknowledged_at
    alarm.acknowledged_by_id = user.id
    alarm.ack_comment = life.ack_comment
    _record(alarm, event, user)
    db.session.flush()
    return alarm


def assign(alarm: Alarm, user: User, assignee: User | None, comment: str | None = None):
    """Make ``assignee`` (someone who may act on alarms) responsible; None unassigns."""
    from germbank.auth.permissions import has_permission

    if assignee is not None and not (
        assignee.is_active and has_permission(assignee.role, "monitoring.write")
    ):
        raise AlarmRuleError(
            _l("Alarms can only be assigned to active technicians or administrators.")
        )
    _life, event = lifecycle.assign(
        life_of(alarm), utcnow(), user.username, assignee.username if assignee else None, comment
    )
    alarm.assigned_to_id = assignee.id if assignee else None
    alarm.assigned_to = assignee
    _record(alarm, event, user)
    db.session.flush()
    return alarm


def reopen(alarm: Alarm, user: User, comment: str | None, at: datetime | None = None):
    """Make a cleared alarm active again; it clears again after the grace period in range."""
    key = open_key(alarm.location_id, alarm.kind, alarm.metric, alarm.device_code)
    if db.session.scalar(sa.select(Alarm.id).where(Alarm.open_key == key)) is not None:
        raise AlarmRuleError(
            _l("Another alarm for the same location and metric is already active.")
        )
    life, event = lifecycle.reopen(life_of(alarm), at or utcnow(), user.username, comment)
    alarm.cleared_at = None
    alarm.returned_at = None
    alarm.acknowledged_at = None
    alarm.acknowledged_by_id = None
    alarm.ack_comment = ""
    alarm.open_key = key
    _record(alarm, event, user)
    if alarm.kind == THRESHOLD:
        _mark_track_active(alarm.location_id, alarm.metric)
    db.session.flush()
    notify.queue_for(alarm, "reopened")
    return alarm


def _mark_track_active(location_id: int, metric: str) -> None:
    """The rules must know an alarm is active again, so that they clear it in time.

    Every device measuring the metric there must then be back in range for the grace period.
    """
    for track in db.session.scalars(
        sa.select(MetricTrack).where(
            MetricTrack.location_id == location_id, MetricTrack.metric == metric
        )
    ):
        track.alarm_active = True
        track.in_range_since = None


def clear_for_removed_threshold(location_id: int, metric: str) -> None:
    """Nothing watches the metric any more: clear its active alarm and forget the excursion."""
    alarm = active_alarm(location_id, THRESHOLD, metric)
    now = utcnow()
    if alarm is not None:
        clear_alarm(alarm, now, now, comment="threshold removed or disabled")
    db.session.execute(
        sa.delete(MetricTrack).where(
            MetricTrack.location_id == location_id, MetricTrack.metric == metric
        )
    )
    db.session.flush()


def unacknowledged_count() -> int:
    """The badge: alarms nobody has acknowledged yet, active or already cleared."""
    return db.session.scalar(
        sa.select(sa.func.count(Alarm.id)).where(Alarm.acknowledged_at.is_(None))
    ) or 0


def active_alarms(location_ids: set[int] | None = None) -> list[Alarm]:
    """Active alarms (optionally of some locations), most severe and oldest first."""
    query = sa.select(Alarm).where(Alarm.open_key.is_not(None))
    if location_ids is not None:
        query = query.where(Alarm.location_id.in_(location_ids))
    alarms = list(db.session.scalars(query.order_by(Alarm.opened_at)))
    return sorted(alarms, key=lambda a: (a.severity != "critical", a.opened_at))


def alarm_query(
    state: str | None = None,
    location: StorageLocation | None = None,
    kind: str | None = None,
    assigned_to: User | None = None,
) -> sa.Select:
    """Alarms newest first, filtered by state (active, unacknowledged, cleared), place, kind."""
    query = sa.select(Alarm)
    if state == "active":
        query = query.where(Alarm.open_key.is_not(None))
    elif state == "unacknowledged":
        query = query.where(Alarm.acknowledged_at.is_(None))
    elif state == "cleared":
        query = query.where(Alarm.cleared_at.is_not(None))
    if location is not None:
        query = query.where(Alarm.location_id == location.id)
    if kind in (THRESHOLD, OFFLINE):
        query = query.where(Alarm.kind == kind)
    if assigned_to is not None:
        query = query.where(Alarm.assigned_to_id == assigned_to.id)
    return query.order_by(Alarm.opened_at.desc(), Alarm.id.desc())


def assignable_people() -> list[User]:
    """Active people who may act on alarms, for the assignment menu."""
    return list(
        db.session.scalars(
            sa.select(User)
            .where(User.role.in_(("technician", "admin")), User.is_active_flag.is_(True))
            .order_by(User.username)
        )
    )
