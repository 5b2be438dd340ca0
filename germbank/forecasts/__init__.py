"""Viability forecasting in the app (issue 9): per-lot forecasts from the climate each lot
really lived through, crop constants with their sources, calibration on the bank's own tests,
the regeneration planner and the store what-if.

The science is in the pure package :mod:`germbank.viability`; this package reads the
database (lots, movements, tests, hourly climate) and shows the results. ``init_app``
registers the pages (``/forecasts/...``), the API (``/api/v1/forecasts``), the "Viability"
navigation entry and the template helpers used by the lot and accession partials.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from germbank.navigation import NavItem, add_nav_item


def init_app(app: Flask) -> None:
    """Register pages, API, navigation and template helpers."""
    from germbank.extensions import api
    from germbank.forecasts import routes, routes_crops, routes_lots, templating  # noqa: F401
    from germbank.forecasts.api import blp
    from germbank.forecasts.blueprint import bp

    app.register_blueprint(bp)
    api.register_blueprint(blp)
    templating.init_app(app)
    add_nav_item(app, NavItem(_l("Viability"), "forecasts.planner", "read", 14))
