"""A bank of 100,000 accessions with lots and germination tests, for the accession benchmarks.

Why this way: the passports go in through the product's own bulk path (the MCPD import
service, the same code as `germbank import-mcpd`), so `search_text`, crops and taxa are exactly
what the product would store; lots and tests are then inserted in bulk with SQLAlchemy Core,
because there is no bulk path for them and a million ORM objects would make the set-up longer
than the benchmark. Counts per accession are fixed by its id, so every run builds the same bank.
"""

from __future__ import annotations

import itertools
import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa

from bench.common import DATA_DIR
from bench.mcpd_data import write_mcpd_csv

SEED_LOCATIONS = ("ST1-R1-S01", "ST1-R1-S02", "ST1-R2-S01", "ST1-R3-S01")
PLANT_LOCATIONS = ("GH1-B1-BED01", "GH1-B1-BED02", "GH1-B2-BED01")
CHUNK = 5_000


def load_bank(app, accessions: int) -> dict[str, int]:
    """Fill the app's (migrated, empty) database; return how many of each were stored."""
    from germbank.demo import load_core
    from germbank.extensions import db
    from germbank.mcpd import check_file
    from germbank.mcpd_import.services.importer import import_mcpd

    csv_path = write_mcpd_csv(DATA_DIR / f"bank_{accessions}.csv", accessions)
    with app.app_context():
        load_core()
        db.session.commit()
        report = import_mcpd(check_file(csv_path), csv_path.name)
        if not report.applied:
            raise RuntimeError(f"the generated bank did not import: {report.errors[:3]}")
        db.session.commit()
        lots, tests = _add_lots_and_tests(db)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return {"accessions": report.created, "lots": lots, "tests": tests}


def _add_lots_and_tests(db) -> tuple[int, int]:
    """Seed lots (1–2 per accession, some with two tests) and a plant lot for every 5th."""
    from germbank.models import StorageLocation
    from germbank.models.accessions import Accession
    from germbank.models.inventory import GerminationTest, InventoryLot

    location_ids = dict(db.session.execute(
        sa.select(StorageLocation.code, StorageLocation.id)).all())
    ids = list(db.session.scalars(sa.select(Accession.id).order_by(Accession.id)))
    rng = random.Random(11)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    lot_rows, planned_tests = [], []
    for accession_id in ids:
        for number in range(1 + (accession_id % 3 == 0)):
            harvest = date(2000, 1, 1) + timedelta(days=rng.randrange(0, 9000))
            lot_rows.append(_lot(accession_id, number, "seed", location_ids, rng, harvest, now))
            planned_tests.append((len(lot_rows) - 1, harvest, 1 + (accession_id % 4 == 0)))
        if accession_id % 5 == 0:
            lot_rows.append(_lot(accession_id, 9, "plant", location_ids, rng, None, now))
    lot_ids = []
    for chunk in _chunks(lot_rows):
        returned = db.session.execute(
            InventoryLot.__table__.insert().returning(InventoryLot.__table__.c.id,
                                                      InventoryLot.__table__.c.lot_number), chunk)
        lot_ids.extend(returned.all())
    id_of = {number: lot_id for lot_id, number in lot_ids}
    test_rows = []
    for index, harvest, count in planned_tests:
        for repeat in range(count):
            normal = [rng.randrange(35, 50) for _ in range(4)]
            test_rows.append({
                "lot_id": id_of[lot_rows[index]["lot_number"]],
                "tested_on": harvest + timedelta(days=60 + 1800 * repeat),
                "replicates": 4, "seeds_per_replicate": 50, "normal_counts": normal,
                "abnormal_count": 4, "dead_count": 200 - sum(normal) - 4, "dormant_count": 0,
                "result_pct": Decimal(sum(normal)) / 2, "method": "ISTA between paper, 25 °C",
                "tested_by": "bench", "notes": "", "created_at": now,
            })
    for chunk in _chunks(test_rows):
        db.session.execute(GerminationTest.__table__.insert(), chunk)
    return len(lot_rows), len(test_rows)


def _lot(accession_id, number, kind, location_ids, rng, harvest, now) -> dict:
    seed = kind == "seed"
    location = rng.choice(SEED_LOCATIONS if seed else PLANT_LOCATIONS)
    return {
        "accession_id": accession_id, "lot_number": f"L{accession_id:06d}-{number}", "kind": kind,
        "location_id": location_ids[location],
        "grams": Decimal(rng.randrange(20, 900)) if seed else None,
        "seed_count": rng.randrange(800, 12000) if seed else None,
        "thousand_seed_weight_g": Decimal("7.5") if seed else None,
        "seed_moisture_pct": Decimal("6.5") if seed else None,
        "harvest_date": harvest, "storage_type": rng.choice((11, 12, 13)) if seed else None,
        "container": "foil bag" if seed else "", "plant_count": None if seed else 12,
        "bed": "" if seed else location, "row": "", "position": "",
        "planting_date": None if seed else date(2024, 4, 1), "health_status": "",
        "initial_germination_pct": Decimal(rng.randrange(70, 99)) if seed else None,
        "status": "active", "is_original_sample": number == 0, "notes": "", "version": 1,
        "created_at": now, "updated_at": now,
    }


def _chunks(rows: list[dict]):
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, CHUNK)):
        yield chunk
