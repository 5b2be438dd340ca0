"""Creating, changing and deleting accessions, with validation, links and an audit trail.

The caller owns the transaction: these functions add and flush, the view or command commits.
Every change is audited field by field (entity ``"accession"``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from germbank import audit
from germbank.accessions.services.errors import Conflict, ValidationFailed
from germbank.accessions.services.passport import (
    EDITABLE_FIELDS,
    current_values,
    validate_passport,
)
from germbank.extensions import db
from germbank.models.accessions import Accession, Crop, Taxon
from germbank.models.inventory import InventoryLot

AUDIT_ENTITY = "accession"
SEARCHED_COLUMNS = (
    "accenumb", "accename", "name_zh", "genus", "species", "subtaxa", "cropname",
    "collnumb", "othernumb", "donornumb", "puid", "collsite",
)
"""Columns whose text the free-text search looks in (plus the crop's names)."""


def create_accession(data: Mapping[str, Any]) -> Accession:
    """Validate ``data`` and add a new accession (keys: MCPD codes or column names).

    Raises ``ValidationFailed`` (field -> messages) or ``Conflict`` when the holding
    institute already has that accession number. The crop and taxon are linked from GENUS,
    SPECIES and CROPNAME when not given.
    """
    values = validate_passport(data)
    _check_links(values)
    _check_unique(values["instcode"], values["accenumb"], None)
    accession = Accession(extra={})
    for column, value in values.items():
        setattr(accession, column, value if column != "extra" else (value or {}))
    _link_taxon_and_crop(accession, explicit=set(values))
    refresh_search_text(accession)
    db.session.add(accession)
    db.session.flush()
    snapshot = {key: value for key, value in _audit_snapshot(accession).items()
                if value not in (None, "", {})}
    audit.record(AUDIT_ENTITY, accession.id, "create", snapshot, _label(accession))
    return accession


def update_accession(
    accession: Accession, changes: Mapping[str, Any], expected_version: int | None = None
) -> Accession:
    """Apply ``changes`` (only the given fields; None clears one) after validating them.

    ``expected_version`` is the version the editor started from: a different stored
    version means someone else saved in between, and the change is refused with
    ``Conflict`` instead of silently overwriting theirs.
    """
    if expected_version is not None and expected_version != accession.version:
        raise Conflict(_("Someone else changed this accession while you were editing it. "
                         "Reload it to see their change."), {"version": [str(accession.version)]})
    values = validate_passport(changes, current_values(accession))
    _check_links(values)
    instcode = values.get("instcode", accession.instcode)
    accenumb = values.get("accenumb", accession.accenumb)
    if (instcode, accenumb) != (accession.instcode, accession.accenumb):
        _check_unique(instcode, accenumb, accession.id)
    before = _audit_snapshot(accession)
    with db.session.no_autoflush:  # one UPDATE, so the version goes up by exactly one
        for column, value in values.items():
            setattr(accession, column, value if column != "extra" else (value or {}))
        _link_taxon_and_crop(accession, explicit=set(values))
        refresh_search_text(accession)
    db.session.flush()
    audit.record(AUDIT_ENTITY, accession.id, "update",
                 audit.diff(before, _audit_snapshot(accession)), _label(accession))
    return accession


def delete_accession(accession: Accession) -> None:
    """Delete an accession with its observations; refused while it still has lots.

    Lots are the bank's physical material: deleting them by accident would lose the record
    of seed that exists, so they must be discarded or deleted one by one first.
    """
    lots = db.session.scalar(
        sa.select(sa.func.count()).where(InventoryLot.accession_id == accession.id))
    if lots:
        raise Conflict(_("This accession still has %(n)d lot(s); delete or move them first.",
                         n=lots), {"lots": [str(lots)]})
    snapshot = {key: value for key, value in _audit_snapshot(accession).items()
                if value not in (None, "", {})}
    audit.record(AUDIT_ENTITY, accession.id, "delete", snapshot, _label(accession))
    db.session.delete(accession)
    db.session.flush()


def find_accession(instcode: str, accenumb: str) -> Accession | None:
    """The accession with this natural key (MCPD INSTCODE + ACCENUMB), if stored."""
    return db.session.scalar(sa.select(Accession).where(
        Accession.instcode == instcode, Accession.accenumb == accenumb))


def refresh_search_text(accession: Accession) -> None:
    """Recompute the lower-case text the free-text search looks in.

    Kept in a column so a search over 100,000 accessions is one scan of one column instead of
    eleven ``OR``-ed conditions; every write path goes through this function.
    """
    crop = accession.crop or (db.session.get(Crop, accession.crop_id)
                              if accession.crop_id else None)
    accession.search_text = search_text_of(
        {column: getattr(accession, column) for column in SEARCHED_COLUMNS}, crop)


def search_text_of(columns: Mapping[str, Any], crop: Crop | None) -> str:
    """The search text of column values (bulk imports call this to fill ``search_text``)."""
    parts = [columns.get(column) for column in SEARCHED_COLUMNS]
    if crop is not None:
        parts += [crop.code, crop.name_en, crop.name_zh]
    return " ".join(str(part) for part in parts if part).lower()


def _audit_snapshot(accession: Accession) -> dict[str, Any]:
    return audit.snapshot(accession, list(EDITABLE_FIELDS))


def _label(accession: Accession) -> str:
    return f"{accession.instcode} {accession.accenumb}"


def _check_unique(instcode: str, accenumb: str, own_id: int | None) -> None:
    found = find_accession(instcode, accenumb)
    if found is not None and found.id != own_id:
        raise Conflict(
            _("%(instcode)s already holds an accession numbered %(accenumb)s.",
              instcode=instcode, accenumb=accenumb),
            {"accenumb": [_("%(instcode)s already holds an accession numbered %(accenumb)s.",
                            instcode=instcode, accenumb=accenumb)]})


def _check_links(values: Mapping[str, Any]) -> None:
    """A crop or taxon given by number must exist."""
    errors: dict[str, list[str]] = {}
    for column, model in (("crop_id", Crop), ("taxon_id", Taxon)):
        ident = values.get(column)
        if ident is not None and db.session.get(model, ident) is None:
            errors[column] = [_("No record with number %(id)d.", id=ident)]
    if errors:
        raise ValidationFailed(errors)


def _link_taxon_and_crop(accession: Accession, explicit: set[str]) -> None:
    """Link the taxon from the scientific name and the crop from the taxon or CROPNAME.

    Only links that were not set explicitly are inferred, and only when the name changed,
    so a curator's deliberate choice is never overwritten.
    """
    name_changed = bool(explicit & {"genus", "species", "subtaxa", "cropname"})
    if "taxon_id" not in explicit and (name_changed or accession.taxon_id is None):
        taxon = find_taxon(accession.genus, accession.species, accession.subtaxa)
        accession.taxon_id = taxon.id if taxon else None
        accession.taxon = taxon
    if "crop_id" not in explicit and (name_changed or accession.crop_id is None):
        crop = None
        if accession.taxon is not None and accession.taxon.crop_id is not None:
            crop = db.session.get(Crop, accession.taxon.crop_id)
        if crop is None and accession.cropname:
            crop = find_crop(accession.cropname)
        accession.crop_id = crop.id if crop else None
        accession.crop = crop


def find_taxon(genus: str | None, species: str | None, subtaxa: str | None) -> Taxon | None:
    """The taxon of a scientific name: exact subtaxon first, else the species itself."""
    if not genus:
        return None
    candidates = db.session.scalars(sa.select(Taxon).where(
        Taxon.genus == genus, Taxon.species == (species or ""))).all()
    for wanted in (subtaxa or "", ""):
        for taxon in candidates:
            if taxon.subtaxa == wanted:
                return taxon
    return None


def find_crop(name: str) -> Crop | None:
    """The crop called ``name`` (code, English or Chinese name, case-insensitive)."""
    wanted = name.strip().lower()
    if not wanted:
        return None
    return db.session.scalar(sa.select(Crop).where(sa.or_(
        sa.func.lower(Crop.code) == wanted, sa.func.lower(Crop.name_en) == wanted,
        Crop.name_zh == name.strip())).order_by(Crop.id).limit(1))
