"""Administration: people, roles and access."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from germbank.navigation import HomeCard, NavItem, add_home_card, add_nav_item


def init_app(app: Flask) -> None:
    """Register the user administration pages."""
    from germbank.admin import services
    from germbank.admin.routes import bp

    app.register_blueprint(bp)
    add_nav_item(app, NavItem(_l("Users"), "admin.users", "users.admin", order=900))
    add_home_card(
        app,
        HomeCard("admin/_card.html", frozenset({"admin"}), 900, services.user_summary),
    )
