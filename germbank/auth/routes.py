"""Sign-in, sign-out and the personal account page (password, language, API tokens)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from germbank.auth import services
from germbank.auth.access import public, signed_in
from germbank.auth.forms import LanguageForm, LoginForm, PasswordForm, TokenForm
from germbank.extensions import db

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only follow ``next`` within this site, so a link cannot bounce a user elsewhere."""
    if not target:
        return url_for("home.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("home.index")
    return target


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """Show the sign-in form and sign the person in."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = services.authenticate(
                form.username.data or "", form.password.data or "", request.remote_addr or "-"
            )
        except services.AuthError as error:
            db.session.commit()  # keep the recorded failure
            flash(str(error), "error")
            status = 401
        else:
            db.session.commit()
            session.clear()
            login_user(user, remember=bool(form.remember.data))
            return redirect(_safe_next(request.args.get("next")))
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@public
def logout():
    """Sign out (POST only, so a link on another site cannot sign anyone out)."""
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET"])
@signed_in
def account():
    """The person's own settings and tokens."""
    return _account_page()


def _account_page(
    password_form: PasswordForm | None = None,
    token_form: TokenForm | None = None,
    new_token: str | None = None,
    status: int = 200,
):
    tokens = db.session.scalars(
        current_user.tokens.select().order_by(services.ApiToken.created_at.desc())
    ).all()
    language_form = LanguageForm(locale=current_user.locale or "zh_CN")
    return (
        render_template(
            "auth/account.html",
            password_form=password_form or PasswordForm(),
            token_form=token_form or TokenForm(),
            language_form=language_form,
            tokens=tokens,
            new_token=new_token,
        ),
        status,
    )


@bp.route("/account/password", methods=["POST"])
@signed_in
def change_password():
    """Change the password; every other session of this person ends."""
    form = PasswordForm()
    if not form.validate_on_submit():
        return _account_page(password_form=form, status=400)
    if not services.check_password_hash(current_user.password_hash, form.current.data or ""):
        form.current.errors.append(_("The current password is wrong."))
        return _account_page(password_form=form, status=400)
    try:
        services.set_password(current_user, form.new.data or "")
    except services.AuthError as error:
        form.new.errors.append(str(error))
        return _account_page(password_form=form, status=400)
    db.session.commit()
    login_user(current_user._get_current_object())
    flash(_("Password changed. Other sessions are signed out."), "success")
    return redirect(url_for("auth.account"))


@bp.route("/account/tokens", methods=["POST"])
@signed_in
def create_token():
    """Issue an API token and show it once."""
    form = TokenForm()
    if not form.validate_on_submit():
        return _account_page(token_form=form, status=400)
    _token, plain = services.issue_token(current_user, form.name.data or "")
    db.session.commit()
    return _account_page(new_token=plain)


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@signed_in
def revoke_token(token_id: int):
    """Revoke one of the person's tokens at once."""
    try:
        services.revoke_token(current_user, token_id)
    except services.AuthError as error:
        flash(str(error), "error")
        return redirect(url_for("auth.account"))
    db.session.commit()
    flash(_("Token revoked."), "success")
    return redirect(url_for("auth.account"))


@bp.route("/language", methods=["POST"])
@public
def set_language():
    """Remember the chosen language: on the account when signed in, else in the session."""
    form = LanguageForm()
    if form.validate_on_submit():
        session["locale"] = form.locale.data
        if current_user.is_authenticated:
            current_user.locale = form.locale.data
            db.session.commit()
    return redirect(_safe_next(request.form.get("next")))
