"""One lot's viability forecast from its stays, their locations' climate and its crop's constants.

Why: this is where the database meets the pure model. A lot's movements give its stays; the
climate cache gives each stay's measured hourly climate (set point where missing, flagged);
the crop gives constants and the seed-moisture relation; the lot's accepted fit, else its
initial germination, else its first test, gives Ki. The result carries everything the lot
page needs to explain itself, and a lot that cannot be forecast gets a reason, not an error
page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import gettext as _

from germbank.accessions.services.lots import location_history
from germbank.extensions import db
from germbank.forecasts.services.climate import ClimateCache, ClimateUnavailable
from germbank.forecasts.services.constants import (
    ConstantsUnavailable,
    EffectiveConstants,
    effective_constants,
    settings_for,
)
from germbank.forecasts.services.intervals import standard_interval_years
from germbank.forecasts.services.timelines import LocationTimelines
from germbank.models.accessions import Accession, Crop
from germbank.models.forecasts import LotViabilityFit
from germbank.models.inventory import GerminationTest, InventoryLot
from germbank.viability.calibration import (
    GerminationResult,
    PredictionError,
    compare,
    fit_ki,
)
from germbank.viability.equation import percent_to_probit
from germbank.viability.exposure import Stay, build_exposure
from germbank.viability.history import StaySummary, ViabilityForecast, forecast
from germbank.viability.planning import NextTest, next_test_date, regeneration_threshold_pct

DAYS_PER_YEAR = 365.25
# Seeds assumed behind a 100 % initial germination when no test says how many were sown:
# the ISTA standard test (4 × 100 seeds).
ASSUMED_SEEDS_TESTED = 400


class ForecastUnavailable(ValueError):
    """The lot cannot be forecast; the message tells the agronomist what is missing."""


@dataclass(frozen=True)
class TestComparison:
    """A germination test next to what the forecast predicted for its date."""

    test_id: int
    seeds_sown: int
    error: PredictionError


@dataclass(frozen=True)
class StayExplanation:
    """One stay, as the "why" panel shows it: where, how long, what climate, what it cost."""

    summary: StaySummary
    location_id: int
    climate_from: str | None
    setpoint_from: str
    setpoint_temperature_c: float
    setpoint_rh_pct: float


@dataclass(frozen=True)
class LotForecast:
    """A lot's forecast with everything needed to plan from it and to explain it."""

    lot: InventoryLot
    crop: Crop
    forecast: ViabilityForecast
    constants: EffectiveConstants
    ki_basis: str  # "fit" | "initial" | "first_test"
    fit: LotViabilityFit | None
    fit_is_stale: bool
    initial_pct: float
    threshold_pct: float
    crossing: datetime | None
    predicted_now_pct: float
    tests: tuple[TestComparison, ...]
    next_test: NextTest
    standard_interval_years: int
    notes: tuple[str, ...]
    cache: ClimateCache

    @property
    def lot_id(self) -> int:
        return self.lot.id

    @property
    def next_test_due_now(self) -> bool:
        """The next test's date has come (the forecast passed the margin already)."""
        return self.next_test.due_on <= self.cache.until

    @cached_property
    def stays(self) -> tuple[StayExplanation, ...]:
        """Per stay, where the viability went (computed only for pages that explain it)."""
        return tuple(_explain(self.forecast, self.cache))


def lots_query():
    """Seed lots with everything a forecast reads, loaded in a handful of queries."""
    return sa.select(InventoryLot).options(
        so.selectinload(InventoryLot.movements),
        so.selectinload(InventoryLot.germination_tests),
        so.selectinload(InventoryLot.accession)
        .selectinload(Accession.crop)
        .selectinload(Crop.taxa),
    )


def active_fits(lot_ids: Iterable[int]) -> dict[int, LotViabilityFit]:
    """The newest active fit of each lot."""
    ids = list(set(lot_ids))
    if not ids:
        return {}
    rows = db.session.scalars(
        sa.select(LotViabilityFit)
        .where(LotViabilityFit.lot_id.in_(ids), LotViabilityFit.is_active.is_(True))
        .order_by(LotViabilityFit.fitted_at, LotViabilityFit.id)
    )
    return {row.lot_id: row for row in rows}


