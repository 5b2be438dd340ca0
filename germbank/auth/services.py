"""Sign-in rules: password hashing and policy, throttling, and personal API tokens.

Views and the CLI call these; the caller commits.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from germbank import audit
from germbank.extensions import db
from germbank.models import ApiToken, LoginFailure, User, utcnow
from germbank.models.auth import ROLES

TOKEN_PREFIX = "gb_"


class AuthError(ValueError):
    """A rule about people or tokens was broken; the message is shown to the person."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def check_password_policy(password: str, username: str = "") -> None:
    """Refuse passwords that are short, all one kind of character, or the username."""
    minimum = int(current_app.config["PASSWORD_MIN_LENGTH"])
    if len(password) < minimum:
        raise AuthError(
            _("The password must have at least %(n)d characters.", n=minimum), "password"
        )
    if username and username.lower() in password.lower():
        raise AuthError(_("The password must not contain the username."), "password")
    if password.isdigit() or password.isalpha():
        raise AuthError(_("The password must mix letters with digits or symbols."), "password")


def hash_password(password: str) -> str:
    """Hash with the configured method: scrypt, werkzeug's memory-hard default, in production."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def create_user(
    username: str,
    password: str,
    role: str,
    full_name: str = "",
    email: str | None = None,
    check_policy: bool = True,
) -> User:
    """Add a person; refuse unknown roles, taken usernames and weak passwords."""
    username = username.strip()
    if not username:
        raise AuthError(_("A username is required."), "username")
    if role not in ROLES:
        raise AuthError(
            _("Unknown role %(role)s; choose one of %(roles)s.", role=role, roles=", ".join(ROLES)),
            "role",
        )
    if db.session.scalar(sa.select(User.id).where(User.username == username)):
        raise AuthError(_("The username %(name)s is taken.", name=username), "username")
    if check_policy:
        check_password_policy(password, username)
    user = User(
        username=username,
        password_hash=hash_password(password),
        role=role,
        full_name=full_name,
        email=email,
    )
    db.session.add(user)
    db.session.flush()
    return user


def set_password(user: User, password: str) -> None:
    """Change a password and end every other session of that person."""
    check_password_policy(password, user.username)
    user.password_hash = hash_password(password)
    user.session_version += 1
    # The audit trail says that the password changed and when, never the hash itself.
    audit.record("user", user.id, "update", {"password": ["(hidden)", "(changed)"]},
                 user.username)


def is_locked_out(username: str, remote_addr: str) -> bool:
    """True after too many recent failures for this username or from this address."""
    window = utcnow() - timedelta(minutes=int(current_app.config["LOGIN_LOCKOUT_MINUTES"]))
    limit = int(current_app.config["LOGIN_MAX_FAILURES"])
    by_name = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(LoginFailure)
        .where(LoginFailure.username == username, LoginFailure.at >= window)
    )
    by_addr = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(LoginFailure)
        .where(LoginFailure.remote_addr == remote_addr, LoginFailure.at >= window)
    )
    return (by_name or 0) >= limit or (by_addr or 0) >= limit * 4


def authenticate(username: str, password: str, remote_addr: str) -> User:
    """Return the person whose credentials these are, or raise :class:`AuthError`."""
    username = username.strip()
    if is_locked_out(username, remote_addr):
        minutes = current_app.config["LOGIN_LOCKOUT_MINUTES"]
        raise AuthError(_("Too many failed sign-ins. Try again in %(n)d minutes.", n=minutes))
    user = db.session.scalar(sa.select(User).where(User.username == username))
    if user is None or not check_password_hash(user.password_hash, password):
        db.session.add(LoginFailure(username=username[:64], remote_addr=remote_addr[:64]))
        raise AuthError(_("Wrong username or password."))
    if not user.is_active:
        raise AuthError(_("This account is disabled. Ask an administrator."))
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.username == username))
    return user


def hash_token(token: str) -> str:
    """Tokens are long random strings, so a fast unsalted hash is enough to hide them."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token and return it with its only plain-text copy."""
    name = name.strip()
    if not name:
        raise AuthError(_("Give the token a name, e.g. the script that will use it."))
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name[:100], token_hash=hash_token(plain), prefix=plain[:8])
    db.session.add(token)
    db.session.flush()
    audit.record("user", user.id, "update", {"api_token": [None, f"{token.prefix}… {token.name}"]},
                 user.username)
    return token, plain


def user_for_token(plain: str) -> User | None:
    """The active person owning an unrevoked token, or None."""
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == hash_token(plain)))
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        token.last_used_at = now  # coarse, so scripts do not turn every read into a write
    return token.user


def revoke_token(user: User, token_id: int) -> ApiToken:
    """Revoke one of ``user``'s own tokens."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise AuthError(_("No such token."))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record("user", user.id, "update",
                     {"api_token": [f"{token.prefix}… {token.name}", "(revoked)"]}, user.username)
    return token


def load_session_user(session_id: str) -> User | None:
    """Resolve Flask-Login's ``id.version`` string; a stale version means signed out."""
    user_id, _, version = session_id.partition(".")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or user.session_version != int(version):
        return None
    return user
