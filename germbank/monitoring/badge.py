"""The alarm badge in the navigation and the technicians' home card.

The navigation renders ``str(item.label)`` for every page, so :class:`NavLabel` turns into the
translated label followed by the number of alarms nobody has acknowledged yet. The monitoring
pages' script keeps it current (``/api/v1/monitoring/alarms/summary``) without a reload.
"""

from __future__ import annotations

import logging
from typing import Any

from markupsafe import Markup, escape

log = logging.getLogger(__name__)


class NavLabel:
    """A navigation label that carries the unacknowledged-alarm count as a badge."""

    def __init__(self, label: Any) -> None:
        self.label = label

    def __str__(self) -> str:
        text = escape(str(self.label))
        count = _safe_count()
        badge = (
            Markup('<span class="badge bad nav-alarm-badge" data-alarm-badge>{}</span>').format(
                count
            )
            if count
            else Markup('<span class="nav-alarm-badge" data-alarm-badge hidden></span>')
        )
        return Markup("{} {}").format(text, badge)


def _safe_count() -> int:
    """The badge never breaks a page: a database hiccup shows no badge and is logged."""
    from germbank.monitoring.services.alarms import unacknowledged_count

    try:
        return unacknowledged_count()
    except Exception:  # noqa: BLE001 - the page must render even if the count fails
        log.exception("could not count unacknowledged alarms for the navigation badge")
        return 0


def alarm_summary() -> dict[str, int]:
    """Counts for the badge and the home card."""
    import sqlalchemy as sa

    from germbank.extensions import db
    from germbank.models.monitoring import Alarm

    active = Alarm.open_key.is_not(None)
    return {
        "unacknowledged": db.session.scalar(
            sa.select(sa.func.count(Alarm.id)).where(Alarm.acknowledged_at.is_(None))
        )
        or 0,
        "active": db.session.scalar(sa.select(sa.func.count(Alarm.id)).where(active)) or 0,
        "critical": db.session.scalar(
            sa.select(sa.func.count(Alarm.id)).where(active, Alarm.severity == "critical")
        )
        or 0,
    }


def home_card_context() -> dict[str, Any]:
    """The technicians' card: alarm counts and the locations by status."""
    from germbank.monitoring.services.alarms import active_alarms

    summary = alarm_summary()
    return {"summary": summary, "alarms": active_alarms()[:5]}
