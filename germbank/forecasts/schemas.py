"""JSON shapes of the forecasts API (marshmallow 4): what a script or the page scripts read."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields as f

from germbank.api_support import record_id_field


class ConstantsSchema(ma.Schema):
    """The constants a crop's forecasts use and where they come from."""

    crop_id = f.Integer()
    ke = f.Float()
    cw = f.Float()
    ch = f.Float()
    cq = f.Float()
    moisture_floor_pct = f.Float()
    moisture_model = f.Dict()
    source = f.String()
    is_substitute = f.Boolean()
    substitute_for = f.String()
    note = f.String()
    edited = f.List(f.String())


class NextTestSchema(ma.Schema):
    due_on = f.DateTime()
    driven_by = f.String(metadata={"description": "prediction | standard_interval"})
    predicted_pct = f.Float()


class StaySchema(ma.Schema):
    """One stay of the lot and what it cost ("why" the forecast says what it says)."""

    location = f.String()
    start = f.DateTime()
    end = f.DateTime()
    days = f.Float()
    measured_fraction = f.Float()
    mean_temperature_c = f.Float()
    mean_rh_pct = f.Float()
    mean_moisture_pct = f.Float()
    probit_loss = f.Float()
    climate_from = f.String(allow_none=True)
    setpoint_from = f.String()


class TestErrorSchema(ma.Schema):
    """A germination test next to its prediction; errors are measured minus predicted."""

    test_id = f.Integer(allow_none=True)
    tested_on = f.Date()
    seeds_sown = f.Integer(allow_none=True)
    measured_pct = f.Float()
    predicted_pct = f.Float()
    error_pct_points = f.Float()
    error_probit = f.Float()


class LotForecastSchema(ma.Schema):
    """A lot's forecast."""

    lot_id = f.Integer()
    lot_number = f.String()
    initial_pct = f.Float()
    predicted_now_pct = f.Float()
    threshold_pct = f.Float()
    crossing = f.DateTime(allow_none=True)
    ki = f.Float()
    ki_basis = f.String(metadata={"description": "fit | initial | first_test"})
    fit_is_stale = f.Boolean()
    measured_fraction = f.Float()
    setpoint_fill_days = f.Float()
    standard_interval_years = f.Integer()
    next_test = f.Nested(NextTestSchema)
    constants = f.Nested(ConstantsSchema)
    stays = f.List(f.Nested(StaySchema))
    tests = f.List(f.Nested(TestErrorSchema))
    notes = f.List(f.String())


class ChartSchema(ma.Schema):
    """Series for uPlot: x in unix seconds; per lot a curve and test points (null = none)."""

    x = f.List(f.Integer())
    lots = f.List(f.Dict())
    today = f.Float()
    unavailable = f.List(f.Dict())


class CalibrationArgsSchema(ma.Schema):
    """Which fit to make, and whether to store it."""

    mode = f.String(load_default="ki", validate=ma.validate.OneOf(["ki", "ki_ke"]))
    accept = f.Boolean(load_default=False)


class FitSchema(ma.Schema):
    """A lot fit and its quality."""

    lot_id = f.Integer()
    mode = f.String()
    ki = f.Float()
    initial_pct = f.Float()
    ke = f.Float(allow_none=True)
    n_tests = f.Integer()
    rmse_pct = f.Float()
    rmse_probit = f.Float()
    r_squared = f.Float(allow_none=True)
    residuals = f.List(f.Nested(TestErrorSchema))
    accepted = f.Boolean()


class PlannerArgsSchema(ma.Schema):
    months = f.Integer(load_default=None, validate=ma.validate.Range(min=0, max=600))
    crop_id = record_id_field(load_default=None, allow_none=True)


class PlanRowSchema(ma.Schema):
    lot_id = f.Integer()
    lot_number = f.String()
    accession_id = f.Integer()
    accession_number = f.String()
    crop_code = f.String()
    location_code = f.String()
    initial_pct = f.Float()
    predicted_now_pct = f.Float()
    threshold_pct = f.Float()
    crossing = f.DateTime(allow_none=True)
    months_to_crossing = f.Float(allow_none=True)
    next_test_on = f.DateTime()
    next_test_driven_by = f.String()
    seed_count = f.Integer(allow_none=True)
    viable_seeds_now = f.Integer(allow_none=True)
    min_viable_seeds = f.Integer()
    measured_fraction = f.Float()
    ki_basis = f.String()
    substitute_constants = f.Boolean()
    last_test_on = f.Date(allow_none=True)
    last_test_pct = f.Float(allow_none=True)
    last_test_error_pct_points = f.Float(allow_none=True)


class WhatIfArgsSchema(ma.Schema):
    """A store excursion: location code, start (aware time), days, ΔT, ΔRH."""

    location = f.String(required=True)
    start = f.AwareDateTime(required=True, default_timezone=None)
    days = f.Float(required=True, validate=ma.validate.Range(min=0.04, max=3650))
    delta_temperature_c = f.Float(required=True, validate=ma.validate.Range(min=-40, max=60))
    delta_rh_pct = f.Float(load_default=0.0, validate=ma.validate.Range(min=-100, max=100))
    moved_more_than_days = f.Float(load_default=30.0, validate=ma.validate.Range(min=0))


class ShiftSchema(ma.Schema):
    lot_id = f.Integer()
    lot_number = f.String()
    old_crossing = f.DateTime(allow_none=True)
    new_crossing = f.DateTime(allow_none=True)
    shift_days = f.Float(allow_none=True)
    moved = f.Boolean()
    rank_before = f.Integer(metadata={"description": "place in the plan without the excursion"})
    rank_after = f.Integer(metadata={"description": "place in the plan with the excursion"})


class WhatIfSchema(ma.Schema):
    location = f.String()
    lots_considered = f.Integer()
    moved_count = f.Integer()
    moved_more_than_days = f.Float()
    shifts = f.List(f.Nested(ShiftSchema))
