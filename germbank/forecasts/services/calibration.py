"""Calibrating forecasts on the bank's own germination tests: propose a fit, then accept it.

Why: the bast-fibre constants are borrowed from cotton, and each lot starts from its own
quality. A fit is first shown with its quality (n, RMSE, R²) so the agronomist can judge it;
only an accepted fit changes forecasts, and accepting is audited. A lot fit stores Ki (and
KE when fitted for that lot); a crop fit sets the crop's KE and stores each lot's Ki under it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from germbank import audit
from germbank.extensions import db
from germbank.forecasts.services.climate import ClimateCache
from germbank.forecasts.services.constants import effective_constants
from germbank.forecasts.services.constants_edit import set_crop_ke
from germbank.forecasts.services.lot_forecasts import (
    ForecastUnavailable,
    LotForecast,
    forecast_lot,
    forecast_lots,
    result_of,
)
from germbank.forecasts.services.planner import planned_lots
from germbank.models.accessions import Crop
from germbank.models.forecasts import LotViabilityFit
from germbank.models.inventory import InventoryLot
from germbank.orm import utcnow
from germbank.viability.calibration import (
    CalibrationError,
    CalibrationFit,
    CropCalibration,
    fit_crop_ke,
    fit_ki,
    fit_ki_and_ke,
    rescaled_for_ke,
)

AUDIT_ENTITY = "lot_viability_fit"
FIT_MODES = ("ki", "ki_ke")
_UNCHANGED = "CW, CH, CQ unchanged: "


@dataclass(frozen=True)
class LotFitProposal:
    """A fit of one lot, not yet accepted; basis_* are the constants it was made under."""

    lot_id: int
    mode: str
    fit: CalibrationFit
    basis_ke: float
    basis_cw: float


@dataclass(frozen=True)
class CropFitProposal:
    """A common KE for a crop and, per lot, the Ki and fit quality under that KE."""

    crop_id: int
    calibration: CropCalibration
    basis_ke: float
    basis_cw: float
    lots: tuple[tuple[InventoryLot, CalibrationFit], ...]
    left_out: tuple[tuple[InventoryLot, str], ...]


def explain(error: Exception) -> str:
    """The reason a fit was refused, in the reader's language (the maths speaks English)."""
    text = str(error)
    for pattern, message in _REASONS:
        match = re.match(pattern, text)
        if match:
            return message(match)
    return text


_REASONS = (
    (r"fitting Ki needs at least one", lambda m: _("Fitting Ki needs at least one test.")),
    (
        r"fitting KE needs at least (\d+) tests, got (\d+)",
        lambda m: _(
            "Fitting KE needs at least %(need)s tests; there are %(have)s.",
            need=m.group(1),
            have=m.group(2),
        ),
    ),
    (
        r"the tests span only ([\d.]+) probit of predicted ageing; fitting KE needs at least "
        r"([\d.]+)",
        lambda m: _(
            "The tests span only %(spread)s probit of predicted ageing; fitting KE needs at "
            "least %(minimum)s. Tests further apart in time or storage conditions are needed.",
            spread=m.group(1),
            minimum=m.group(2),
        ),
    ),
    (
        r"the tests do not decline",
        lambda m: _(
            "The tests do not decline with predicted ageing, so KE cannot be fitted; dormancy "
            "or test variation is likely."
        ),
    ),
    (
        r"(\d+) lots with (\d+) tests: need at least (\d+)",
        lambda m: _(
            "%(lots)s lots with %(tests)s tests: a common KE needs at least %(need)s tests.",
            lots=m.group(1),
            tests=m.group(2),
            need=m.group(3),
        ),
    ),
    (r"no lot has germination tests", lambda m: _("No lot has germination tests.")),
)


def base_forecast(lot: InventoryLot, cache: ClimateCache) -> LotForecast:
    """The lot's forecast under its crop's constants, ignoring any accepted fit."""
    return forecast_lot(lot, cache, fit=None)


def propose_lot_fit(lot: InventoryLot, mode: str, cache: ClimateCache) -> LotFitProposal:
    """Fit Ki (mode "ki") or Ki and KE ("ki_ke") to the lot's tests.

    Raises CalibrationError (why the tests cannot support the fit) or ForecastUnavailable.
    """
    if mode not in FIT_MODES:
        raise CalibrationError(_("Unknown fit %(mode)s; use ki or ki_ke.", mode=mode))
    results = [result_of(t) for t in lot.germination_tests]
    if not results:
        raise CalibrationError(_("The lot has no germination test to fit."))
    base = base_forecast(lot, cache)
    fitter = fit_ki if mode == "ki" else fit_ki_and_ke
    fit = fitter(base.forecast, results)
    used = base.forecast.constants
    return LotFitProposal(lot.id, mode, fit, used.ke, used.cw)


