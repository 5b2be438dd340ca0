"""People, their roles, personal API tokens and failed sign-ins."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_login import UserMixin

from germbank.extensions import db
from germbank.orm import utcnow

ROLES = ("admin", "agronomist", "technician", "project_manager", "viewer")


class User(UserMixin, db.Model):
    """A person who signs in; the role decides what they may change."""

    __tablename__ = "users"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    username: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    full_name: so.Mapped[str] = so.mapped_column(sa.String(128), default="")
    email: so.Mapped[str | None] = so.mapped_column(sa.String(254))
    role: so.Mapped[str] = so.mapped_column(sa.String(32))
    password_hash: so.Mapped[str] = so.mapped_column(sa.String(256))
    locale: so.Mapped[str | None] = so.mapped_column(sa.String(10))
    is_active_flag: so.Mapped[bool] = so.mapped_column("is_active", default=True)
    session_version: so.Mapped[int] = so.mapped_column(default=1)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    tokens: so.WriteOnlyMapped[ApiToken] = so.relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        sa.CheckConstraint(
            "role IN ('admin', 'agronomist', 'technician', 'project_manager', 'viewer')",
            name="role_known",
        ),
    )

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        """Disabled users cannot sign in and lose their sessions at once."""
        return self.is_active_flag

    def get_id(self) -> str:
        """Bind the session to the password generation, so a password change signs out."""
        return f"{self.id}.{self.session_version}"

    def __repr__(self) -> str:
        return f"<User {self.username} ({self.role})>"


class ApiToken(db.Model):
    """A personal token for scripts; only its SHA-256 is stored, the token is shown once."""

    __tablename__ = "api_tokens"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    name: so.Mapped[str] = so.mapped_column(sa.String(100))
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    prefix: so.Mapped[str] = so.mapped_column(sa.String(12))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    last_used_at: so.Mapped[datetime | None]
    revoked_at: so.Mapped[datetime | None]

    user: so.Mapped[User] = so.relationship(back_populates="tokens")


class LoginFailure(db.Model):
    """A failed sign-in, kept briefly to throttle password guessing across workers."""

    __tablename__ = "login_failures"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    username: so.Mapped[str] = so.mapped_column(sa.String(64), index=True)
    remote_addr: so.Mapped[str] = so.mapped_column(sa.String(64), index=True)
    at: so.Mapped[datetime] = so.mapped_column(default=utcnow, index=True)
