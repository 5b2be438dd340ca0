"""The feature packages this app is made of, initialised in dependency order.

Each package exposes ``init_app(app)`` (blueprints, API, CLI, navigation, home cards) and may
have a ``demo`` module with ``load()`` for ``germbank demo load``.
"""

from __future__ import annotations

import importlib
import importlib.util

from flask import Flask

FEATURES = (
    "germbank.accessions",
    "germbank.mcpd_import",
    "germbank.devices",
    "germbank.monitoring",
    "germbank.project",
    "germbank.forecasts",
)


def available_features() -> list[str]:
    """Feature packages present in this checkout, in order."""
    return [name for name in FEATURES if importlib.util.find_spec(name) is not None]


def init_app(app: Flask) -> None:
    """Let every feature register itself."""
    for name in available_features():
        module = importlib.import_module(name)
        init = getattr(module, "init_app", None)
        if init is not None:
            init(app)
