"""The audit log: who changed which record, when, and each field's old and new value."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from germbank.extensions import db
from germbank.orm import utcnow


class AuditEntry(db.Model):
    """One create, update or delete of one record."""

    __tablename__ = "audit_entries"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    at: so.Mapped[datetime] = so.mapped_column(default=utcnow, index=True)
    user_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    username: so.Mapped[str] = so.mapped_column(sa.String(64), default="system")
    entity: so.Mapped[str] = so.mapped_column(sa.String(64))
    entity_id: so.Mapped[str] = so.mapped_column(sa.String(64))
    action: so.Mapped[str] = so.mapped_column(sa.String(16))
    changes: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    summary: so.Mapped[str] = so.mapped_column(sa.String(255), default="")

    __table_args__ = (sa.Index("ix_audit_entries_entity_ref", "entity", "entity_id"),)
