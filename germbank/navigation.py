"""The navigation bar and home-page cards, contributed by each feature for the roles it serves.

Features call :func:`add_nav_item` and :func:`add_home_card` in their ``init_app``; the base
layout and the home page show each person only what their role may open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app, url_for
from flask_login import current_user

from germbank.auth.permissions import has_permission

EXTENSION_KEY = "germbank_navigation"


@dataclass(frozen=True)
class NavItem:
    """One entry of the top navigation."""

    label: Any  # a lazy_gettext string
    endpoint: str
    permission: str = "read"
    order: int = 100
    badge: Callable[[], int] | None = None  # a count shown beside the label, e.g. open alarms


@dataclass(frozen=True)
class HomeCard:
    """A summary box on the home page; ``context`` returns the template's variables or None."""

    template: str
    roles: frozenset[str]
    order: int = 100
    context: Callable[[], dict[str, Any] | None] = field(default=lambda: {})


@dataclass
class Registry:
    """What the features contributed to this app."""

    nav: list[NavItem] = field(default_factory=list)
    cards: list[HomeCard] = field(default_factory=list)


def _registry(app: Flask) -> Registry:
    return app.extensions.setdefault(EXTENSION_KEY, Registry())


def add_nav_item(app: Flask, item: NavItem) -> None:
    """Show ``item`` in the navigation of people who hold its permission."""
    _registry(app).nav.append(item)


def add_home_card(app: Flask, card: HomeCard) -> None:
    """Show ``card`` on the home page of the roles it names."""
    _registry(app).cards.append(card)


def nav_for_current_user() -> list[dict[str, str]]:
    """Entries the signed-in person may open, in order."""
    if not current_user.is_authenticated:
        return []
    from flask import request

    items = [
        item
        for item in sorted(_registry(current_app).nav, key=lambda item: item.order)
        if has_permission(current_user.role, item.permission)
    ]
    endpoint = request.endpoint or ""
    active = next((item for item in items if item.endpoint == endpoint), None)
    if active is None:  # a page without its own entry lights its area's first entry
        area = endpoint.split(".")[0]
        active = next((item for item in items if item.endpoint.split(".")[0] == area), None)
    return [
        {
            "label": str(item.label),
            "url": url_for(item.endpoint),
            "endpoint": item.endpoint,
            "active": item is active,
            "badge": item.badge() if item.badge is not None else None,
        }
        for item in items
    ]


def cards_for_current_user() -> list[tuple[str, dict[str, Any]]]:
    """Rendered-ready cards for the person's role: (template, context)."""
    cards = sorted(_registry(current_app).cards, key=lambda card: card.order)
    chosen = []
    for card in cards:
        if current_user.role not in card.roles:
            continue
        context = card.context()
        if context is not None:
            chosen.append((card.template, context))
    return chosen


def init_app(app: Flask) -> None:
    """Make the navigation available to every template."""
    _registry(app)

    @app.context_processor
    def inject_navigation():
        return {"navigation": nav_for_current_user}
