"""The HTML blueprint of the viability pages, shared by the route modules."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("forecasts", __name__, url_prefix="/forecasts")
