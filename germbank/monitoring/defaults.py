"""Default alarm thresholds per store climate class, from the bank's standards file.

Why data, not code paths: every number is a configurable default (FAO Genebank Standards 2014
and Chinese practice, see ``shared/reference/genebank-standards.md``). A location's thresholds
are pre-filled from here once and are then edited per location by technicians.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_GRACE_MINUTES = 15


@dataclass(frozen=True, slots=True)
class DefaultThreshold:
    """A suggested safe range for one metric of a climate class."""

    metric: str
    minimum: float | None
    maximum: float | None
    severity: str = "warning"
    grace_minutes: int = DEFAULT_GRACE_MINUTES


# Seed stores: humidity above the range is what ages seed fastest, so it is critical.
CLIMATE_DEFAULTS: dict[str, tuple[DefaultThreshold, ...]] = {
    # Drying room: 5-20 °C, 10-25 %RH (dry to equilibrium before packing, FAO 4.2.1).
    "drying": (
        DefaultThreshold("temperature", 5.0, 20.0),
        DefaultThreshold("humidity", 10.0, 25.0, "critical"),
    ),
    # Base collection: -18 ± 3 °C; sealed containers, the room's RH is not the seed's.
    "base": (DefaultThreshold("temperature", -21.0, -15.0, "critical"),),
    # Medium-term: 0-10 °C covers FAO's 5-10 °C and Chinese 0-5 °C stores; room RH ≤ 40 %.
    "medium_term": (
        DefaultThreshold("temperature", 0.0, 10.0, "critical"),
        DefaultThreshold("humidity", None, 40.0, "critical"),
    ),
    # Short-term (the Yuanjiang store): 10-15 °C, alarm above 60 %RH; below 40 % is unusual
    # enough (a failing humidifier/sensor) to be worth a warning.
    "short_term": (
        DefaultThreshold("temperature", 10.0, 15.0),
        DefaultThreshold("humidity", 40.0, 60.0, "critical"),
    ),
    # Living collections: 15-32 °C, 60-85 %RH, plus CO2, light at night and soil moisture.
    "greenhouse": (
        DefaultThreshold("temperature", 15.0, 32.0),
        DefaultThreshold("humidity", 60.0, 85.0),
        DefaultThreshold("co2", 300.0, 1500.0, grace_minutes=30),
        DefaultThreshold("soil_moisture", 20.0, 45.0, grace_minutes=60),
    ),
}

# Every metric a threshold may watch (battery is the device's, not the climate's, but a low
# battery is worth a warning too).
THRESHOLD_METRICS = ("temperature", "humidity", "co2", "light", "soil_moisture", "battery")


def defaults_for(climate_class: str | None) -> tuple[DefaultThreshold, ...]:
    """The suggested thresholds of a climate class (none for an unknown or missing class)."""
    return CLIMATE_DEFAULTS.get(climate_class or "", ())
