"""Seed moisture content from the store's air: equilibrium relations, configurable per crop.

Why: the viability equation needs seed moisture (% wet basis) but GermBank's sensors measure
air temperature and relative humidity. Seeds that are not hermetically sealed come to
equilibrium with the air, so an isotherm turns RH and T into moisture. Seeds sealed in foil
packets keep the moisture they were packed at, whatever the room does.

Three models, chosen per crop (or per lot) and stored as a small config mapping:
- "cromarty" (default): Cromarty, Ellis & Roberts (1982) The Design of Seed Storage Facilities
  for Genetic Conservation (IBPGR, Rome; revised 1985, 1990):
      1 − RH = exp(−[Me·(1.1 + T/90) / (1 − Do)]² / 440)
  Me moisture % dry basis, RH and Do (seed oil content, dry basis) as fractions, T in °C.
  Needs only the seed oil content, which is known for most crops; recommended for 0–40 °C and
  10–70 % RH for starchy seeds, 15–25 °C for oilseeds (so it extrapolates at 10–15 °C).
- "henderson": the modified Henderson isotherm (ASAE standard D245),
      1 − RH = exp(−K·(T + C)·Me^N),
  for crops where fitted K, N, C exist (none found for the bast-fibre crops).
- "sealed": fixed moisture content (% wet) for hermetic packaging.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

import numpy as np


def wet_to_dry(moisture_wet_pct):
    """% wet (fresh-weight) basis → % dry basis."""
    wet = np.asarray(moisture_wet_pct, dtype=float)
    result = 100.0 * wet / (100.0 - wet)
    return float(result) if result.ndim == 0 else result


def dry_to_wet(moisture_dry_pct):
    """% dry basis → % wet (fresh-weight) basis, the basis of the viability equation."""
    dry = np.asarray(moisture_dry_pct, dtype=float)
    result = 100.0 * dry / (100.0 + dry)
    return float(result) if result.ndim == 0 else result


def _checked_rh(rh_pct) -> np.ndarray:
    """RH as a fraction, refusing values that are not humidities."""
    rh = np.asarray(rh_pct, dtype=float)
    if np.any(~np.isfinite(rh)) or np.any((rh < 0) | (rh > 100)):
        raise ValueError("relative humidity must be between 0 and 100 %")
    return rh / 100.0


def _scalar_or_array(value: np.ndarray):
    return float(value) if value.ndim == 0 else value


class MoistureModel(Protocol):
    """Anything that turns air RH (%) and temperature (°C) into seed moisture (% wet)."""

    def moisture_wet(self, rh_pct, temperature_c): ...

    def to_config(self) -> dict: ...


@dataclass(frozen=True)
class CromartyIsotherm:
    """Oil-content isotherm of Cromarty, Ellis & Roberts (1982); see module docstring."""

    oil_content_pct: float

    def __post_init__(self) -> None:
        if not 0 <= self.oil_content_pct < 100:
            raise ValueError("seed oil content must be between 0 and 100 % (dry basis)")

    def moisture_wet(self, rh_pct, temperature_c):
        """Equilibrium seed moisture, % wet basis (100 % RH gives infinity: saturated)."""
        rh = _checked_rh(rh_pct)
        temperature = np.asarray(temperature_c, dtype=float)
        with np.errstate(divide="ignore"):
            dry = (
                (1.0 - self.oil_content_pct / 100.0)
                * np.sqrt(-440.0 * np.log1p(-rh))
                / (1.1 + temperature / 90.0)
            )
        return _scalar_or_array(np.asarray(dry_to_wet(dry)))

    def equilibrium_rh(self, moisture_wet_pct, temperature_c):
        """RH (%) in equilibrium with seed at a moisture content: the inverse relation."""
        dry = np.asarray(wet_to_dry(moisture_wet_pct))
        temperature = np.asarray(temperature_c, dtype=float)
        term = dry * (1.1 + temperature / 90.0) / (1.0 - self.oil_content_pct / 100.0)
        return _scalar_or_array(100.0 * (1.0 - np.exp(-(term**2) / 440.0)))

    def to_config(self) -> dict:
        return {"model": "cromarty", "oil_content_pct": self.oil_content_pct}


@dataclass(frozen=True)
class ModifiedHendersonIsotherm:
    """Modified Henderson isotherm 1 − RH = exp(−K(T + C)·Me^N), Me in % dry basis."""

    k: float
    n: float
    c: float

    def __post_init__(self) -> None:
        if self.k <= 0 or self.n <= 0:
            raise ValueError("Henderson K and N must be positive")

    def moisture_wet(self, rh_pct, temperature_c):
        rh = _checked_rh(rh_pct)
        temperature = np.asarray(temperature_c, dtype=float)
        if np.any(temperature + self.c <= 0):
            raise ValueError(f"Henderson isotherm undefined at or below {-self.c} °C")
        with np.errstate(divide="ignore"):
            dry = (-np.log1p(-rh) / (self.k * (temperature + self.c))) ** (1.0 / self.n)
        return _scalar_or_array(np.asarray(dry_to_wet(dry)))

    def to_config(self) -> dict:
        return {"model": "henderson", "k": self.k, "n": self.n, "c": self.c}


@dataclass(frozen=True)
class SealedMoisture:
    """Hermetically sealed seed: moisture stays at the packing value whatever the air does."""

    moisture_wet_pct: float

    def __post_init__(self) -> None:
        if not 0 < self.moisture_wet_pct < 100:
            raise ValueError("sealed moisture content must be between 0 and 100 % (wet basis)")

    def moisture_wet(self, rh_pct, temperature_c):
        shape = np.broadcast(np.asarray(rh_pct), np.asarray(temperature_c)).shape
        return _scalar_or_array(np.full(shape, self.moisture_wet_pct))

    def to_config(self) -> dict:
        return {"model": "sealed", "moisture_wet_pct": self.moisture_wet_pct}


@dataclass(frozen=True)
class OilContent:
    """Typical seed oil content (% dry basis) for a crop, with its source."""

    percent: float
    source: str
    is_estimate: bool


_GENERIC = "No measured value found; generic placeholder for a moderately oily dicot seed."
DEFAULT_OIL_CONTENT: dict[str, OilContent] = {
    "kenaf": OilContent(
        20.0,
        "Coetzee et al. (2008), Fatty acid and oil variation in seed from kenaf (Hibiscus "
        "cannabinus L.): 19.8 % on average over eight varieties.",
        False,
    ),
    "jute": OilContent(
        13.0,
        "Corchorus olitorius seeds contain 11.3–14.8 % oil (Duke 1983, Handbook of Energy "
        "Crops, citing Watt & Breyer-Brandwijk 1962).",
        False,
    ),
    "hemp": OilContent(30.0, "Commonly reported 30–35 % of seed weight; to verify.", True),
    "flax": OilContent(40.0, "Typical linseed oil content 35–45 %; to verify.", True),
    "ramie": OilContent(20.0, _GENERIC, True),
    "sisal": OilContent(20.0, _GENERIC, True),
    "abutilon": OilContent(20.0, _GENERIC, True),
    "apocynum": OilContent(20.0, _GENERIC, True),
}


def default_moisture_model(crop: str) -> CromartyIsotherm:
    """The Cromarty isotherm with the crop's default oil content."""
    oil = DEFAULT_OIL_CONTENT.get(crop.strip().lower())
    if oil is None:
        raise KeyError(f"no default oil content for crop {crop!r}")
    return CromartyIsotherm(oil.percent)


def moisture_model_from_config(config: Mapping) -> MoistureModel:
    """Build a model from its stored config, e.g. {"model": "cromarty", "oil_content_pct": 20}."""
    kind = config.get("model")
    try:
        if kind == "cromarty":
            return CromartyIsotherm(float(config["oil_content_pct"]))
        if kind == "henderson":
            return ModifiedHendersonIsotherm(
                float(config["k"]), float(config["n"]), float(config["c"])
            )
        if kind == "sealed":
            return SealedMoisture(float(config["moisture_wet_pct"]))
    except KeyError as missing:
        raise ValueError(f"moisture model {kind!r} config lacks {missing.args[0]!r}") from None
    except (TypeError, ValueError) as bad:
        raise ValueError(f"moisture model {kind!r} config is invalid: {bad}") from None
    raise ValueError(f"unknown moisture model {kind!r}; use cromarty, henderson or sealed")
