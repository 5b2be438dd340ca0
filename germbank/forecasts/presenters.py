"""Plain dictionaries of forecasts, fits and constants, in the shapes of schemas.py."""

from __future__ import annotations

from typing import Any

from germbank.forecasts.services.calibration import LotFitProposal
from germbank.forecasts.services.constants import EffectiveConstants
from germbank.forecasts.services.lot_forecasts import LotForecast, TestComparison
from germbank.forecasts.services.whatif import WhatIfResult
from germbank.viability.calibration import PredictionError


def constants_record(effective: EffectiveConstants) -> dict[str, Any]:
    return {
        "crop_id": effective.crop_id,
        **effective.as_record(),
        "edited": sorted(effective.edited),
    }


def error_record(error: PredictionError, test_id=None, seeds_sown=None) -> dict[str, Any]:
    return {
        "test_id": test_id,
        "tested_on": error.tested_on,
        "seeds_sown": seeds_sown,
        "measured_pct": error.measured_pct,
        "predicted_pct": error.predicted_pct,
        "error_pct_points": error.error_pct_points,
        "error_probit": error.error_probit,
    }


def _test_record(test: TestComparison) -> dict[str, Any]:
    return error_record(test.error, test.test_id, test.seeds_sown)


def lot_forecast_record(lot_forecast: LotForecast) -> dict[str, Any]:
    prediction = lot_forecast.forecast
    return {
        "lot_id": lot_forecast.lot_id,
        "lot_number": lot_forecast.lot.lot_number,
        "initial_pct": lot_forecast.initial_pct,
        "predicted_now_pct": lot_forecast.predicted_now_pct,
        "threshold_pct": lot_forecast.threshold_pct,
        "crossing": lot_forecast.crossing,
        "ki": prediction.ki,
        "ki_basis": lot_forecast.ki_basis,
        "fit_is_stale": lot_forecast.fit_is_stale,
        "measured_fraction": prediction.measured_fraction,
        "setpoint_fill_days": prediction.setpoint_fill_days,
        "standard_interval_years": lot_forecast.standard_interval_years,
        "next_test": lot_forecast.next_test,
        "constants": constants_record(lot_forecast.constants),
        "stays": [
            {
                **vars(stay.summary),
                "climate_from": stay.climate_from,
                "setpoint_from": stay.setpoint_from,
            }
            for stay in lot_forecast.stays
        ],
        "tests": [_test_record(test) for test in lot_forecast.tests],
        "notes": list(lot_forecast.notes),
    }


def fit_record(proposal: LotFitProposal, accepted: bool) -> dict[str, Any]:
    fit = proposal.fit
    return {
        "lot_id": proposal.lot_id,
        "mode": proposal.mode,
        "ki": fit.ki,
        "initial_pct": fit.initial_pct,
        "ke": fit.ke,
        "n_tests": fit.n_tests,
        "rmse_pct": fit.rmse_pct,
        "rmse_probit": fit.rmse_probit,
        "r_squared": fit.r_squared,
        "residuals": [error_record(error) for error in fit.residuals],
        "accepted": accepted,
    }


def what_if_record(result: WhatIfResult) -> dict[str, Any]:
    return {
        "location": result.location.code,
        "lots_considered": result.lots_considered,
        "moved_count": result.moved_count,
        "moved_more_than_days": result.moved_more_than_days,
        "shifts": [
            {
                "lot_id": row.lot_forecast.lot_id,
                "lot_number": row.lot_forecast.lot.lot_number,
                "old_crossing": row.shift.old_crossing,
                "new_crossing": row.shift.new_crossing,
                "shift_days": row.shift.shift_days,
                "moved": row.shift.moved,
                "rank_before": row.rank_before,
                "rank_after": row.rank_after,
            }
            for row in result.rows
        ],
    }
