"""The device pages' blueprint and the labels its templates share."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("devices", __name__, url_prefix="/devices")

STATE_LABELS = {
    "online": _l("Online"),
    "offline": _l("Offline"),
    "silent": _l("Silent"),
    "never": _l("Never heard"),
}
STATE_BADGES = {"online": "ok", "offline": "bad", "silent": "warn", "never": ""}


@bp.app_context_processor
def device_labels() -> dict:
    """Make the state labels and badge classes available to every template."""
    return {"device_state_labels": STATE_LABELS, "device_state_badges": STATE_BADGES}
