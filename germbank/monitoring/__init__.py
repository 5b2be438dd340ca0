"""Climate monitoring: thresholds, alarms, notifications, live overview, charts, lot exposure.

``init_app`` registers the pages and the JSON API, the navigation entry with its badge, the
technicians' home card, the CLI group and the notifier that sends alarm emails and webhooks
after each committed transaction.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from germbank.navigation import HomeCard, NavItem, add_home_card, add_nav_item


def init_app(app: Flask) -> None:
    """Wire monitoring into the app."""
    from germbank.extensions import api
    from germbank.monitoring import (  # noqa: F401  (routes attach to the blueprints)
        api_data,
        routes,
        routes_alarms,
        routes_export,
        routes_thresholds,
    )
    from germbank.monitoring.api import blp as api_blp
    from germbank.monitoring.badge import home_card_context, unacknowledged_badge
    from germbank.monitoring.blueprint import bp
    from germbank.monitoring.cli import monitoring_cli
    from germbank.monitoring.services import notify

    app.register_blueprint(bp)
    api.register_blueprint(api_blp)
    notify.init_app(app)
    add_nav_item(
        app,
        NavItem(_l("Monitoring"), "monitoring.overview", "read", 20, badge=unacknowledged_badge),
    )
    add_home_card(
        app,
        HomeCard(
            "monitoring/_card.html", frozenset({"technician", "admin"}), 20, home_card_context
        ),
    )
    app.cli.add_command(monitoring_cli)
