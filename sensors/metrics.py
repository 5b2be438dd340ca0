"""The metrics GermBank stores, their units and the values that are physically possible.

Why one table: the decoder rejects impossible values with it, the device registry labels
series with it, the simulator stays inside it and docs/mqtt.md documents it. A value outside
the range is a broken sensor or a wrong unit (°F sent as °C, a fraction sent as a percent), and
storing it would draw a false excursion on a chart or hide a real one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Metric:
    """One measured quantity: its key in payloads, its unit and its possible range."""

    key: str
    label: str
    unit: str
    minimum: float
    maximum: float
    decimals: int

    def in_range(self, value: float) -> bool:
        """True when the value can physically be measured (bounds included)."""
        return self.minimum <= value <= self.maximum

    def range_text(self) -> str:
        """The range as people read it, e.g. `-40 to 85 °C`."""
        return f"{self.minimum:g} to {self.maximum:g} {self.unit}"


METRICS: dict[str, Metric] = {
    metric.key: metric
    for metric in (
        # Sensirion/Bosch class sensors in store rooms and greenhouses: -40..85 °C.
        Metric("temperature", "Temperature", "°C", -40.0, 85.0, 2),
        Metric("humidity", "Relative humidity", "%RH", 0.0, 100.0, 1),
        # NDIR CO2 sensors top out at 10,000 ppm (40,000 for the wide-range ones).
        Metric("co2", "CO₂", "ppm", 0.0, 40_000.0, 0),
        # Full summer sun is about 120,000 lux; 200,000 leaves room for reflections.
        Metric("light", "Light", "lux", 0.0, 200_000.0, 0),
        Metric("soil_moisture", "Soil moisture", "%VWC", 0.0, 100.0, 1),
        Metric("battery", "Battery", "%", 0.0, 100.0, 0),
    )
}

METRIC_KEYS: frozenset[str] = frozenset(METRICS)

# Keys that Zigbee2MQTT-style sensors use for our metrics in the flat form.
FLAT_ALIASES: dict[str, str] = {
    **{key: key for key in METRICS},
    "illuminance": "light",
    "illuminance_lux": "light",
    "soil-moisture": "soil_moisture",
}


def metric(key: str) -> Metric:
    """The Metric for a payload key (KeyError for an unknown one)."""
    return METRICS[key]


def unit_of(key: str) -> str:
    """The unit label for a metric key, e.g. `%RH` for humidity."""
    return METRICS[key].unit