def forecast_lot(
    lot: InventoryLot,
    cache: ClimateCache,
    *,
    fit: LotViabilityFit | None | bool = True,
    constants: EffectiveConstants | None = None,
    timelines: LocationTimelines | None = None,
) -> LotForecast:
    """Forecast one lot (raises ForecastUnavailable with the reason when it cannot).

    timelines: shared room timelines (many lots at once); without them the lot's exposure is
    built and integrated on its own, with the same result.
    """
    crop = _crop_of(lot)
    if constants is None:
        try:
            constants = effective_constants(crop)
        except ConstantsUnavailable as error:
            raise ForecastUnavailable(str(error)) from None
    if fit is True:
        fit = active_fits([lot.id]).get(lot.id)
    stays, notes = _stays(lot, cache)
    used = constants.constants
    if fit is not None and fit.ke is not None:
        used = replace(used, ke=fit.ke)
    try:
        if timelines is not None:
            base = timelines.forecast(stays, used, constants.moisture_model, 0.0)
        else:
            base = _forecast_alone(stays, cache, used, constants.moisture_model)
    except ValueError as error:
        raise ForecastUnavailable(
            _("The lot's storage history is inconsistent: %(error)s", error=error)
        ) from None
    tests = [t for t in lot.germination_tests if t.result_pct is not None]
    initial_pct, ki, ki_basis = _initial(lot, tests, fit, base, notes)
    try:
        prediction = base.with_ki(ki)
        threshold = regeneration_threshold_pct(initial_pct, float(crop.regeneration_threshold))
    except ValueError as error:
        raise ForecastUnavailable(str(error)) from None
    stale = fit is not None and _fit_is_stale(fit, constants)
    if stale:
        notes.append(_("The accepted fit was made under other crop constants; fit again."))
    interval = standard_interval_years(lot, crop, cache)
    last_test_on = tests[-1].tested_on if tests else prediction.start
    return LotForecast(
        lot=lot,
        crop=crop,
        forecast=prediction,
        constants=constants,
        ki_basis=ki_basis,
        fit=fit,
        fit_is_stale=stale,
        initial_pct=initial_pct,
        threshold_pct=threshold,
        crossing=prediction.crossing_date(threshold),
        predicted_now_pct=prediction.percent_at(cache.until),
        tests=tuple(_compare(prediction, t) for t in tests),
        next_test=next_test_date(
            prediction,
            threshold_pct=threshold,
            last_test_on=last_test_on,
            standard_interval_days=interval * DAYS_PER_YEAR,
        ),
        standard_interval_years=interval,
        notes=tuple(notes),
        cache=cache,
    )


def forecast_lots(
    lots: Sequence[InventoryLot], cache: ClimateCache
) -> tuple[list[LotForecast], list[tuple[InventoryLot, str]]]:
    """Forecast many lots sharing one climate cache; returns (forecasts, [(lot, reason)])."""
    fits = active_fits(lot.id for lot in lots)
    crops = {lot.accession.crop.id: lot.accession.crop for lot in lots if lot.accession.crop}
    settings = settings_for(crops)
    constants: dict[int, EffectiveConstants | str] = {}
    for crop_id, crop in crops.items():
        try:
            constants[crop_id] = effective_constants(crop, settings.get(crop_id))
        except ConstantsUnavailable as error:
            constants[crop_id] = str(error)
    timelines = LocationTimelines(cache)
    for lot in lots:
        try:
            timelines.reserve(_stays(lot, cache)[0])
        except ForecastUnavailable:
            continue  # the lot's own forecast below says why
    done, skipped = [], []
    for lot in lots:
        crop = lot.accession.crop
        chosen = constants.get(crop.id) if crop else None
        try:
            if isinstance(chosen, str):
                raise ForecastUnavailable(chosen)
            done.append(
                forecast_lot(
                    lot, cache, fit=fits.get(lot.id), constants=chosen, timelines=timelines
                )
            )
        except ForecastUnavailable as error:
            skipped.append((lot, str(error)))
    return done, skipped


