"""OpenAPI shapes of the monitoring data endpoints (overview, series, lot climate).

Those views return the dicts the page scripts draw (built in ``services/chart_data.py``,
``services/status.py`` and ``services/lot_climate.py``); these schemas only document them, so
that a client, and the API fuzz test, know what a 200 answer holds. Times in ``t``,
``from`` and ``to`` of bands are epoch seconds; other times are ISO 8601 text.
"""

from __future__ import annotations

import marshmallow as ma

fields = ma.fields


def _nullable_numbers(**kwargs) -> fields.List:
    """A column of numbers with gaps (null where nothing was measured)."""
    return fields.List(fields.Float(allow_none=True), **kwargs)


class ThresholdBandSchema(ma.Schema):
    """A threshold range and the period it applies to (null: the whole chart)."""

    from_ = fields.Float(data_key="from", allow_none=True)
    to = fields.Float(allow_none=True)
    minimum = fields.Float(allow_none=True)
    maximum = fields.Float(allow_none=True)


class ChartMetricSchema(ma.Schema):
    """One metric's columns for the chart (``min``/``max`` are null for raw readings)."""

    metric = fields.String()
    label = fields.String()
    unit = fields.String()
    decimals = fields.Integer()
    t = fields.List(fields.Float())
    min = _nullable_numbers(allow_none=True)
    max = _nullable_numbers(allow_none=True)
    mean = _nullable_numbers()
    bands = fields.List(fields.Nested(ThresholdBandSchema))


class _ChartRangeSchema(ma.Schema):
    """What every chart answer holds: its range, resolution and metrics' columns."""

    start = fields.String(metadata={"format": "date-time"})
    end = fields.String(metadata={"format": "date-time"})
    resolution = fields.String(validate=ma.validate.OneOf(["raw", "bucket"]))
    available_metrics = fields.List(fields.String())
    metrics = fields.List(fields.Nested(ChartMetricSchema))


class LocationSeriesSchema(_ChartRangeSchema):
    """A location's chart data over a time range."""

    location = fields.String()


class ClimateStaySchema(ma.Schema):
    """Where a lot was, and whose climate counts for that place, from when to when."""

    location = fields.String()
    climate_location = fields.String()
    from_ = fields.String(data_key="from", metadata={"format": "date-time"})
    to = fields.String(allow_none=True, metadata={"format": "date-time"})


class ExposureSchema(ma.Schema):
    """Hours a lot spent in and out of a metric's safe range, and its extremes."""

    hours_covered = fields.Float()
    hours_out_of_range = fields.Float()
    hours_above = fields.Float()
    hours_below = fields.Float()
    hours_with_excursion = fields.Float()
    share_out_of_range = fields.Float(allow_none=True)
    lowest = fields.Float(allow_none=True)
    lowest_at = fields.String(allow_none=True, metadata={"format": "date-time"})
    highest = fields.Float(allow_none=True)
    highest_at = fields.String(allow_none=True, metadata={"format": "date-time"})
    mean = fields.Float(allow_none=True)


class LotClimateSchema(_ChartRangeSchema):
    """A lot's climate over exactly its stays, with its exposure per metric."""

    lot = fields.String()
    stays = fields.List(fields.Nested(ClimateStaySchema))
    exposure = fields.Dict(keys=fields.String(), values=fields.Nested(ExposureSchema))
    since = fields.String(allow_none=True, metadata={"format": "date-time"})


class AlarmCountsSchema(ma.Schema):
    """Alarm counts for the badge."""

    unacknowledged = fields.Integer()
    active = fields.Integer()
    critical = fields.Integer()


class SparkSchema(ma.Schema):
    """The 24-hour trend line's values."""

    v = _nullable_numbers()


class OverviewMetricSchema(ma.Schema):
    """A metric's latest value at a location, with its status and trend."""

    metric = fields.String()
    label = fields.String()
    unit = fields.String()
    value = fields.Float(allow_none=True)
    display = fields.String()
    ts = fields.String(allow_none=True, metadata={"format": "date-time"})
    age_label = fields.String()
    status = fields.String()
    status_label = fields.String()
    minimum = fields.Float(allow_none=True)
    maximum = fields.Float(allow_none=True)
    spark = fields.Nested(SparkSchema)


class OverviewLocationSchema(ma.Schema):
    """One location card of the live overview."""

    code = fields.String()
    name = fields.String()
    parent = fields.String(allow_none=True)
    status = fields.String()
    status_label = fields.String()
    alarms = fields.Integer()
    alarms_label = fields.String()
    offline_devices = fields.List(fields.String())
    metrics = fields.List(fields.Nested(OverviewMetricSchema))


class OverviewSchema(ma.Schema):
    """The live overview: every watched location and the alarm counts."""

    generated_at = fields.String(metadata={"format": "date-time"})
    generated_label = fields.String()
    summary = fields.Nested(AlarmCountsSchema)
    locations = fields.List(fields.Nested(OverviewLocationSchema))
