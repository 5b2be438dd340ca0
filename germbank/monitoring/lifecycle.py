"""What people do with an alarm (acknowledge, assign, re-open) and how long it lasted.

Why separate from the database: these rules are what an auditor asks about ("who knew, and
when?"), so they are plain functions over a frozen :class:`AlarmLife` that return the new life
and the event to record. The alarm service copies the result onto the stored alarm.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l

MAX_COMMENT = 2000


class AlarmRuleError(ValueError):
    """The action is not allowed in the alarm's present state; the message says why.

    Messages are lazy translations: ``str(error)`` speaks the reader's language.
    """


@dataclass(frozen=True, slots=True)
class AlarmLife:
    """The parts of an alarm that its life cycle changes."""

    opened_at: datetime
    excursion_started_at: datetime
    returned_at: datetime | None = None
    cleared_at: datetime | None = None
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None
    ack_comment: str = ""
    assignee: str | None = None

    @property
    def active(self) -> bool:
        """An alarm is active until it clears."""
        return self.cleared_at is None

    @property
    def acknowledged(self) -> bool:
        """Someone has taken note of it since it (re-)opened."""
        return self.acknowledged_at is not None

    @property
    def state(self) -> str:
        """``active``, ``acknowledged`` (active and noted), ``cleared`` or ``closed``.

        A cleared alarm that nobody acknowledged still needs attention: the excursion
        happened, and someone must decide whether the seed it touched needs checking.
        """
        if self.active:
            return "acknowledged" if self.acknowledged else "active"
        return "closed" if self.acknowledged else "cleared"

    @property
    def needs_attention(self) -> bool:
        """Counted in the badge: not yet acknowledged, whether or not it cleared."""
        return not self.acknowledged


@dataclass(frozen=True, slots=True)
class LifeEvent:
    """A line of the alarm's history."""

    action: str  # opened, cleared, acknowledged, assigned, reopened
    at: datetime
    by: str | None = None
    comment: str = ""


def clean_comment(comment: str | None, required: bool) -> str:
    """A trimmed comment; refuse an empty one where it is required, or an overlong one."""
    text = (comment or "").strip()
    if required and not text:
        raise AlarmRuleError(_l("A comment is required."))
    if len(text) > MAX_COMMENT:
        raise AlarmRuleError(_l("The comment is longer than %(n)d characters.", n=MAX_COMMENT))
    return text


def acknowledge(
    life: AlarmLife, at: datetime, by: str, comment: str | None
) -> tuple[AlarmLife, LifeEvent]:
    """Record that ``by`` has taken note, with a comment saying what was done."""
    if life.acknowledged:
        raise AlarmRuleError(_l("The alarm is already acknowledged."))
    if at < life.opened_at:
        raise AlarmRuleError(_l("An alarm cannot be acknowledged before it opened."))
    text = clean_comment(comment, required=True)
    new = replace(life, acknowledged_at=at, acknowledged_by=by, ack_comment=text)
    return new, LifeEvent("acknowledged", at, by, text)


def assign(
    life: AlarmLife, at: datetime, by: str, assignee: str | None, comment: str | None = None
) -> tuple[AlarmLife, LifeEvent]:
    """Make ``assignee`` responsible for following the alarm up (None removes the assignment)."""
    if assignee == life.assignee:
        raise AlarmRuleError(_l("The alarm is already assigned that way."))
    text = clean_comment(comment, required=False)
    note = f"→ {assignee}" if assignee else "→ —"
    return replace(life, assignee=assignee), LifeEvent(
        "assigned", at, by, (note + (" " + text if text else "")).strip()
    )


def clear(life: AlarmLife, at: datetime, returned_at: datetime) -> tuple[AlarmLife, LifeEvent]:
    """The condition ended: back in range (or the device heard again) since ``returned_at``."""
    if not life.active:
        raise AlarmRuleError(_l("The alarm is already cleared."))
    if returned_at > at:
        raise AlarmRuleError(_l("An alarm cannot clear before conditions returned."))
    return replace(life, cleared_at=at, returned_at=returned_at), LifeEvent("cleared", at)


def reopen(
    life: AlarmLife, at: datetime, by: str, comment: str | None
) -> tuple[AlarmLife, LifeEvent]:
    """Re-open a cleared alarm someone doubts is over; it needs a new acknowledgement.

    The caller checks that no other alarm for the same location, metric and kind is active.
    """
    if life.active:
        raise AlarmRuleError(_l("Only a cleared alarm can be re-opened."))
    text = clean_comment(comment, required=True)
    new = replace(
        life,
        cleared_at=None,
        returned_at=None,
        acknowledged_at=None,
        acknowledged_by=None,
        ack_comment="",
    )
    return new, LifeEvent("reopened", at, by, text)


@dataclass(frozen=True, slots=True)
class Durations:
    """How long things took, for the history table (None where it has not happened)."""

    excursion: timedelta
    alarm: timedelta
    to_acknowledge: timedelta | None


def durations(life: AlarmLife, now: datetime) -> Durations:
    """Excursion length (start to return), alarm length (open to clear), time to acknowledge.

    Still-running ones are measured up to ``now``.
    """
    excursion_end = life.returned_at or life.cleared_at or now
    return Durations(
        excursion=max(excursion_end - life.excursion_started_at, timedelta(0)),
        alarm=max((life.cleared_at or now) - life.opened_at, timedelta(0)),
        to_acknowledge=(
            life.acknowledged_at - life.opened_at if life.acknowledged_at is not None else None
        ),
    )


def format_duration(value: timedelta | None) -> str:
    """Compact for tables: ``2 d 03:15``, ``3:15 h``, ``12:05 min`` (minutes:seconds)."""
    if value is None:
        return "—"
    seconds = int(value.total_seconds())
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    if days:
        return f"{days} d {hours:02d}:{minutes:02d}"
    if hours:
        return f"{hours}:{minutes:02d} h"
    return f"{minutes}:{seconds:02d} min"
