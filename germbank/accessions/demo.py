"""Demo collection for ``make run``: about 300 bast-fibre accessions with lots and tests.

Deterministic (one seeded random generator, fixed dates) and idempotent: every record is looked
up by its natural key before it is created, so loading twice changes nothing. It goes through
the services, so the demo obeys the same rules, search text and audit trail as real data, and
it never commits (``germbank demo load`` does). Some accessions are due for regeneration for
each reason: germination fallen below 85 % of the initial value (mostly hemp, which stores
poorly), stock below the minimum, a germination test overdue, too few living plants. A dozen
lots moved from ST1-R2 to ST1-R1 in June 2025, so the monitoring pages show exposure across
a move. The tables are in :mod:`germbank.accessions.demo_catalogue`.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from decimal import Decimal

import sqlalchemy as sa

from germbank.accessions.demo_catalogue import (
    CROPS,
    DEMO_INSTCODE,
    DEMO_INSTITUTE,
    DRYING_ROOM,
    MEDIUM_TERM_SHELF,
    PLANT_BEDS,
    RAMIE_TRAITS,
    SEED_SHELVES,
    SITES,
    DemoCrop,
)
from germbank.accessions.services.accessions import create_accession, find_accession
from germbank.accessions.services.events import create_regeneration_event
from germbank.accessions.services.germination import record_germination_test
from germbank.accessions.services.lots import create_lot, move_lot
from germbank.accessions.services.observations import add_observation
from germbank.extensions import db
from germbank.models import StorageLocation
from germbank.models.accessions import Accession, Crop, Institute, Taxon
from germbank.models.inventory import InventoryLot
from germbank.viability.constants import default_constants

SEED = 20261127
LAST_TEST_YEAR = 2026
MOVE_DAY = datetime(2025, 6, 15, 2, 0, tzinfo=UTC)  # 10:00 in Yuanjiang


def load() -> None:
    """Add the demo institute, crops, taxa, accessions, lots, tests and observations."""
    _institute()
    crops = _crops()
    _taxa(crops)
    locations = {loc.code: loc for loc in db.session.scalars(sa.select(StorageLocation))}
    for crop in CROPS:
        for index in range(1, crop.count + 1):
            if find_accession(DEMO_INSTCODE, f"{crop.prefix}{index:04d}") is not None:
                continue
            # One generator per accession: the same numbers whatever was loaded before.
            rng = random.Random(f"{SEED}:{crop.code}:{index}")
            accession = create_accession(_passport(rng, crop, index))
            _lots(accession, crop, _lot_plan(rng, crop, index), locations)
            if crop.code == "ramie" and index <= 12:
                _ramie_observations(rng, accession)
    db.session.flush()
    plan_regenerations()


def _institute() -> None:
    if db.session.scalar(sa.select(Institute.id).where(Institute.code == DEMO_INSTCODE)):
        return
    name, name_zh, address = DEMO_INSTITUTE
    db.session.add(Institute(code=DEMO_INSTCODE, name=name, name_zh=name_zh, address=address,
                             country="CHN"))


def _crops() -> dict[str, Crop]:
    existing = {crop.code: crop for crop in db.session.scalars(sa.select(Crop))}
    for spec in CROPS:
        if spec.code in existing:
            continue
        constants = default_constants(spec.code)
        crop = Crop(code=spec.code, name_en=spec.name_en, name_zh=spec.name_zh,
                    propagation=spec.propagation, pollination=spec.pollination,
                    viability_ke=constants.ke, viability_cw=constants.cw,
                    constants_source=constants.source, is_substitute=constants.is_substitute)
        db.session.add(crop)
        existing[spec.code] = crop
    db.session.flush()
    return existing


def _taxa(crops: dict[str, Crop]) -> dict[tuple[str, str], Taxon]:
    existing = {(t.genus, t.species): t for t in db.session.scalars(sa.select(Taxon))}
    for spec in CROPS:
        for genus, species, author in spec.taxa:
            if (genus, species) not in existing:
                taxon = Taxon(genus=genus, species=species, spauthor=author,
                              crop=crops[spec.code])
                db.session.add(taxon)
                existing[(genus, species)] = taxon
    db.session.flush()
    return existing


def _dms(value: float, axis: str) -> str:
    hemisphere = ("N" if value >= 0 else "S") if axis == "lat" else ("E" if value >= 0 else "W")
    seconds = round(abs(value) * 3600)
    degrees, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    width = 2 if axis == "lat" else 3
    return f"{degrees:0{width}d}{minutes:02d}{seconds:02d}{hemisphere}"


def _passport(rng: random.Random, crop: DemoCrop, index: int) -> dict:
    genus, species, author = crop.taxa[index % len(crop.taxa)]
    number = f"{crop.prefix}{index:04d}"
    year = rng.randint(1985, 2022)
    kind = rng.random()
    record = {"INSTCODE": DEMO_INSTCODE, "ACCENUMB": number, "GENUS": genus,
              "SPECIES": species, "SPAUTHOR": author, "CROPNAME": crop.code,
              "ACQDATE": f"{year}----" if rng.random() < 0.3 else
              f"{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}",
              "STORAGE": "20" if crop.propagation == "clonal" else "11"}
    if crop.introductions and kind < 0.12:
        name, country = crop.introductions[index % len(crop.introductions)]
        record.update(ACCENAME=name, name_zh=name, ORIGCTY=country, SAMPSTAT=500, COLLSRC=40,
                      DONORNAME=f"Genebank of {country} (illustrative)",
                      DONORNUMB=f"{country}-{rng.randint(100, 9999)}")
        return record
    province = crop.provinces[index % len(crop.provinces)]
    province_zh, province_en, abbreviation, counties = SITES[province]
    county_zh, county_en, lat, lon, elevation = rng.choice(counties)
    trait_zh, trait_en = rng.choice(crop.traits)
    if crop.cultivars and kind < 0.30:
        series_zh, series_en = rng.choice(crop.cultivars)
        n = rng.randint(1, 12)
        record.update(name_zh=f"{series_zh}{n}号", ACCENAME=f"{series_en} {n}", SAMPSTAT=500,
                      COLLSRC=40, ORIGCTY="CHN", BREDNAME=f"{province_en} breeding programme")
        return record
    wild = rng.random() < crop.wild_share
    latitude = round(lat + rng.uniform(-0.15, 0.15), 4)
    longitude = round(lon + rng.uniform(-0.15, 0.15), 4)
    month = rng.randint(7, 10)
    record.update(
        ACQDATE=f"{year}{month + 1:02d}--",
        name_zh=f"{county_zh}{trait_zh}", ACCENAME=f"{county_en} {trait_en}",
        ORIGCTY="CHN", SAMPSTAT=110 if wild else 300, COLLSRC=10 if wild else rng.choice(
            (21, 21, 23, 26)),
        COLLNUMB=f"{abbreviation}{year}-{rng.randint(1, 120):03d}", COLLCODE=DEMO_INSTCODE,
        COLLSITE=f"{province_zh}{county_zh} ({county_en}, {province_en})",
        DECLATITUDE=latitude, LATITUDE=_dms(latitude, "lat"),
        DECLONGITUDE=longitude, LONGITUDE=_dms(longitude, "lon"),
        COORDUNCERT=30, COORDDATUM="WGS84", GEOREFMETH="GPS",
        ELEVATION=max(0, elevation + rng.randint(-20, 60)),
        COLLDATE=f"{year}{month:02d}{rng.randint(1, 28):02d}",
    )
    return record


def _lot_plan(rng: random.Random, crop: DemoCrop, index: int) -> dict:
    """Everything random about an accession's lots, drawn in a fixed order."""
    harvest = rng.randint(2018, 2023)
    return {
        "harvest": date(harvest, rng.randint(9, 11), rng.randint(1, 28)),
        "initial": rng.uniform(86, 97),
        "loss": crop.yearly_loss_pct * rng.uniform(0.5, 1.5),
        "seeds": rng.randint(2500, 12000) if rng.random() > 0.1 else rng.randint(500, 1400),
        "tsw": rng.uniform(*crop.thousand_seed_weight) if crop.thousand_seed_weight[1] else 0,
        "shelf": SEED_SHELVES[index % len(SEED_SHELVES)],
        "medium_term": rng.random() < 0.12,
        "overdue": rng.random() < 0.08,
        "moved": index % 9 == 0,
        "plants": rng.randint(6, 20) if rng.random() > 0.1 else rng.randint(2, 4),
        "planted": date(rng.randint(2015, 2023), rng.randint(3, 4), rng.randint(1, 28)),
        "row": rng.randint(1, 30),
        "noise": [rng.randint(-2, 2) for _ in range(40)],
        "test_day": (rng.randint(2, 4), rng.randint(5, 25)),
    }


