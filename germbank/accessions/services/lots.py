"""Seed lots and living plants: creating them, editing them, moving them, and where they were.

A lot's location is changed only by :func:`move_lot`, which records a movement; the first
placement is a movement from nowhere. So the movements are the complete location history,
which the monitoring feature needs to tell what climate a lot really experienced.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from germbank import audit
from germbank.accessions.services.errors import Conflict, ValidationFailed, add_error
from germbank.accessions.services.locations import location_by_ref
from germbank.accessions.services.values import clean_date, clean_decimal, clean_integer
from germbank.extensions import db
from germbank.models.accessions import Accession
from germbank.models.inventory import (
    LOT_KINDS,
    LOT_STATUSES,
    SEED_STORAGE_TYPES,
    InventoryLot,
    LotMovement,
)
from germbank.models.locations import StorageLocation
from germbank.orm import utcnow

AUDIT_ENTITY = "lot"
SEED_FIELDS = ("grams", "seed_count", "thousand_seed_weight_g", "seed_moisture_pct",
               "harvest_date", "storage_type", "container")
PLANT_FIELDS = ("plant_count", "bed", "row", "position", "planting_date", "health_status")
COMMON_FIELDS = ("lot_number", "initial_germination_pct", "status", "is_original_sample",
                 "notes")
EDITABLE = COMMON_FIELDS + SEED_FIELDS + PLANT_FIELDS
AUDITED = ("accession_id", "kind", "location_id") + EDITABLE

_DECIMALS = {"grams": (12, 3), "thousand_seed_weight_g": (10, 3), "seed_moisture_pct": (5, 2),
             "initial_germination_pct": (5, 2)}
_COUNTS = ("seed_count", "plant_count")
_DATES = ("harvest_date", "planting_date")
_TEXTS = {"lot_number": 64, "container": 64, "bed": 64, "row": 64, "position": 64,
          "health_status": 64, "notes": 10_000}
Stay = tuple[int, datetime, datetime | None]


def create_lot(accession: Accession, data: Mapping[str, Any],
               placed_at: datetime | None = None) -> InventoryLot:
    """Add a seed or plant lot of ``accession`` and record its first placement.

    ``data`` holds ``kind`` ("seed" or "plant"), ``lot_number``, ``location_id`` and the
    fields of that kind; ``placed_at`` (default now) starts its location history.
    """
    errors: dict[str, list[str]] = {}
    kind = data.get("kind")
    if kind not in LOT_KINDS:
        add_error(errors, "kind", _("One of: %(kinds)s.", kinds=", ".join(LOT_KINDS)))
    location = _location(data.get("location_id"), errors, required=True)
    values = _validate(data, kind, errors, ignore=("kind", "location_id"))
    if not values.get("lot_number") and "lot_number" not in errors:
        add_error(errors, "lot_number", _("Required."))
    if errors:
        raise ValidationFailed(errors)
    _check_unique(values["lot_number"], None)
    lot = InventoryLot(accession=accession, kind=kind, location=location, **values)
    db.session.add(lot)
    db.session.flush()
    audit.record(AUDIT_ENTITY, lot.id, "create",
                 {k: v for k, v in audit.snapshot(lot, list(AUDITED)).items()
                  if v not in (None, "")}, lot.lot_number)
    _add_movement(lot, None, location, placed_at or utcnow(), _("Initial placement"))
    return lot


def update_lot(lot: InventoryLot, changes: Mapping[str, Any]) -> InventoryLot:
    """Change a lot's fields (not its location: that is a move, see :func:`move_lot`)."""
    errors: dict[str, list[str]] = {}
    if "location_id" in changes and changes["location_id"] != lot.location_id:
        add_error(errors, "location_id", _("Move the lot to change its location."))
    if "kind" in changes and changes["kind"] != lot.kind:
        add_error(errors, "kind", _("A lot's kind cannot change."))
    values = _validate(changes, lot.kind, errors, ignore=("kind", "location_id"))
    if "lot_number" in values and not values["lot_number"] and "lot_number" not in errors:
        add_error(errors, "lot_number", _("Required."))
    if errors:
        raise ValidationFailed(errors)
    if values.get("lot_number") and values["lot_number"] != lot.lot_number:
        _check_unique(values["lot_number"], lot.id)
    before = audit.snapshot(lot, list(AUDITED))
    for name, value in values.items():
        setattr(lot, name, value)
    db.session.flush()
    audit.record_update(AUDIT_ENTITY, lot, before, lot.lot_number)
    return lot


def move_lot(lot: InventoryLot, to_location_id: int, *, moved_at: datetime | None = None,
             reason: str = "") -> LotMovement:
    """Move a lot to another location, recording who moved it, when and why.

    ``moved_at`` (default now) may be earlier, to record a move made on paper, but not
    before the lot's last movement and not in the future: the history must stay in order.
    """
    errors: dict[str, list[str]] = {}
    target = _location(to_location_id, errors, required=True, field="to_location_id")
    when = moved_at or utcnow()
    if when.tzinfo is None:
        add_error(errors, "moved_at", _("Give the time with its time zone."))
    elif when > utcnow():
        add_error(errors, "moved_at", _("A move cannot be in the future."))
    elif lot.movements and when < lot.movements[-1].moved_at:
        add_error(errors, "moved_at", _("The lot's last movement was later (%(at)s).",
                                        at=lot.movements[-1].moved_at.isoformat()))
    if target is not None and target.id == lot.location_id:
        add_error(errors, "to_location_id", _("The lot is already there."))
    if len(reason) > 255:
        add_error(errors, "reason", _("At most %(n)d characters.", n=255))
    if errors:
        raise ValidationFailed(errors)
    before = audit.snapshot(lot, ["location_id"])
    origin = lot.location
    lot.location = target
    db.session.flush()
    audit.record_update(AUDIT_ENTITY, lot, before, _("Moved %(from)s → %(to)s",
                        **{"from": origin.code if origin else "—", "to": target.code}))
    return _add_movement(lot, origin, target, when, reason)


