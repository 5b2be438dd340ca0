"""The monitoring pages' blueprint and the helpers every monitoring template uses."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint
from flask_babel import lazy_gettext as _l

from germbank.extensions import db
from germbank.models import StorageLocation
from germbank.monitoring import lifecycle
from germbank.monitoring.forms import SEVERITY_LABELS
from germbank.monitoring.metrics import format_value, metric_label, unit_of
from germbank.orm import utcnow

bp = Blueprint("monitoring", __name__, url_prefix="/monitoring")

STATE_LABELS = {
    "active": _l("Active"),
    "acknowledged": _l("Active, acknowledged"),
    "cleared": _l("Cleared, not acknowledged"),
    "closed": _l("Closed"),
}
STATUS_LABELS = {
    "ok": _l("In range"),
    "excursion": _l("Excursion"),
    "alarm": _l("Alarm"),
    "offline": _l("Offline"),
    "unknown": _l("No data"),
    "unwatched": _l("Not watched"),
}
STATUS_BADGES = {
    "ok": "ok",
    "excursion": "warn",
    "alarm": "bad",
    "offline": "bad",
    "unknown": "",
    "unwatched": "",
}
STATE_BADGES = {"active": "bad", "acknowledged": "warn", "cleared": "info", "closed": "ok"}
EVENT_LABELS = {
    "opened": _l("opened"),
    "cleared": _l("cleared"),
    "acknowledged": _l("acknowledged"),
    "assigned": _l("assigned"),
    "reopened": _l("re-opened"),
}
KIND_LABELS = {"threshold": _l("Out of range"), "offline": _l("Device offline")}


def location_or_404(code: str) -> StorageLocation:
    """The location named in the URL, or 404."""
    return db.first_or_404(sa.select(StorageLocation).where(StorageLocation.code == code))


def alarm_life(alarm):
    """The alarm's life-cycle view (state, durations) for templates."""
    from germbank.monitoring.services.alarms import life_of

    return life_of(alarm)


def alarm_durations(alarm):
    """Excursion, alarm and acknowledgement durations, running ones up to now."""
    return lifecycle.durations(alarm_life(alarm), utcnow())


def safe_lot_climate(lot):
    """A lot's climate for the lot and accession pages, or None when it cannot be read.

    Those pages belong to another feature: a monitoring failure must not take them down.
    """
    import logging

    from germbank.monitoring.services.lot_climate import lot_climate

    try:
        return lot_climate(lot)
    except Exception:  # noqa: BLE001 - logged; the including page still renders
        logging.getLogger(__name__).exception("climate of lot %s could not be read", lot.id)
        return None


@bp.app_context_processor
def monitoring_helpers() -> dict:
    """Labels and formatters for monitoring templates (also included by accession pages)."""
    return {
        "metric_label": metric_label,
        "format_value": format_value,
        "unit_of": unit_of,
        "format_duration": lifecycle.format_duration,
        "alarm_life": alarm_life,
        "alarm_durations": alarm_durations,
        "alarm_state_labels": STATE_LABELS,
        "alarm_state_badges": STATE_BADGES,
        "monitoring_status_labels": STATUS_LABELS,
        "monitoring_status_badges": STATUS_BADGES,
        "alarm_event_labels": EVENT_LABELS,
        "alarm_kind_labels": KIND_LABELS,
        "severity_labels": SEVERITY_LABELS,
        "lot_climate": safe_lot_climate,
    }
