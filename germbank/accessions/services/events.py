"""Regeneration events: planning and recording the grow-out that renews an accession.

Kept apart from the due-list logic: the due list says what should happen, events record what
was planned and done (FAO 4.4: regenerate from the most original sample).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _

from germbank import audit
from germbank.accessions.services.errors import ValidationFailed, add_error
from germbank.accessions.services.values import as_id, clean_date, clean_decimal, clean_integer
from germbank.extensions import db
from germbank.models.accessions import Accession
from germbank.models.inventory import REGENERATION_STATUSES, InventoryLot, RegenerationEvent

AUDIT_ENTITY = "regeneration_event"
EDITABLE = ("source_lot_id", "new_lot_id", "status", "planned_on", "started_on",
            "completed_on", "site", "plants_grown", "seed_harvested_g", "notes")


def create_regeneration_event(accession: Accession, data: Mapping[str, Any]) -> RegenerationEvent:
    """Plan or record a regeneration of ``accession`` (status defaults to "planned")."""
    values = _validate(accession, data, None)
    event = RegenerationEvent(accession=accession, **{"status": "planned", **values})
    db.session.add(event)
    db.session.flush()
    audit.record(AUDIT_ENTITY, event.id, "create",
                 {k: v for k, v in audit.snapshot(event, ["accession_id", *EDITABLE]).items()
                  if v not in (None, "")}, accession.accenumb)
    return event


def update_regeneration_event(event: RegenerationEvent,
                              changes: Mapping[str, Any]) -> RegenerationEvent:
    """Change the given fields of an event (e.g. mark it completed with the harvest)."""
    values = _validate(event.accession, changes, event)
    before = audit.snapshot(event, list(EDITABLE))
    for name, value in values.items():
        setattr(event, name, value)
    db.session.flush()
    audit.record_update(AUDIT_ENTITY, event, before, event.accession.accenumb)
    return event


def _validate(accession: Accession, data: Mapping[str, Any],
              event: RegenerationEvent | None) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    for name, value in data.items():
        if name not in EDITABLE:
            add_error(errors, name, _("Unknown field."))
        elif name in ("source_lot_id", "new_lot_id"):
            values[name] = _own_lot(accession, name, value, errors)
        elif name == "status":
            if value not in REGENERATION_STATUSES:
                add_error(errors, name, _("One of: %(statuses)s.",
                                          statuses=", ".join(REGENERATION_STATUSES)))
            values[name] = value
        elif name in ("planned_on", "started_on", "completed_on"):
            values[name] = clean_date(name, value, errors, future_ok=name == "planned_on")
        elif name == "plants_grown":
            values[name] = clean_integer(name, value, errors, 0, 10_000_000)
        elif name == "seed_harvested_g":
            values[name] = clean_decimal(name, value, errors, 3, 10 ** 9)
        else:
            text = "" if value is None else str(value).strip()
            if len(text) > (128 if name == "site" else 10_000):
                add_error(errors, name, _("Too long."))
            values[name] = text
    merged = {name: getattr(event, name, None) for name in EDITABLE} if event else {}
    merged.update(values)
    started, completed = merged.get("started_on"), merged.get("completed_on")
    if started and completed and completed < started and "completed_on" not in errors:
        add_error(errors, "completed_on", _("Completed before it started."))
    if errors:
        raise ValidationFailed(errors)
    return values


def _own_lot(accession: Accession, name: str, value: Any, errors: dict) -> int | None:
    if value is None or value == "":
        return None
    ident = as_id(value)
    lot = db.session.get(InventoryLot, ident) if ident is not None else None
    if lot is None or lot.accession_id != accession.id:
        add_error(errors, name, _("Give a lot of this accession."))
        return None
    return lot.id