def _lots(accession, crop: DemoCrop, plan: dict, locations: dict) -> None:
    if crop.propagation == "clonal":
        beds = PLANT_BEDS[crop.code]
        bed = beds[plan["row"] % len(beds)]
        _lot(accession, locations[bed], datetime.combine(plan["planted"], datetime.min.time(),
                                                         UTC), {
            "kind": "plant", "lot_number": f"{accession.accenumb}-P1",
            "plant_count": plan["plants"], "bed": bed.rsplit("-", 1)[-1],
            "row": f"R{plan['row']:02d}", "position": f"1-{plan['plants']}",
            "planting_date": plan["planted"], "is_original_sample": True,
            "health_status": "healthy" if plan["plants"] >= 5 else "weak, replant due"})
        return
    harvest: date = plan["harvest"]
    medium = plan["medium_term"]
    shelf = MEDIUM_TERM_SHELF if medium else ("ST1-R2-S01" if plan["moved"] else plan["shelf"])
    seeds = plan["seeds"]
    lot = _lot(accession, locations[DRYING_ROOM], datetime(harvest.year, harvest.month,
                                                           harvest.day, 1, tzinfo=UTC), {
        "kind": "seed", "lot_number": f"{accession.accenumb}-S{harvest.year}",
        "seed_count": seeds, "grams": Decimal(str(round(seeds * plan["tsw"] / 1000, 1))),
        "thousand_seed_weight_g": Decimal(str(round(plan["tsw"], 2))),
        "seed_moisture_pct": Decimal("7.5"), "harvest_date": harvest,
        "storage_type": 12 if medium else 11, "container": "aluminium foil bag",
        "is_original_sample": True})
    if lot is None:
        return
    packed = datetime(harvest.year, 12, 1, 2, tzinfo=UTC)
    move_lot(lot, locations[shelf].id, moved_at=packed, reason="dried and packed")
    if plan["moved"] and not medium:
        move_lot(lot, locations["ST1-R1-S01"].id, moved_at=MOVE_DAY,
                 reason="room 2 dehumidifier repair")
    _tests(lot, plan, medium)


