"""The home page: each role sees the summaries of the areas it works in."""

from __future__ import annotations

from flask import Blueprint, Flask, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from germbank import navigation
from germbank.auth.access import public, signed_in

bp = Blueprint("home", __name__)

ROLE_TITLES = {
    "admin": _l("Administration"),
    "agronomist": _l("Germplasm curation"),
    "technician": _l("Storage and greenhouse climate"),
    "project_manager": _l("Construction project"),
    "viewer": _l("Overview"),
}


@bp.route("/")
@public
def root():
    """Send visitors to the sign-in page and people to their home page."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    return redirect(url_for("auth.login"))


@bp.route("/favicon.ico")
@public
def favicon():
    """Browsers ask for /favicon.ico on every non-HTML answer (e.g. JSON); send the SVG icon."""
    return redirect(url_for("static", filename="img/favicon.svg"), code=301)


@bp.route("/home")
@signed_in
def index():
    """The role's home page with the summary cards its areas contribute."""
    return render_template(
        "home.html",
        role_title=ROLE_TITLES.get(current_user.role, ""),
        cards=navigation.cards_for_current_user(),
    )


def init_app(app: Flask) -> None:
    """Register the home page and the navigation registry."""
    navigation.init_app(app)
    app.register_blueprint(bp)
