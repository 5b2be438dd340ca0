"""Rules for administering people: an admin cannot lock everyone out."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from germbank import audit
from germbank.auth.services import AuthError
from germbank.extensions import db
from germbank.models import User


def _other_active_admins(user: User) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(User)
            .where(User.role == "admin", User.is_active_flag.is_(True), User.id != user.id)
        )
        or 0
    )


def change_role(user: User, role: str) -> None:
    """Re-role a person, keeping at least one active administrator."""
    if user.role == "admin" and role != "admin" and _other_active_admins(user) == 0:
        raise AuthError(_("The last active administrator cannot lose that role."))
    before = audit.snapshot(user, ["role"])
    user.role = role
    user.session_version += 1  # new rights take effect at the next sign-in
    audit.record_update("user", user, before, user.username)


def set_active(user: User, active: bool) -> None:
    """Disable or enable a person; disabling ends their sessions and tokens' use."""
    if not active and user.role == "admin" and _other_active_admins(user) == 0:
        raise AuthError(_("The last active administrator cannot be disabled."))
    before = audit.snapshot(user, ["is_active_flag"])
    user.is_active_flag = active
    if not active:
        user.session_version += 1
    audit.record_update("user", user, before, user.username)


def user_summary() -> dict[str, int]:
    """Counts for the administrator's home card."""
    rows = db.session.execute(
        sa.select(User.role, sa.func.count())
        .where(User.is_active_flag.is_(True))
        .group_by(User.role)
    ).all()
    return {"by_role": dict(rows), "total": sum(count for _role, count in rows)}