def _lot(accession, location, placed_at: datetime, data: dict) -> InventoryLot | None:
    if db.session.scalar(sa.select(InventoryLot.id).where(
            InventoryLot.lot_number == data["lot_number"])):
        return None
    return create_lot(accession, {**data, "location_id": location.id}, placed_at=placed_at)


def _tests(lot: InventoryLot, plan: dict, medium: bool) -> None:
    """The first test within 12 months of harvest, then every year (5 in medium-term)."""
    first = plan["harvest"].year + 1
    step = 5 if medium else 1
    last = LAST_TEST_YEAR - (2 if plan["overdue"] else 0)
    noise = iter(plan["noise"])
    for year in range(first, last + 1, step):
        tested_on = date(year, *plan["test_day"])
        if tested_on > date.today():
            break
        loss = plan["loss"] * (year - first) * (0.4 if medium else 1.0)
        percent = max(5.0, plan["initial"] - loss)
        normal = round(percent * 2)  # 4 replicates x 50 seeds
        counts = [normal // 4 + (1 if i < normal % 4 else 0) for i in range(4)]
        shift = next(noise)
        counts[0], counts[1] = counts[0] + shift, counts[1] - shift
        counts = [min(50, max(0, c)) for c in counts]
        dead = min(200 - sum(counts), 4 + abs(shift))
        record_germination_test(lot, {
            "tested_on": tested_on, "replicates": 4, "seeds_per_replicate": 50,
            "normal_counts": counts, "dead_count": dead,
            "abnormal_count": min(200 - sum(counts) - dead, 3),
            "method": "between paper, 25 °C, 7 d (ISTA)", "tested_by": "王技术 Wang"})


def _ramie_observations(rng: random.Random, accession) -> None:
    for year in (2024, 2025):
        for cut, month in ((1, 6), (2, 8), (3, 10)):
            for descriptor, unit, low, high, places in RAMIE_TRAITS:
                value = round(rng.uniform(low, high) * (1.0 if cut == 1 else 0.85), places)
                add_observation(accession, {
                    "descriptor": descriptor, "value": str(value), "unit": unit,
                    "observed_on": date(year, month, 20), "cut_number": cut,
                    "method": "IBFC ramie descriptors (illustrative)",
                    "observer": "李农艺 Li"})


def plan_regenerations() -> None:
    """Plan a regeneration for the first accession due for each reason (idempotent)."""
    from germbank.accessions.services.regeneration import regeneration_due

    planned: set[str] = set()
    for item in regeneration_due():
        code = item.reasons[0].code
        if code in planned:
            continue
        accession = db.session.get(Accession, item.accession_id)
        planned.add(code)
        if accession.regeneration_events:
            continue
        source = next((lot.id for lot in accession.lots if lot.status == "active"), None)
        create_regeneration_event(accession, {
            "status": "planned", "planned_on": date(2027, 4, 1), "site": "Yuanjiang field 3",
            "source_lot_id": source, "notes": item.reasons[0].message})
