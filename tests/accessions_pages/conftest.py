"""Fixtures for the accession pages: the bank's locations, crops, and record factories that
go through the services (so pages are tested against data made the way people make it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

import pytest


@pytest.fixture
def make_accession(bank) -> Callable[..., object]:
    """Create (and commit) an accession through the service; keywords override the passport."""
    from germbank.accessions.services import create_accession
    from germbank.extensions import db

    counter = iter(range(1, 100_000))

    def factory(**fields):
        data = {"INSTCODE": "CHN121", "ACCENUMB": f"YJ{next(counter):05d}",
                "GENUS": "Hibiscus", "SPECIES": "cannabinus", "CROPNAME": "kenaf", **fields}
        accession = create_accession(data)
        db.session.commit()
        return accession

    return factory


@pytest.fixture
def make_lot(location) -> Callable[..., object]:
    """Create (and commit) a seed lot (or, with kind="plant", plants) of an accession."""
    from germbank.accessions.services import create_lot
    from germbank.extensions import db

    counter = iter(range(1, 100_000))

    def factory(accession, where: str | None = None, kind: str = "seed", **fields):
        number = f"L{next(counter):05d}"
        if kind == "seed":
            data = {"seed_count": 10_000, "initial_germination_pct": Decimal("90"),
                    "storage_type": 11, "harvest_date": "2023-09-20"}
            where = where or "ST1-R1-S01"
        else:
            data = {"plant_count": 12, "bed": "BED01", "row": "3"}
            where = where or "GH1-B1-BED01"
        data.update({"kind": kind, "lot_number": number, "location_id": location(where).id,
                     **fields})
        lot = create_lot(accession, data, placed_at=datetime(2024, 1, 1, tzinfo=UTC))
        db.session.commit()
        return lot

    return factory


@pytest.fixture
def make_test() -> Callable[..., object]:
    """Record (and commit) a germination test on replicates of 50 seeds."""
    from germbank.accessions.services import record_germination_test
    from germbank.extensions import db

    def factory(lot, tested_on: str, normal_counts: list[int]):
        test = record_germination_test(lot, {
            "tested_on": tested_on, "replicates": len(normal_counts),
            "seeds_per_replicate": 50, "normal_counts": normal_counts})
        db.session.commit()
        return test

    return factory


@pytest.fixture(autouse=True)
def print_server_errors(monkeypatch):
    """Print the trace of an unexpected server error, so a failing page test shows its cause."""
    import traceback

    import germbank.errors

    class Printer:
        def exception(self, *args, **kwargs):
            traceback.print_exc()

    monkeypatch.setattr(germbank.errors, "log", Printer())
