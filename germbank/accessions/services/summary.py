"""The numbers on the agronomists' home card: holdings, what is due and this year's tests."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from germbank.accessions.services.regeneration_sql import due_counts
from germbank.extensions import db
from germbank.models.accessions import Accession
from germbank.models.inventory import GerminationTest, InventoryLot


def home_summary(today: date | None = None) -> dict[str, Any]:
    """Counts for the home card (``accessions/_card.html`` receives them as ``card``).

    Keys: ``accessions``, ``seed_lots`` and ``plant_lots`` (active lots), ``plants``,
    ``due_total`` (accessions due for regeneration), ``due`` (accessions per reason code:
    low_germination, low_stock, test_overdue, few_plants), ``tests_this_year``.
    """
    today = today or date.today()
    lots = dict(db.session.execute(
        sa.select(InventoryLot.kind, sa.func.count())
        .where(InventoryLot.status == "active").group_by(InventoryLot.kind)).all())
    plants = db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(InventoryLot.plant_count), 0))
                               .where(InventoryLot.status == "active",
                                      InventoryLot.kind == "plant"))
    due = due_counts(today)
    tests = db.session.scalar(sa.select(sa.func.count()).select_from(GerminationTest).where(
        GerminationTest.tested_on >= date(today.year, 1, 1),
        GerminationTest.tested_on <= today))
    return {
        "accessions": db.session.scalar(sa.select(sa.func.count()).select_from(Accession)),
        "seed_lots": lots.get("seed", 0),
        "plant_lots": lots.get("plant", 0),
        "plants": int(plants or 0),
        "due_total": due.pop("total"),
        "due": due,
        "tests_this_year": tests,
    }
