"""The monitoring overview and the location pages (charts are drawn by monitoring-chart.js)."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import get_locale

from germbank.auth.access import requires
from germbank.extensions import db
from germbank.monitoring.blueprint import bp, location_or_404
from germbank.monitoring.metrics import sort_metrics
from germbank.monitoring.services import alarms as alarm_service
from germbank.monitoring.services import status
from germbank.monitoring.services import thresholds as threshold_service
from germbank.monitoring.services.source import climate_source

POLL_SECONDS = 5


@bp.route("/")
@requires("read")
def overview():
    """Every watched location with its current values and status, refreshed live."""
    cards = status.location_statuses(status.watched_locations(), with_spark=False)
    return render_template(
        "monitoring/overview.html",
        groups=status.grouped(cards),
        poll_seconds=current_app.config.get("MONITORING_POLL_SECONDS", POLL_SECONDS),
        active=alarm_service.active_alarms(),
    )


@bp.route("/locations/<code>")
@requires("read")
def location(code: str):
    """A location's climate: interactive chart, current status, thresholds, alarms, exports."""
    found = location_or_404(code)
    metrics = sort_metrics(climate_source().metrics({found.id}).get(found.id, []))
    cards = status.location_statuses([found], with_spark=False)
    return render_template(
        "monitoring/location.html",
        location=found,
        card=cards[0] if cards else None,
        metrics=metrics,
        thresholds=threshold_service.thresholds_for(found),
        alarms=list(db.session.scalars(alarm_service.alarm_query(None, found).limit(20))),
        locale=str(get_locale() or "zh_CN"),
    )
