"""Accessions: MCPD passport records, lots, germination tests, regeneration and observations.

``init_app`` registers the JSON API (``/api/v1/...``) and, when present, the HTML pages
(``germbank.accessions.routes``), their navigation entries and the home-page card. Domain
logic lives in :mod:`germbank.accessions.services`.
"""

from __future__ import annotations

import importlib
import importlib.util

from flask import Flask
from flask_babel import lazy_gettext as _l
from jinja2 import TemplateNotFound

from germbank.navigation import HomeCard, NavItem, add_home_card, add_nav_item

CARD_TEMPLATE = "accessions/_card.html"
CARD_ROLES = frozenset({"agronomist", "viewer", "admin"})


def init_app(app: Flask) -> None:
    """Register the API, the pages (if built), the navigation and the home card."""
    from germbank.accessions.api import register_api

    register_api(app)
    if importlib.util.find_spec("germbank.accessions.routes") is not None:
        routes = importlib.import_module("germbank.accessions.routes")
        app.register_blueprint(routes.bp)
    for item in (NavItem(_l("Accessions"), "accessions.index", "read", 10),
                 NavItem(_l("Regeneration"), "accessions.regeneration", "read", 12)):
        if item.endpoint in app.view_functions:
            add_nav_item(app, item)
    if _has_template(app, CARD_TEMPLATE):
        add_home_card(app, HomeCard(CARD_TEMPLATE, CARD_ROLES, 10, _card_context))


def _card_context() -> dict:
    from germbank.accessions.services.summary import home_summary

    return home_summary()


def _has_template(app: Flask, name: str) -> bool:
    try:
        app.jinja_env.get_template(name)
    except TemplateNotFound:
        return False
    return True