def delete_lot(lot: InventoryLot) -> None:
    """Delete a lot with its movements and germination tests (audited)."""
    audit.record(AUDIT_ENTITY, lot.id, "delete",
                 {k: v for k, v in audit.snapshot(lot, list(AUDITED)).items()
                  if v not in (None, "")}, lot.lot_number)
    db.session.delete(lot)
    db.session.flush()


def location_history(lot: InventoryLot) -> list[Stay]:
    """Where the lot was: ``(location_id, start, end)`` per stay, the current one open (None).

    A stay ends when the next movement starts; a move to nowhere (a discarded lot) ends the
    last stay without opening another.
    """
    stays: list[Stay] = []
    movements = sorted(lot.movements, key=lambda m: (m.moved_at, m.id))
    for index, movement in enumerate(movements):
        if movement.to_location_id is None:
            continue
        following = movements[index + 1] if index + 1 < len(movements) else None
        stays.append((movement.to_location_id, movement.moved_at,
                      following.moved_at if following else None))
    return stays


def stays_at(location_ids: set[int], start: datetime, end: datetime) -> list[tuple[int, Stay]]:
    """Lots that were in one of ``location_ids`` at some time in [start, end).

    Returns ``(lot_id, (location_id, stay_start, stay_end))`` clipped to the period, so the
    monitoring feature can say which seed an excursion touched.
    """
    lot_ids = db.session.scalars(sa.select(LotMovement.lot_id).where(
        LotMovement.to_location_id.in_(sorted(location_ids))).distinct()).all()
    found: list[tuple[int, Stay]] = []
    for lot in db.session.scalars(sa.select(InventoryLot).where(InventoryLot.id.in_(lot_ids))):
        for location_id, stay_start, stay_end in location_history(lot):
            if location_id not in location_ids or stay_start >= end:
                continue
            if stay_end is not None and stay_end <= start:
                continue
            clipped_end = min(stay_end, end) if stay_end is not None else end
            found.append((lot.id, (location_id, max(stay_start, start), clipped_end)))
    return found


def _add_movement(lot, origin, target, when: datetime, reason: str) -> LotMovement:
    movement = LotMovement(lot=lot, from_location=origin, to_location=target, moved_at=when,
                           moved_by=audit.acting_user(), reason=reason[:255])
    db.session.add(movement)
    db.session.flush()
    return movement


def _check_unique(lot_number: str, own_id: int | None) -> None:
    found = db.session.scalar(sa.select(InventoryLot.id).where(
        InventoryLot.lot_number == lot_number))
    if found is not None and found != own_id:
        message = _("Lot number %(number)s is taken.", number=lot_number)
        raise Conflict(message, {"lot_number": [message]})


def _location(value: Any, errors: dict, required: bool,
              field: str = "location_id") -> StorageLocation | None:
    if value is None or value == "":
        if required:
            add_error(errors, field, _("Required."))
        return None
    location = location_by_ref(value) if isinstance(value, int | str) else None
    if location is None:
        add_error(errors, field, _("No such location."))
    return location


def _validate(data: Mapping[str, Any], kind: str | None, errors: dict,
              ignore: tuple[str, ...]) -> dict[str, Any]:
    """Check each given field; a field of the other kind (seed count of plants) is refused."""
    values: dict[str, Any] = {}
    other = PLANT_FIELDS if kind == "seed" else SEED_FIELDS if kind == "plant" else ()
    for name, value in data.items():
        if name in ignore:
            continue
        if name not in EDITABLE:
            add_error(errors, name, _("Unknown field."))
        elif name in other and value not in (None, ""):
            add_error(errors, name, _("Not a field of a %(kind)s lot.", kind=kind))
        else:
            values[name] = _clean(name, value, errors)
    return {name: value for name, value in values.items() if name not in errors}


def _clean(name: str, value: Any, errors: dict) -> Any:
    """One lot field: numbers in range, dates not in the future, codes from their lists."""
    if name in _TEXTS:
        text = "" if value is None else str(value).strip()
        if len(text) > _TEXTS[name]:
            add_error(errors, name, _("At most %(n)d characters.", n=_TEXTS[name]))
        return text
    if value is None or value == "":
        return False if name == "is_original_sample" else (
            "active" if name == "status" else None)
    if name == "is_original_sample":
        if not isinstance(value, bool):
            add_error(errors, name, _("Give true or false."))
        return bool(value)
    if name == "status":
        if value not in LOT_STATUSES:
            add_error(errors, name, _("One of: %(statuses)s.", statuses=", ".join(LOT_STATUSES)))
        return value
    if name == "storage_type":
        number = clean_integer(name, value, errors, -(10 ** 9), 10 ** 9)
        if number is not None and number not in SEED_STORAGE_TYPES:
            add_error(errors, name, _("One of the MCPD seed storage codes 11, 12, 13."))
        return number
    if name in _COUNTS:
        return clean_integer(name, value, errors, 0, 100_000_000)
    if name in _DATES:
        return clean_date(name, value, errors)
    digits, places = _DECIMALS[name]
    if name.endswith("_pct"):
        return clean_decimal(name, value, errors, places, 100, inclusive=True)
    return clean_decimal(name, value, errors, places, 10 ** (digits - places))
