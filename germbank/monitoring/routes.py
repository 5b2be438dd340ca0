"""The monitoring overview and the location pages (charts are drawn by monitoring-chart.js)."""

from __future__ import annotations

from flask import render_template

from germbank.auth.access import requires
from germbank.monitoring.blueprint import bp, location_or_404
from germbank.monitoring.services import alarms as alarm_service
from germbank.monitoring.services import thresholds as threshold_service


@bp.route("/")
@requires("read")
def overview():
    """Every watched location with its current values and status, refreshed live."""
    return render_template("monitoring/overview.html")


@bp.route("/locations/<code>")
@requires("read")
def location(code: str):
    """A location's climate: interactive chart, thresholds, alarms, exports."""
    found = location_or_404(code)
    return render_template(
        "monitoring/location.html",
        location=found,
        thresholds=threshold_service.thresholds_for(found),
        alarms=list(
            __import__("germbank.extensions", fromlist=["db"]).db.session.scalars(
                alarm_service.alarm_query(None, found).limit(20)
            )
        ),
    )
