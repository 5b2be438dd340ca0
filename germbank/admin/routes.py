"""The administrator's page of people."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from germbank import audit
from germbank.admin import services
from germbank.admin.forms import NewUserForm, RoleForm, ToggleForm
from germbank.auth.access import requires
from germbank.auth.services import AuthError, create_user
from germbank.extensions import db
from germbank.models import User

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _page(form: NewUserForm | None = None, status: int = 200):
    users = db.session.scalars(sa.select(User).order_by(User.username)).all()
    return (
        render_template(
            "admin/users.html",
            users=users,
            form=form or NewUserForm(),
            role_form=RoleForm,
            toggle_form=ToggleForm(),
        ),
        status,
    )


@bp.route("/users")
@requires("users.admin")
def users():
    """List people with their roles and state."""
    return _page()


@bp.route("/users", methods=["POST"])
@requires("users.admin")
def add_user():
    """Add a person."""
    form = NewUserForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    try:
        user = create_user(
            form.username.data or "",
            form.password.data or "",
            form.role.data or "viewer",
            full_name=form.full_name.data or "",
            email=form.email.data or None,
        )
    except AuthError as error:
        field = form.username if error.field == "username" else form.password
        field.errors.append(str(error))
        return _page(form, 400)
    audit.record("user", user.id, "create", {"username": user.username, "role": user.role})
    db.session.commit()
    flash(_("User %(name)s added.", name=user.username), "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/role", methods=["POST"])
@requires("users.admin")
def set_role(user_id: int):
    """Change a person's role."""
    user = db.get_or_404(User, user_id)
    form = RoleForm()
    if form.validate_on_submit():
        try:
            services.change_role(user, form.role.data or user.role)
        except AuthError as error:
            flash(str(error), "error")
            return redirect(url_for("admin.users"))
        db.session.commit()
        flash(_("Role of %(name)s changed.", name=user.username), "success")
    else:
        flash(_("Unknown role."), "error")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@requires("users.admin")
def toggle_active(user_id: int):
    """Disable an active person or enable a disabled one."""
    user = db.get_or_404(User, user_id)
    if ToggleForm().validate_on_submit():
        try:
            services.set_active(user, not user.is_active_flag)
        except AuthError as error:
            flash(str(error), "error")
            return redirect(url_for("admin.users"))
        db.session.commit()
        flash(_("Account of %(name)s updated.", name=user.username), "success")
    return redirect(url_for("admin.users"))
