"""The alarm badge in the navigation and the technicians' home card.

The navigation shows, beside "Monitoring", the number of alarms nobody has acknowledged yet
(:func:`unacknowledged_badge`). The monitoring pages' script keeps it current
(``/api/v1/monitoring/alarms/summary``) without a reload.
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)


def unacknowledged_badge() -> int:
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
