"""How monitoring names and formats the measured quantities, in the reader's language.

The sensors package owns which metrics exist and their physical ranges; this table only adds
translated labels and units for pages, charts and notifications.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

METRIC_LABELS = {
    "temperature": _l("Temperature"),
    "humidity": _l("Relative humidity"),
    "co2": _l("CO₂"),
    "light": _l("Light"),
    "soil_moisture": _l("Soil moisture"),
    "battery": _l("Battery"),
}

METRIC_UNITS = {
    "temperature": "°C",
    "humidity": "%RH",
    "co2": "ppm",
    "light": "lux",
    "soil_moisture": "%VWC",
    "battery": "%",
}

METRIC_DECIMALS = {
    "temperature": 1,
    "humidity": 1,
    "co2": 0,
    "light": 0,
    "soil_moisture": 1,
    "battery": 0,
}

# The climate metrics shown first on pages; battery is the device's, shown last.
DISPLAY_ORDER = ("temperature", "humidity", "co2", "light", "soil_moisture", "battery")


def metric_label(metric: str) -> str:
    """The metric's name in the reader's language (the key itself when unknown)."""
    return str(METRIC_LABELS.get(metric, metric))


def unit_of(metric: str) -> str:
    """The unit shown after a value."""
    return METRIC_UNITS.get(metric, "")


def format_value(metric: str, value: float | None) -> str:
    """``12.4 °C``; an em dash when there is no value."""
    if value is None:
        return "—"
    decimals = METRIC_DECIMALS.get(metric, 1)
    unit = unit_of(metric)
    return f"{value:.{decimals}f} {unit}".strip()


def sort_metrics(metrics) -> list[str]:
    """Metrics in display order, unknown ones last in name order."""
    order = {m: i for i, m in enumerate(DISPLAY_ORDER)}
    return sorted(set(metrics), key=lambda m: (order.get(m, len(order)), m))