def accept_lot_fit(lot: InventoryLot, proposal: LotFitProposal) -> LotViabilityFit:
    """Store a proposed lot fit as the lot's active one (audited; caller commits)."""
    if proposal.lot_id != lot.id:
        raise ValueError("the proposal belongs to another lot")
    return _store_fit(lot, proposal.fit, "lot", proposal.basis_ke, proposal.basis_cw)


def withdraw_lot_fit(lot: InventoryLot) -> bool:
    """Stop using the lot's accepted fit (kept for the record); False if it had none."""
    fits = list(
        db.session.scalars(
            sa.select(LotViabilityFit).where(
                LotViabilityFit.lot_id == lot.id, LotViabilityFit.is_active.is_(True)
            )
        )
    )
    for fit in fits:
        fit.is_active = False
        audit.record(AUDIT_ENTITY, fit.id, "update", {"is_active": [True, False]}, lot.lot_number)
    db.session.flush()
    return bool(fits)


def propose_crop_fit(crop: Crop, cache: ClimateCache) -> CropFitProposal:
    """A common KE for the crop from every active seed lot with tests (each keeps its Ki)."""
    lots = [lot for lot in planned_lots(crop_id=crop.id) if lot.germination_tests]
    forecasts, left_out = _base_forecasts(lots, cache)
    if not forecasts:
        raise CalibrationError(_("No lot of this crop has a germination test to fit."))
    pairs = [(f.forecast, [result_of(t) for t in f.lot.germination_tests]) for f in forecasts]
    calibration = fit_crop_ke(pairs)
    per_lot = []
    for lot_forecast, (prediction, results) in zip(forecasts, pairs, strict=True):
        rescaled = rescaled_for_ke(prediction, calibration.ke)
        per_lot.append((lot_forecast.lot, fit_ki(rescaled, results)))
    used = forecasts[0].forecast.constants
    return CropFitProposal(crop.id, calibration, used.ke, used.cw, tuple(per_lot), tuple(left_out))


def accept_crop_fit(crop: Crop, proposal: CropFitProposal) -> list[LotViabilityFit]:
    """Set the crop's KE and each lot's Ki from a proposed crop fit (audited)."""
    if proposal.crop_id != crop.id:
        raise ValueError("the proposal belongs to another crop")
    calibration = proposal.calibration
    # Stored as a citation in English, like the published sources it sits next to.
    source = (
        f"KE fitted on this bank's germination tests on {utcnow().date().isoformat()} "
        f"({len(proposal.lots)} lots, {calibration.n_tests} tests, RMSE "
        f"{calibration.rmse_pct:.1f} points). {_UNCHANGED}{_previous_source(crop)}"
    )
    set_crop_ke(crop, calibration.ke, source)
    return [
        _store_fit(lot, fit, "crop", calibration.ke, proposal.basis_cw)
        for lot, fit in proposal.lots
    ]


def _base_forecasts(lots, cache):
    done, skipped = forecast_lots(lots, cache)
    # forecast_lots applies accepted fits; the crop fit must start from the crop's constants.
    base, left_out = [], list(skipped)
    for lot_forecast in done:
        if lot_forecast.fit is None:
            base.append(lot_forecast)
            continue
        try:
            base.append(base_forecast(lot_forecast.lot, cache))
        except ForecastUnavailable as error:
            left_out.append((lot_forecast.lot, str(error)))
    return base, left_out


def _previous_source(crop: Crop) -> str:
    source = effective_constants(crop).constants.source
    return source.split(_UNCHANGED, 1)[-1] if _UNCHANGED in source else source


def _store_fit(lot, fit: CalibrationFit, scope: str, basis_ke: float, basis_cw: float):
    withdraw_lot_fit(lot)
    stored = LotViabilityFit(
        lot_id=lot.id,
        scope=scope,
        ki=fit.ki,
        initial_pct=fit.initial_pct,
        ke=fit.ke if scope == "lot" else None,
        basis_ke=basis_ke,
        basis_cw=basis_cw,
        n_tests=fit.n_tests,
        rmse_pct=fit.rmse_pct,
        rmse_probit=fit.rmse_probit,
        r_squared=fit.r_squared,
        fitted_by_id=(user.id if (user := audit.acting_user()) else None),
    )
    db.session.add(stored)
    db.session.flush()
    audit.record(AUDIT_ENTITY, stored.id, "create", audit.snapshot(stored), lot.lot_number)
    return stored
