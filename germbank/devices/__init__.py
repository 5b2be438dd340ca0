"""Devices: the technicians' registry of sensor devices, where they are, and ingest health.

``init_app`` registers the pages, the navigation entry and the ``germbank sensors`` CLI
group (subscriber, simulator, retention). The subscriber itself lives in ``sensors/``.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from germbank.navigation import HomeCard, NavItem, add_home_card, add_nav_item


def init_app(app: Flask) -> None:
    """Wire the device pages and the sensors CLI into the app."""
    from germbank.devices import routes  # noqa: F401  (routes attach to the blueprint)
    from germbank.devices.blueprint import bp
    from germbank.devices.cli import sensors_cli

    app.register_blueprint(bp)
    add_nav_item(app, NavItem(_l("Devices"), "devices.index", "read", order=25))
    app.cli.add_command(sensors_cli)
    add_home_card(
        app,
        HomeCard("devices/_card.html", frozenset({"technician", "admin"}), 22, _health_card),
    )


def _health_card() -> dict:
    """The ingest figures a technician checks first: is data arriving, is anything refused."""
    from germbank.devices.services import ingest_health

    return ingest_health()
