"""Comparing germination tests with the forecast, and fitting Ki and KE to them.

Why: published constants are averages over other seed lots (and for most bast-fibre crops
borrowed from cotton). Each lot's tests tell how far off the forecast is; with them GermBank
re-estimates the lot's initial quality Ki and, when the tests span enough ageing, the species
constant KE, and says how good the fit is.

Method (least squares in probit space, unweighted): with the climate history fixed, the loss
to each test date under the current constants is L_j. Then
- Ki only:  v_j = Ki − L_j             → Ki = mean(v_j + L_j)
- Ki and KE: v_j = Ki − s·L_j, s = 10^(KE_current − KE_new)  (ordinary linear regression)
because 1/σ is proportional to 10^−KE: changing KE rescales every loss by the same factor, so
KE is fitted without re-integrating the history. Crop-level KE pools lots: one Ki per lot and a
common s.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

import numpy as np

from germbank.viability.equation import percent_to_probit, probit_to_percent
from germbank.viability.history import ViabilityForecast


class CalibrationError(ValueError):
    """The tests cannot support the requested fit; the message says why."""


@dataclass(frozen=True)
class GerminationResult:
    """One germination test of a lot: normal seedlings as % of seeds sown."""

    tested_on: datetime | date
    germination_pct: float
    seeds_tested: int | None = None

    @property
    def probit(self) -> float:
        return percent_to_probit(self.germination_pct, seeds_tested=self.seeds_tested)


@dataclass(frozen=True)
class PredictionError:
    """A test next to its prediction; errors are measured minus predicted."""

    tested_on: datetime | date
    measured_pct: float
    predicted_pct: float
    error_pct_points: float
    error_probit: float


@dataclass(frozen=True)
class CalibrationFit:
    """Result of fitting one lot. ke is None when only Ki was fitted."""

    ki: float
    initial_pct: float
    ke: float | None
    n_tests: int
    rmse_pct: float
    rmse_probit: float
    r_squared: float | None
    residuals: tuple[PredictionError, ...]


@dataclass(frozen=True)
class CropCalibration:
    """A common KE for a crop from several lots' tests, with each lot's own Ki."""

    ke: float
    lot_kis: tuple[float, ...]
    n_tests: int
    rmse_pct: float
    rmse_probit: float
    r_squared: float | None


def compare(forecast: ViabilityForecast, result: GerminationResult) -> PredictionError:
    """The error of the forecast on one test, in percentage points and in probits."""
    predicted_probit = forecast.probit_at(result.tested_on)
    predicted_pct = probit_to_percent(predicted_probit)
    return PredictionError(
        tested_on=result.tested_on,
        measured_pct=float(result.germination_pct),
        predicted_pct=predicted_pct,
        error_pct_points=float(result.germination_pct) - predicted_pct,
        error_probit=result.probit - predicted_probit,
    )


def fit_ki(forecast: ViabilityForecast, results: Sequence[GerminationResult]) -> CalibrationFit:
    """Best Ki for a lot given its tests and climate history (one test suffices)."""
    if not results:
        raise CalibrationError("fitting Ki needs at least one germination test")
    observed = np.array([r.probit for r in results])
    losses = np.array([forecast.loss_at(r.tested_on) for r in results])
    ki = float(np.mean(observed + losses))
    return _summarise(forecast.with_ki(ki), results, ke=None, free_parameters=1)


def fit_ki_and_ke(
    forecast: ViabilityForecast,
    results: Sequence[GerminationResult],
    *,
    min_tests: int = 3,
    min_loss_spread_probit: float = 0.25,
) -> CalibrationFit:
    """Ki and KE for a lot, when at least `min_tests` tests span enough predicted ageing.

    The spread rule: the predicted losses at the test dates must differ by at least
    `min_loss_spread_probit` (a 100-seed test has a sampling error of about 0.15–0.2 probit),
    otherwise the slope would be fitted to noise.
    """
    if len(results) < min_tests:
        raise CalibrationError(f"fitting KE needs at least {min_tests} tests, got {len(results)}")
    observed = np.array([r.probit for r in results])
    losses = np.array([forecast.loss_at(r.tested_on) for r in results])
    _require_spread(losses.max() - losses.min(), min_loss_spread_probit)
    slope, intercept = np.polyfit(losses, observed, 1)
    scale = -float(slope)
    if scale <= 0:
        raise CalibrationError(
            "the tests do not decline with predicted ageing (germination rose or stayed "
            "level), so KE cannot be fitted; dormancy or test variation is likely"
        )
    new_ke = forecast.constants.ke - float(np.log10(scale))
    fitted = rescaled_for_ke(forecast, new_ke).with_ki(float(intercept))
    return _summarise(fitted, results, ke=new_ke, free_parameters=2)


def fit_crop_ke(
    lots: Sequence[tuple[ViabilityForecast, Sequence[GerminationResult]]],
    *,
    min_loss_spread_probit: float = 0.25,
) -> CropCalibration:
    """A common KE for a crop from several lots (each keeps its own Ki).

    All forecasts must use the same constants. Needs at least two tests more than lots, and
    at least one lot whose tests span `min_loss_spread_probit` of predicted ageing.
    """
    lots = [(f, list(r)) for f, r in lots if r]
    if not lots:
        raise CalibrationError("no lot has germination tests")
    kes = {f.constants.ke for f, _ in lots}
    if len(kes) != 1:
        raise CalibrationError("all lots must be forecast with the same KE to pool them")
    rows, observed, losses = [], [], []
    for lot, (forecast, results) in enumerate(lots):
        for result in results:
            rows.append(lot)
            observed.append(result.probit)
            losses.append(forecast.loss_at(result.tested_on))
    rows, observed, losses = np.array(rows), np.array(observed), np.array(losses)
    if len(observed) < len(lots) + 2:
        raise CalibrationError(
            f"{len(lots)} lots with {len(observed)} tests: need at least {len(lots) + 2} tests"
        )
    spreads = [np.ptp(losses[rows == lot]) for lot in range(len(lots))]
    _require_spread(max(spreads), min_loss_spread_probit)
    design = np.column_stack([np.eye(len(lots))[rows], -losses])
    solution, *_ = np.linalg.lstsq(design, observed, rcond=None)
    scale = float(solution[-1])
    if scale <= 0:
        raise CalibrationError(
            "the tests do not decline with predicted ageing; KE cannot be fitted"
        )
    predicted = design @ solution
    measured_pct = np.array([probit_to_percent(v) for v in observed])
    predicted_pct = np.array([probit_to_percent(v) for v in predicted])
    return CropCalibration(
        ke=next(iter(kes)) - float(np.log10(scale)),
        lot_kis=tuple(float(k) for k in solution[:-1]),
        n_tests=len(observed),
        rmse_pct=_rmse(measured_pct - predicted_pct),
        rmse_probit=_rmse(observed - predicted),
        r_squared=_r_squared(observed, predicted),
    )


def rescaled_for_ke(forecast: ViabilityForecast, ke: float) -> ViabilityForecast:
    """The same history under another KE: every loss rate scales by 10^(KE_old − KE_new)."""
    factor = 10.0 ** (forecast.constants.ke - ke)
    return replace(
        forecast,
        constants=replace(forecast.constants, ke=float(ke)),
        rate=forecast.rate * factor,
        cumulative_loss=forecast.cumulative_loss * factor,
        forward_rate=forecast.forward_rate * factor,
    )


def _require_spread(spread: float, minimum: float) -> None:
    if spread < minimum:
        raise CalibrationError(
            f"the tests span only {spread:.2f} probit of predicted ageing; fitting KE needs "
            f"at least {minimum:.2f} (tests further apart in time or conditions)"
        )


def _summarise(fitted, results, *, ke, free_parameters) -> CalibrationFit:
    residuals = tuple(compare(fitted, r) for r in results)
    observed = np.array([r.probit for r in results])
    predicted = observed - np.array([e.error_probit for e in residuals])
    meaningful = len(results) >= 3 and len(results) > free_parameters
    return CalibrationFit(
        ki=fitted.ki,
        initial_pct=probit_to_percent(fitted.ki),
        ke=ke,
        n_tests=len(results),
        rmse_pct=_rmse(np.array([e.error_pct_points for e in residuals])),
        rmse_probit=_rmse(np.array([e.error_probit for e in residuals])),
        r_squared=_r_squared(observed, predicted) if meaningful else None,
        residuals=residuals,
    )


def _rmse(errors: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(errors))))


def _r_squared(observed: np.ndarray, predicted: np.ndarray) -> float | None:
    """1 − SS_res/SS_tot in probit space; None when the tests do not vary at all."""
    total = float(np.sum((observed - observed.mean()) ** 2))
    if total <= 1e-12:
        return None
    return 1.0 - float(np.sum((observed - predicted) ** 2)) / total
