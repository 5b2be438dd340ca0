"""The interactive API documentation page, served from vendored Swagger UI.

GermBank serves its own page instead of flask-smorest's because that one runs an inline
script, which the Content-Security-Policy forbids.
"""

from __future__ import annotations

from flask import Blueprint, Flask, render_template

from germbank.auth.access import signed_in

bp = Blueprint("api_docs", __name__)


@bp.route("/api/v1/docs")
@signed_in
def docs():
    """Swagger UI over ``/api/v1/openapi.json``."""
    return render_template("api_docs.html")


def init_app(app: Flask) -> None:
    """Register the documentation page."""
    app.register_blueprint(bp)