def result_of(test: GerminationTest) -> GerminationResult:
    """A stored test as the calibration maths reads it."""
    return GerminationResult(test.tested_on, float(test.result_pct), test.seeds_sown)


def _crop_of(lot: InventoryLot) -> Crop:
    if lot.kind != "seed":
        raise ForecastUnavailable(_("Forecasts are for seed lots; this lot holds living plants."))
    crop = lot.accession.crop
    if crop is None:
        raise ForecastUnavailable(_("The accession has no crop, so no viability constants apply."))
    return crop


def _stays(lot: InventoryLot, cache: ClimateCache) -> tuple[list[Stay], list[str]]:
    history = location_history(lot)
    if not history:
        raise ForecastUnavailable(_("The lot was never placed in a storage location."))
    stays, notes = [], []
    for location_id, start, end in history:
        try:
            setpoint = cache.setpoint(location_id)
        except ClimateUnavailable as error:
            raise ForecastUnavailable(str(error)) from None
        stays.append(Stay(cache.code(location_id), start, end, setpoint))
    if history[-1][2] is not None:
        notes.append(_("The lot left storage; its history ends there."))
    return stays, notes


def _forecast_alone(stays, cache: ClimateCache, constants, model) -> ViabilityForecast:
    """The lot's forecast (Ki 0) from its own exposure, without shared timelines."""
    climate = {s.location: cache.series(cache.id_of(s.location)) for s in stays}
    exposure = build_exposure(stays, {k: v for k, v in climate.items() if v}, cache.until)
    return forecast(exposure, constants, model, 0.0)


def _initial(lot, tests, fit, base: ViabilityForecast, notes):
    """(initial % for the threshold, Ki in probits, where Ki comes from)."""
    initial = lot.initial_germination_pct
    initial_pct = float(initial) if initial is not None else None
    if initial_pct is None and tests:
        initial_pct = float(tests[0].result_pct)
        notes.append(_("No initial germination recorded; the first test stands in for it."))
    if initial_pct is None:
        raise ForecastUnavailable(_("The lot has no initial germination and no germination test."))
    if initial_pct <= 0:
        raise ForecastUnavailable(_("The lot's initial germination is zero: nothing to forecast."))
    if fit is not None:
        return initial_pct, fit.ki, "fit"
    if initial is not None:
        seeds = tests[0].seeds_sown if tests else None
        if initial_pct >= 100 and seeds is None:
            seeds = ASSUMED_SEEDS_TESTED
            notes.append(
                _("An initial germination of 100 percent was read as 399.75 of 400 seeds.")
            )
        return initial_pct, percent_to_probit(initial_pct, seeds_tested=seeds), "initial"
    return initial_pct, fit_ki(base, [result_of(tests[0])]).ki, "first_test"


def _fit_is_stale(fit: LotViabilityFit, effective: EffectiveConstants) -> bool:
    current = effective.constants
    ke_changed = fit.ke is None and abs(fit.basis_ke - current.ke) > 1e-9
    return ke_changed or abs(fit.basis_cw - current.cw) > 1e-9


def _compare(prediction: ViabilityForecast, test: GerminationTest) -> TestComparison:
    return TestComparison(test.id, test.seeds_sown, compare(prediction, result_of(test)))


def _explain(prediction: ViabilityForecast, cache: ClimateCache) -> list[StayExplanation]:
    explained = []
    for summary in prediction.stay_summaries():
        location_id = cache.id_of(summary.location)
        sensed = cache.sensed_location(location_id)
        setpoint_place = cache.setpoint_location(location_id)
        explained.append(
            StayExplanation(
                summary=summary,
                location_id=location_id,
                climate_from=sensed.code if sensed else None,
                setpoint_from=setpoint_place.code,
                setpoint_temperature_c=float(setpoint_place.setpoint_temperature),
                setpoint_rh_pct=float(setpoint_place.setpoint_humidity),
            )
        )
    return explained
