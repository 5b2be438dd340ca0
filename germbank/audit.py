"""Recording who changed what: every create, update and delete, field by field.

Services call :func:`record` inside the caller's transaction, so the audit entry and the
change it describes are committed (or rolled back) together.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import sqlalchemy as sa
from flask import has_request_context
from flask_login import current_user

from germbank.bulk import insert_rows
from germbank.extensions import db
from germbank.models import AuditEntry, User, utcnow


def json_value(value: Any) -> Any:
    """A JSON-safe form of a column value (dates as ISO text, decimals as text)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    return value


def snapshot(obj: Any, fields: list[str] | None = None) -> dict[str, Any]:
    """Column values of a model instance, JSON-safe; take one before and after a change."""
    mapper = sa.inspect(obj).mapper
    names = fields or [column.key for column in mapper.column_attrs]
    return {name: json_value(getattr(obj, name)) for name in names}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose values differ, as ``{field: [old, new]}``."""
    keys = sorted(set(before) | set(after))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def acting_user() -> User | None:
    """The signed-in person, or None for the CLI, the subscriber and the demo loader."""
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user._get_current_object()
    return None


def record(
    entity: str,
    entity_id: Any,
    action: str,
    changes: dict[str, Any] | None = None,
    summary: str = "",
    user: User | None = None,
) -> AuditEntry | None:
    """Add an audit entry; an update that changed nothing records nothing."""
    if action == "update" and not changes:
        return None
    user = user or acting_user()
    entry = AuditEntry(
        entity=entity,
        entity_id=str(entity_id),
        action=action,
        changes=json_value(changes or {}),
        summary=summary[:255],
        user_id=user.id if user else None,
        username=user.username if user else "system",
    )
    db.session.add(entry)
    return entry


_BULK_COLUMNS = ("at", "user_id", "username", "entity", "entity_id", "action", "changes",
                 "summary")


def record_many(
    entity: str,
    entries: Iterable[tuple[Any, str, dict[str, Any]]],
    summary: str = "",
    user: User | None = None,
    at: datetime | None = None,
) -> int:
    """Add many ``(entity_id, action, changes)`` entries with one bulk insert; return how many.

    For imports of thousands of records, where one ``AuditEntry`` object per change would cost
    more than the change itself.  The entries are the ones :func:`record` would add (updates
    that changed nothing are left out), except that ``changes`` must already be JSON-safe
    (see :func:`json_value`) and all share one time stamp.
    """
    user = user or acting_user()
    user_id, username = (user.id, user.username) if user else (None, "system")
    at, summary = at or utcnow(), summary[:255]
    rows = [(at, user_id, username, entity, str(entity_id), action, changes or {}, summary)
            for entity_id, action, changes in entries if changes or action != "update"]
    insert_rows(AuditEntry.__table__, _BULK_COLUMNS, rows)
    return len(rows)


def record_update(entity: str, obj: Any, before: dict[str, Any], summary: str = "") -> None:
    """Record an update by comparing ``before`` with the instance's current values."""
    record(entity, obj.id, "update", diff(before, snapshot(obj, list(before))), summary)


def history(entity: str, entity_id: Any, limit: int = 200) -> list[AuditEntry]:
    """The record's changes, newest first, for its page."""
    return list(
        db.session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.entity == entity, AuditEntry.entity_id == str(entity_id))
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .limit(limit)
        )
    )
