"""The demo collection: plausible, covers every regeneration reason, and loads idempotently."""

from __future__ import annotations

import sqlalchemy as sa


def counts() -> dict[str, int]:
    from germbank.extensions import db
    from germbank.models import AuditEntry
    from germbank.models.accessions import Accession, Crop
    from germbank.models.inventory import GerminationTest, InventoryLot, LotMovement

    return {model.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in (Accession, Crop, InventoryLot, GerminationTest, LotMovement,
                          AuditEntry)}


def test_demo_loads_once_and_again_changes_nothing(app):
    from germbank.accessions import demo
    from germbank.accessions.services.regeneration import (
        evaluate_everything,
        regeneration_due,
    )
    from germbank.accessions.services.search import AccessionFilter, filtered_query
    from germbank.demo import load_core
    from germbank.extensions import db
    from germbank.models.inventory import InventoryLot, LotMovement

    load_core()
    demo.load()
    db.session.commit()
    first = counts()
    assert first["Accession"] >= 250 and first["Crop"] == 8
    demo.load()
    db.session.commit()
    assert counts() == first

    due = regeneration_due()
    reasons = {code for item in due for code in item.reason_codes}
    assert reasons == {"low_germination", "low_stock", "test_overdue", "few_plants"}
    reference = {(item.accession_id, tuple(item.reason_codes))
                 for item in evaluate_everything()}
    assert {(item.accession_id, tuple(item.reason_codes)) for item in due} == reference
    ramie = db.session.scalars(filtered_query(AccessionFilter(q="苎麻"))).all()
    assert len(ramie) == 70 and all(a.genus == "Boehmeria" for a in ramie)
    assert db.session.scalars(filtered_query(AccessionFilter(location="GH1"))).first()
    moved = db.session.scalars(sa.select(LotMovement).where(
        LotMovement.reason == "room 2 dehumidifier repair")).all()
    assert len(moved) >= 5
    assert {m.from_location.code for m in moved} == {"ST1-R2-S01"}
    medium = db.session.scalar(sa.select(sa.func.count()).select_from(InventoryLot).where(
        InventoryLot.storage_type == 12))
    assert medium > 0
