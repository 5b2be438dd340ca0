"""``/api/v1/monitoring``: alarms (list, act on them), thresholds, and the badge counts.

Chart, overview and exposure data for the pages' scripts are in :mod:`germbank.monitoring.api_data`.
"""

from __future__ import annotations

import functools

import sqlalchemy as sa
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint, abort

from germbank.api_support import error_responses, unprocessable
from germbank.auth.access import requires
from germbank.extensions import db
from germbank.models import StorageLocation, User
from germbank.models.monitoring import Alarm, Threshold
from germbank.monitoring.badge import alarm_summary
from germbank.monitoring.lifecycle import AlarmRuleError
from germbank.monitoring.schemas import (
    AlarmDetailSchema,
    AlarmQueryArgsSchema,
    AlarmSchema,
    AlarmSummarySchema,
    AssignSchema,
    CommentSchema,
    ThresholdSchema,
    ThresholdUpdateSchema,
)
from germbank.monitoring.services import alarms as alarm_service
from germbank.monitoring.services import thresholds as threshold_service
from germbank.monitoring.services.thresholds import ThresholdError, ThresholdInput

blp = Blueprint(
    "monitoring-api",
    __name__,
    url_prefix="/api/v1/monitoring",
    description="Climate monitoring: thresholds, alarms, series and exposure.",
)


def location_or_404(code: str) -> StorageLocation:
    """The location of the URL, or a 404 error body."""
    found = db.session.scalar(sa.select(StorageLocation).where(StorageLocation.code == code))
    if found is None:
        abort(404, message=f"No location with code {code!r}.")
    return found


def rules_as_422(view):
    """A broken alarm or threshold rule becomes a 422 naming the rule."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except AlarmRuleError as error:
            db.session.rollback()
            unprocessable(str(error))
        except ThresholdError as error:
            db.session.rollback()
            unprocessable(str(error.message), {error.field: [str(error.message)]})

    return error_responses(422)(wrapper)


@blp.route("/alarms")
class Alarms(MethodView):
    """Alarms, newest first."""

    @requires("read")
    @error_responses(404)  # no location with the filter's code
    @blp.arguments(AlarmQueryArgsSchema, location="query")
    @blp.response(200, AlarmSchema(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """List alarms (filter by state, location code and kind)."""
        location = location_or_404(args["location"]) if args["location"] else None
        state = None if args["state"] == "all" else args["state"]
        query = alarm_service.alarm_query(state, location, args["kind"])
        page = db.paginate(
            query,
            page=pagination_parameters.page,
            per_page=pagination_parameters.page_size,
            error_out=False,
        )
        pagination_parameters.item_count = page.total
        return page.items


@blp.route("/alarms/summary")
class AlarmSummary(MethodView):
    """Counts for the navigation badge and the home card."""

    @requires("read")
    @blp.response(200, AlarmSummarySchema)
    def get(self):
        """How many alarms are unacknowledged, active, critical."""
        return alarm_summary()


@blp.route("/alarms/<int:alarm_id>")
class AlarmItem(MethodView):
    """One alarm with its history."""

    @requires("read")
    @blp.response(200, AlarmDetailSchema)
    def get(self, alarm_id):
        """Read an alarm and its history."""
        return db.get_or_404(Alarm, alarm_id)


@blp.route("/alarms/<int:alarm_id>/acknowledge")
class AlarmAcknowledge(MethodView):
    """Acknowledging an alarm."""

    @requires("monitoring.write")
    @rules_as_422
    @blp.arguments(CommentSchema)
    @blp.response(200, AlarmDetailSchema)
    def post(self, data, alarm_id):
        """Acknowledge with a comment saying what was found and done."""
        alarm = db.get_or_404(Alarm, alarm_id)
        alarm_service.acknowledge(alarm, current_user._get_current_object(), data["comment"])
        db.session.commit()
        return alarm


@blp.route("/alarms/<int:alarm_id>/assign")
class AlarmAssign(MethodView):
    """Assigning an alarm."""

    @requires("monitoring.write")
    @rules_as_422
    @blp.arguments(AssignSchema)
    @blp.response(200, AlarmDetailSchema)
    def post(self, data, alarm_id):
        """Make a technician or administrator responsible (null: nobody)."""
        alarm = db.get_or_404(Alarm, alarm_id)
        assignee = None
        if data["assignee"]:
            assignee = db.session.scalar(sa.select(User).where(User.username == data["assignee"]))
            if assignee is None:
                unprocessable("Unknown person.", {"assignee": ["No such username."]})
        alarm_service.assign(
            alarm, current_user._get_current_object(), assignee, data["comment"]
        )
        db.session.commit()
        return alarm


@blp.route("/alarms/<int:alarm_id>/reopen")
class AlarmReopen(MethodView):
    """Re-opening a cleared alarm."""

    @requires("monitoring.write")
    @rules_as_422
    @blp.arguments(CommentSchema)
    @blp.response(200, AlarmDetailSchema)
    def post(self, data, alarm_id):
        """Make a cleared alarm active again, saying why."""
        alarm = db.get_or_404(Alarm, alarm_id)
        alarm_service.reopen(alarm, current_user._get_current_object(), data["comment"])
        db.session.commit()
        return alarm


@blp.route("/locations/<code>/thresholds")
class Thresholds(MethodView):
    """The thresholds of a location."""

    @requires("read")
    @blp.response(200, ThresholdSchema(many=True))
    def get(self, code):
        """List the location's thresholds."""
        return threshold_service.thresholds_for(location_or_404(code))

    @requires("monitoring.write")
    @rules_as_422
    @error_responses(409)  # the location watches that metric already
    @blp.arguments(ThresholdSchema)
    @blp.response(201, ThresholdSchema)
    def post(self, data, code):
        """Add a threshold for a metric the location does not watch yet."""
        location = location_or_404(code)
        if any(t.metric == data["metric"] for t in threshold_service.thresholds_for(location)):
            abort(
                409,
                message=f"{code} already has a {data['metric']} threshold; PUT to change it.",
            )
        threshold = threshold_service.save(location, data.pop("metric"), ThresholdInput(**data))
        db.session.commit()
        return threshold


@blp.route("/locations/<code>/thresholds/<metric>")
class ThresholdItem(MethodView):
    """One threshold, changed with optimistic concurrency (If-Match)."""

    @requires("read")
    @blp.etag
    @blp.response(200, ThresholdSchema)
    def get(self, code, metric):
        """Read a threshold."""
        return _threshold_or_404(code, metric)

    @requires("monitoring.write")
    @rules_as_422
    @blp.etag
    @blp.arguments(ThresholdUpdateSchema)
    @blp.response(200, ThresholdSchema)
    def put(self, data, code, metric):
        """Replace a threshold's range, grace period, severity and switch."""
        threshold = _threshold_or_404(code, metric)
        blp.check_etag(threshold, ThresholdSchema)
        threshold_service.save(threshold.location, metric, ThresholdInput(**data))
        db.session.commit()
        return threshold

    @requires("monitoring.write")
    @blp.etag
    @blp.response(204)
    def delete(self, code, metric):
        """Stop watching the metric at this location (its active alarm clears)."""
        threshold = _threshold_or_404(code, metric)
        blp.check_etag(threshold, ThresholdSchema)
        threshold_service.delete(threshold)
        db.session.commit()


def _threshold_or_404(code: str, metric: str) -> Threshold:
    location = location_or_404(code)
    found = db.session.scalar(
        sa.select(Threshold).where(Threshold.location_id == location.id, Threshold.metric == metric)
    )
    if found is None:
        abort(404, message=f"{code} has no {metric} threshold.")
    return found
