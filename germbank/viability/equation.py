"""The Ellis & Roberts (1980) seed viability equation, as pure functions.

    v = Ki − p / σ
    log10 σ = KE − CW·log10 m − CH·T − CQ·T²

v      viability after p days of storage, in probits
Ki     the seed lot's initial viability, in probits (a lot constant)
σ      days to lose one probit at constant conditions (the "standard deviation of seed deaths")
m      seed moisture content, % wet (fresh-weight) basis
T      storage temperature, °C
KE, CW species constants; CH = 0.0329 and CQ = 0.000478 are close to universal (Dickie et al.
       1990, Annals of Botany 65: 197–204) but a species set may carry its own.

Source: Ellis, R.H. & Roberts, E.H. (1980) Improved equations for the prediction of seed
longevity. Annals of Botany 45: 13–30. The rearrangements p = σ(Ki − v) and the inverse for m
are the ones used by the Kew Seed Information Database viability utility and by the R package
viabilitymetrics (Aravind et al., ICAR-NBPGR).

Probit convention: GermBank uses normal equivalent deviates (NED, the "probit" without the
historical +5 offset), as the Kew utility and viabilitymetrics do: 50 % ↔ 0, 84.1 % ↔ +1.
The equation is linear in v, so the offset cancels; only Ki must use the same convention.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

UNIVERSAL_CH = 0.0329
UNIVERSAL_CQ = 0.000478
_STANDARD_NORMAL = NormalDist()

# Range over which the equation has been validated (viabilitymetrics documentation, from
# Ellis & Roberts 1980 and later work): −20 to 90 °C and 5 to 25 % moisture (wet basis).
VALID_TEMPERATURE_C = (-20.0, 90.0)
VALID_MOISTURE_PCT = (5.0, 25.0)


@dataclass(frozen=True)
class SpeciesConstants:
    """The four constants of the improved viability equation for one species."""

    ke: float
    cw: float
    ch: float = UNIVERSAL_CH
    cq: float = UNIVERSAL_CQ

    def __post_init__(self) -> None:
        for name in ("ke", "cw", "ch", "cq"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or not np.isfinite(value):
                raise ValueError(f"viability constant {name.upper()} must be a finite number")
        if self.cw <= 0:
            raise ValueError("viability constant CW must be positive (drier seed lives longer)")


def percent_to_probit(percent: float, *, seeds_tested: int | None = None) -> float:
    """Probit (NED) of a germination percentage.

    0 % and 100 % have infinite probits; a test result of 0 or 100 % is therefore moved a
    quarter seed inwards, (n − ¼)/n, the usual correction in probit analysis, which needs the
    number of seeds tested. Without it such a result is refused rather than guessed.
    """
    if not isinstance(percent, int | float) or not np.isfinite(percent):
        raise ValueError(f"germination percentage must be a finite number, got {percent!r}")
    if not 0.0 <= percent <= 100.0:
        raise ValueError(f"germination percentage must be between 0 and 100, got {percent}")
    if percent in (0.0, 100.0):
        if seeds_tested is None or seeds_tested <= 0:
            raise ValueError(
                f"a germination of {percent:g} % has no finite probit; "
                "give seeds_tested so it can be corrected by a quarter seed"
            )
        quarter_seed = 100.0 / (4.0 * seeds_tested)
        percent = quarter_seed if percent == 0.0 else 100.0 - quarter_seed
    return _STANDARD_NORMAL.inv_cdf(percent / 100.0)


def probit_to_percent(probit: float) -> float:
    """Germination percentage of a probit (NED)."""
    return 100.0 * _STANDARD_NORMAL.cdf(float(probit))


def log10_sigma(temperature_c, moisture_pct, constants: SpeciesConstants):
    """log10 σ (σ in days) for scalars or numpy arrays of temperature and moisture (% wet)."""
    moisture = np.asarray(moisture_pct, dtype=float)
    if np.any(moisture <= 0):
        raise ValueError("seed moisture content must be positive (% wet basis)")
    temperature = np.asarray(temperature_c, dtype=float)
    value = (
        constants.ke
        - constants.cw * np.log10(moisture)
        - constants.ch * temperature
        - constants.cq * temperature**2
    )
    return float(value) if value.ndim == 0 else value


def sigma_days(temperature_c, moisture_pct, constants: SpeciesConstants):
    """σ: days to lose one probit of viability at constant temperature and moisture."""
    return 10.0 ** log10_sigma(temperature_c, moisture_pct, constants)


def loss_rate_per_day(temperature_c, moisture_pct, constants: SpeciesConstants):
    """1/σ: probits lost per day; the quantity integrated over a varying climate."""
    return 10.0 ** (-log10_sigma(temperature_c, moisture_pct, constants))


def viability_probit(ki: float, days: float, sigma: float) -> float:
    """v = Ki − p/σ at constant conditions."""
    if sigma <= 0:
        raise ValueError("sigma must be positive")
    return ki - days / sigma


def predict_percent(
    initial_percent: float,
    days: float,
    temperature_c: float,
    moisture_pct: float,
    constants: SpeciesConstants,
) -> float:
    """Germination % after `days` at constant temperature and moisture (the textbook case)."""
    ki = percent_to_probit(initial_percent)
    sigma = sigma_days(temperature_c, moisture_pct, constants)
    return probit_to_percent(viability_probit(ki, days, sigma))


def days_to_reach(
    initial_percent: float,
    final_percent: float,
    temperature_c: float,
    moisture_pct: float,
    constants: SpeciesConstants,
) -> float:
    """p = σ(Ki − v): storage days until germination falls from initial to final %."""
    if final_percent > initial_percent:
        raise ValueError("final germination must not exceed the initial germination")
    sigma = sigma_days(temperature_c, moisture_pct, constants)
    return sigma * (percent_to_probit(initial_percent) - percent_to_probit(final_percent))


def moisture_for(
    initial_percent: float,
    final_percent: float,
    days: float,
    temperature_c: float,
    constants: SpeciesConstants,
) -> float:
    """Seed moisture (% wet) at which germination falls from initial to final % in `days`.

    m = 10^[(KE − CH·T − CQ·T² − log10(p / (Ki − v))) / CW], answering "how dry must it be?".
    """
    drop = percent_to_probit(initial_percent) - percent_to_probit(final_percent)
    if drop <= 0 or days <= 0:
        raise ValueError("need a positive storage period and a final below the initial %")
    exponent = (
        constants.ke
        - constants.ch * temperature_c
        - constants.cq * temperature_c**2
        - np.log10(days / drop)
    ) / constants.cw
    return float(10.0**exponent)
