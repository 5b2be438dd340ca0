"""The storage location tree as the accessions feature uses it: lookups, subtrees, edits.

The tree itself is the foundation's :class:`~germbank.models.StorageLocation`; here are the
questions lots ask of it (which places lie under this room, which climate class applies to
this shelf) and the audited create/update the API offers.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from germbank import audit
from germbank.accessions.services.errors import Conflict, ValidationFailed, add_error
from germbank.accessions.services.values import as_id
from germbank.extensions import db
from germbank.models.locations import (
    ALLOWED_PARENTS,
    CLIMATE_CLASSES,
    LOCATION_KINDS,
    StorageLocation,
)

AUDIT_ENTITY = "location"
EDITABLE = ("code", "name", "name_zh", "kind", "parent_id", "climate_class",
            "setpoint_temperature", "setpoint_humidity", "area_m2", "is_active")


def location_by_ref(ref: str | int) -> StorageLocation | None:
    """A location by id (digits) or by code."""
    ident = as_id(ref)
    if ident is not None:
        return db.session.get(StorageLocation, ident)
    text = str(ref).strip()
    if text.isdecimal():  # a number too big to be an id
        return None
    return db.session.scalar(sa.select(StorageLocation).where(StorageLocation.code == text))


def _parents() -> dict[int, int | None]:
    return dict(db.session.execute(sa.select(StorageLocation.id, StorageLocation.parent_id)).all())


def subtree_ids(location_id: int) -> set[int]:
    """The location and every location below it (the tree is small: read it whole)."""
    children: dict[int | None, list[int]] = {}
    for child, parent in _parents().items():
        children.setdefault(parent, []).append(child)
    found, stack = set(), [location_id]
    while stack:
        node = stack.pop()
        if node not in found:
            found.add(node)
            stack.extend(children.get(node, []))
    return found


def climate_classes() -> dict[int, str | None]:
    """Each location's climate class, inherited from the nearest ancestor that has one.

    A shelf has no climate of its own: it is in its room's climate.
    """
    rows = db.session.execute(sa.select(
        StorageLocation.id, StorageLocation.parent_id, StorageLocation.climate_class)).all()
    parent = {row.id: row.parent_id for row in rows}
    own = {row.id: row.climate_class for row in rows}
    resolved: dict[int, str | None] = {}
    for location_id in own:
        node, seen = location_id, set()
        while node is not None and own.get(node) is None and node not in seen:
            seen.add(node)
            node = parent.get(node)
        resolved[location_id] = own.get(node) if node is not None else None
    return resolved


def create_location(data: Mapping[str, Any]) -> StorageLocation:
    """Add a location after checking its kind may sit under its parent."""
    values = _validate(data, None)
    location = StorageLocation(**values)
    db.session.add(location)
    db.session.flush()
    audit.record(AUDIT_ENTITY, location.id, "create",
                 {k: v for k, v in audit.snapshot(location, list(EDITABLE)).items()
                  if v is not None}, location.code)
    return location


def update_location(location: StorageLocation, changes: Mapping[str, Any]) -> StorageLocation:
    """Change a location (only the given fields); the tree must stay a tree."""
    values = _validate(changes, location)
    before = audit.snapshot(location, list(EDITABLE))
    for name, value in values.items():
        setattr(location, name, value)
    db.session.flush()
    audit.record_update(AUDIT_ENTITY, location, before, location.code)
    return location


def _validate(data: Mapping[str, Any], location: StorageLocation | None) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    for name, value in data.items():
        if name not in EDITABLE:
            add_error(errors, name, _("Unknown field."))
            continue
        values[name] = _clean(name, value, errors)
    merged = {name: getattr(location, name, None) for name in EDITABLE} if location else {}
    merged.update(values)
    for name in ("code", "name", "kind"):
        if not merged.get(name) and name not in errors:
            add_error(errors, name, _("Required."))
    _check_parent(merged, location, errors)
    code = values.get("code")
    if code and not errors:
        other = db.session.scalar(sa.select(StorageLocation).where(
            StorageLocation.code == code))
        if other is not None and other is not location:
            raise Conflict(_("Location code %(code)s is taken.", code=code),
                           {"code": [_("Location code %(code)s is taken.", code=code)]})
    if errors:
        raise ValidationFailed(errors)
    if location is None:
        values.setdefault("name_zh", "")
    return values


def _clean(name: str, value: Any, errors: dict) -> Any:
    if name in ("setpoint_temperature", "setpoint_humidity", "area_m2"):
        if value is None or value == "":
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            add_error(errors, name, _("Give a number."))
            return None
        if not number.is_finite() or abs(number) >= 10 ** (8 if name == "area_m2" else 3):
            add_error(errors, name, _("Out of range."))
        return number
    if name == "is_active":
        if not isinstance(value, bool):
            add_error(errors, name, _("Give true or false."))
        return bool(value)
    if name == "parent_id":
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            add_error(errors, name, _("Give the number of a location."))
            return None
        return value
    text = "" if value is None else str(value).strip()
    if name == "kind" and text not in LOCATION_KINDS:
        add_error(errors, name, _("One of: %(kinds)s.", kinds=", ".join(LOCATION_KINDS)))
    if name == "climate_class":
        if text and text not in CLIMATE_CLASSES:
            add_error(errors, name, _("One of: %(classes)s.", classes=", ".join(CLIMATE_CLASSES)))
        return text or None
    limit = 64 if name == "code" else 128
    if len(text) > limit:
        add_error(errors, name, _("At most %(n)d characters.", n=limit))
    return text


def _check_parent(merged: dict, location: StorageLocation | None, errors: dict) -> None:
    """The parent must exist, accept this kind of child and not be the location itself."""
    if "kind" in errors or "parent_id" in errors or not merged.get("kind"):
        return
    parent_id = merged.get("parent_id")
    ident = as_id(parent_id) if parent_id is not None else None
    parent = db.session.get(StorageLocation, ident) if ident is not None else None
    if parent_id is not None and parent is None:
        add_error(errors, "parent_id", _("No location with number %(id)d.", id=parent_id))
        return
    allowed = ALLOWED_PARENTS[merged["kind"]]
    if (parent.kind if parent else None) not in allowed:
        add_error(errors, "parent_id", _("A %(kind)s cannot be placed there.",
                                         kind=merged["kind"]))
    if location is not None and parent is not None and parent.id in subtree_ids(location.id):
        add_error(errors, "parent_id", _("A location cannot be placed inside itself."))
