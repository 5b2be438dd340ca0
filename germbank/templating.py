"""Template filters shared by every page: local times and translated role names."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l

ROLE_LABELS = {
    "admin": _l("Administrator"),
    "agronomist": _l("Agronomist"),
    "technician": _l("Technician"),
    "project_manager": _l("Project manager"),
    "viewer": _l("Viewer"),
}

ACTION_LABELS = {
    "create": _l("created"),
    "update": _l("updated"),
    "delete": _l("deleted"),
    "move": _l("moved"),
}


def action_label(action: str) -> str:
    """An audit action in the reader's language."""
    return str(ACTION_LABELS.get(action, action))


def role_label(role: str) -> str:
    """The role's name in the reader's language."""
    return str(ROLE_LABELS.get(role, role))


def local_zone() -> ZoneInfo:
    """The bank's time zone: times are stored in UTC and shown in local time."""
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def datetime_local(value: datetime | date | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """Format a UTC time in the bank's time zone; dates pass through."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(local_zone()).strftime(fmt)
    return value.strftime("%Y-%m-%d")


def can(permission: str) -> bool:
    """Whether the signed-in person holds ``permission`` (to show or hide edit controls)."""
    from flask_login import current_user

    from germbank.auth.permissions import has_permission

    return bool(current_user.is_authenticated) and has_permission(current_user.role, permission)


def init_app(app: Flask) -> None:
    """Register the filters and the ``can()`` helper."""
    app.add_template_global(can, "can")
    app.add_template_filter(role_label, "role_label")
    app.add_template_filter(action_label, "action_label")
    app.add_template_filter(datetime_local, "datetime_local")
