"""Construction project management for the germplasm bank being built at Shijihu.

The pure arithmetic (schedule, budget, report content) and the SVG charts live in their own
modules so they can be tested and reused without a database; ``init_app`` adds the pages, the
JSON API, the navigation entry and the home-page card.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from germbank.navigation import HomeCard, NavItem, add_home_card, add_nav_item

CARD_ROLES = frozenset({"project_manager", "admin", "viewer"})


def init_app(app: Flask) -> None:
    """Register the project's pages, API, navigation entry and home card."""
    from germbank.extensions import api
    from germbank.project import routes_register, routes_schedule  # noqa: F401 - add routes
    from germbank.project.api import blueprints
    from germbank.project.home import card_context
    from germbank.project.routes import bp

    app.register_blueprint(bp)
    for blueprint in blueprints():
        api.register_blueprint(blueprint)
    add_nav_item(app, NavItem(_l("Construction project"), "project.index", "read", order=50))
    add_home_card(app, HomeCard("project/_card.html", CARD_ROLES, 20, card_context))
