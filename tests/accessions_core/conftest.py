"""Fixtures for the accessions core: the bank's locations, crops and small record factories."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest


@pytest.fixture
def make_accession(bank) -> Callable[..., object]:
    """Create (and commit) an accession; keyword arguments override the passport."""
    from germbank.accessions.services.accessions import create_accession
    from germbank.extensions import db

    counter = iter(range(1, 10_000))

    def factory(**fields):
        data = {"INSTCODE": "CHN001", "ACCENUMB": f"T{next(counter):04d}",
                "GENUS": "Hibiscus", "SPECIES": "cannabinus", **fields}
        accession = create_accession(data)
        db.session.commit()
        return accession

    return factory


@pytest.fixture
def make_seed_lot(location) -> Callable[..., object]:
    """Create (and commit) a seed lot of an accession in ST1-R1-S01 unless told otherwise."""
    from germbank.accessions.services.lots import create_lot
    from germbank.extensions import db

    counter = iter(range(1, 10_000))

    def factory(accession, where: str = "ST1-R1-S01", placed_at: datetime | None = None,
                **fields):
        data = {"kind": "seed", "lot_number": f"L{next(counter):04d}",
                "location_id": location(where).id, "seed_count": 10_000,
                "initial_germination_pct": Decimal("90"), "storage_type": 11, **fields}
        lot = create_lot(accession, data,
                         placed_at=placed_at or datetime(2020, 1, 1, tzinfo=UTC))
        db.session.commit()
        return lot

    return factory


@pytest.fixture
def make_test() -> Callable[..., object]:
    """Record (and commit) a germination test with a given result on 4 x 50 seeds."""
    from germbank.accessions.services.germination import record_germination_test
    from germbank.extensions import db

    def factory(lot, tested_on: date, normal_counts: list[int], per_replicate: int = 50):
        test = record_germination_test(lot, {
            "tested_on": tested_on, "replicates": len(normal_counts),
            "seeds_per_replicate": per_replicate, "normal_counts": normal_counts})
        db.session.commit()
        return test

    return factory


@pytest.fixture
def english(app):
    """Service messages in English (outside a request the default language is Chinese)."""
    from flask_babel import force_locale

    with force_locale("en"):
        yield
