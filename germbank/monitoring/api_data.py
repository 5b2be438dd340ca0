"""``/api/v1/monitoring``: the data the monitoring pages' scripts poll and draw.

The live overview, a location's chart series, and a lot's climate over its stays with its
exposure summary. Each answers JSON a script (or a person with a token) can use directly.
"""

from __future__ import annotations

from datetime import timedelta

import marshmallow as ma
from flask.views import MethodView
from flask_babel import format_datetime
from flask_smorest import abort

from germbank.api_support import unprocessable
from germbank.auth.access import requires
from germbank.extensions import db
from germbank.monitoring.api import blp, location_or_404
from germbank.monitoring.badge import alarm_summary
from germbank.monitoring.defaults import THRESHOLD_METRICS
from germbank.monitoring.schemas_data import LocationSeriesSchema, LotClimateSchema, OverviewSchema
from germbank.monitoring.services import chart_data, status
from germbank.orm import utcnow

MAX_SPAN = timedelta(days=366 * 20)


class RangeArgsSchema(ma.Schema):
    """A time range (ISO 8601 with a time zone) and the metrics wanted."""

    start = ma.fields.AwareDateTime(load_default=None)
    end = ma.fields.AwareDateTime(load_default=None)
    metrics = ma.fields.String(load_default="")

    @ma.validates_schema
    def check_range(self, data, **_kwargs):
        """End after start, and not absurdly long; metrics must be known ones."""
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            raise ma.ValidationError("end must be after start.", "end")
        if start and end and end - start > MAX_SPAN:
            raise ma.ValidationError("The range may not exceed 20 years.", "start")
        unknown = [m for m in metric_list(data.get("metrics", "")) if m not in THRESHOLD_METRICS]
        if unknown:
            raise ma.ValidationError(f"Unknown metrics: {', '.join(unknown)}.", "metrics")


def metric_list(text: str) -> list[str]:
    """``"temperature, humidity"`` -> ``["temperature", "humidity"]``."""
    return [part.strip() for part in (text or "").split(",") if part.strip()]


@blp.route("/overview")
class Overview(MethodView):
    """Every watched location with its current values, status and 24-hour trend."""

    @requires("read")
    @blp.alt_response(200, schema=OverviewSchema, success=True)
    def get(self):
        """The live overview (polled by the overview page every few seconds)."""
        from flask_babel import get_locale

        cards = status.location_statuses(status.watched_locations())
        now = utcnow()
        return {
            "generated_at": now.isoformat(),
            "generated_label": format_datetime(now, "HH:mm:ss"),
            "summary": alarm_summary(),
            "locations": status.as_json(cards, str(get_locale() or "zh_CN")),
        }


@blp.route("/locations/<code>/series")
class LocationSeries(MethodView):
    """Chart data of a location."""

    @requires("read")
    @blp.alt_response(200, schema=LocationSeriesSchema, success=True)
    @blp.arguments(RangeArgsSchema, location="query")
    def get(self, args, code):
        """Raw readings for a day or less, else at most ~2,000 min/max/mean buckets."""
        location = location_or_404(code)
        end = args["end"] or utcnow()
        start = args["start"] or end - timedelta(days=1)
        if end <= start:
            unprocessable("end must be after start.", {"end": ["end must be after start."]})
        return chart_data.location_payload(location, metric_list(args["metrics"]), start, end)


@blp.route("/lots/<int:lot_id>/climate")
class LotClimate(MethodView):
    """The climate a lot lived in, over exactly its stays."""

    @requires("read")
    @blp.alt_response(200, schema=LotClimateSchema, success=True)
    @blp.arguments(RangeArgsSchema, location="query")
    def get(self, args, lot_id):
        """Chart data of the lot's stays and its exposure since storage began."""
        from germbank.models.inventory import InventoryLot
        from germbank.monitoring.services.lot_climate import exposure_json, lot_climate

        lot = db.session.get(InventoryLot, lot_id)
        if lot is None:
            abort(404, message=f"No lot with id {lot_id}.")
        climate = lot_climate(lot)
        end = args["end"] or utcnow()
        start = args["start"] or climate.since or end - timedelta(days=1)
        if end <= start:
            unprocessable("end must be after start.", {"end": ["end must be after start."]})
        payload = chart_data.lot_payload(lot, metric_list(args["metrics"]), start, end)
        payload["exposure"] = {m: exposure_json(e) for m, e in climate.totals.items()}
        payload["since"] = climate.since.isoformat() if climate.since else None
        return payload
