"""The ``accessions`` blueprint, alone in its module so every page module can import it."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("accessions", __name__, url_prefix="/accessions")
