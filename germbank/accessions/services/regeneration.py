"""Which accessions are due for regeneration, and why, with the numbers that decided it.

The rules are in :mod:`~germbank.accessions.services.rules`; this module reads what they
need in a few set-based queries (lots, each lot's latest test, crops, the location tree), so
the list stays quick for a large bank, and returns every reason of every accession, not just
the first one found.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from germbank.accessions.services import rules
from germbank.accessions.services.locations import climate_classes
from germbank.extensions import db
from germbank.models.accessions import (
    DEFAULT_MIN_PLANTS,
    DEFAULT_REGENERATION_THRESHOLD,
    Accession,
    Crop,
)
from germbank.models.inventory import GerminationTest, InventoryLot

CLIMATE_LABELS = {"short_term": "short-term", "medium_term": "medium-term", "base": "base"}


@dataclass(frozen=True)
class DueReason:
    """One reason an accession needs regenerating; ``values`` holds the deciding numbers."""

    code: str
    message: str
    lot_id: int | None = None
    lot_number: str | None = None
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class DueAccession:
    """An accession due for regeneration with all its reasons."""

    accession_id: int
    instcode: str
    accenumb: str
    taxon: str
    crop_id: int | None
    reasons: list[DueReason] = field(default_factory=list)

    @property
    def reason_codes(self) -> list[str]:
        """The distinct reason codes, in rule order."""
        return [code for code in rules.REASON_CODES if any(r.code == code for r in self.reasons)]


@dataclass
class _CropRules:
    threshold: Decimal = DEFAULT_REGENERATION_THRESHOLD
    min_seeds: int = 1500
    interval_years: int | None = None
    min_plants: int = DEFAULT_MIN_PLANTS


def regeneration_due(today: date | None = None,
                     accession_ids: Iterable[int] | None = None) -> list[DueAccession]:
    """Accessions due for regeneration on ``today`` (default: today), sorted by number.

    ``accession_ids`` limits the check (the accession page asks about one).
    """
    today = today or date.today()
    wanted = None if accession_ids is None else sorted(set(accession_ids))
    crops = _crop_rules()
    climate = climate_classes()
    lots = _active_and_past_lots(wanted)
    latest = _latest_tests(wanted)
    by_accession: dict[int, list[Any]] = {}
    for lot in lots:
        by_accession.setdefault(lot.accession_id, []).append(lot)
    found: list[DueAccession] = []
    for accession_id, its_lots in by_accession.items():
        first = its_lots[0]
        crop = crops.get(first.crop_id, _CropRules())
        reasons: list[DueReason] = []
        for lot in its_lots:
            if lot.kind == "seed" and lot.status == "active":
                test = latest.get(lot.id)
                reasons += _germination_reasons(lot, test, crop)
                reasons += _overdue_reasons(lot, test, crop, climate, today)
        reasons += _stock_reasons(its_lots, latest, crop)
        reasons += _plant_reasons(its_lots, crop)
        if reasons:
            reasons.sort(key=lambda r: (rules.REASON_CODES.index(r.code), r.lot_number or ""))
            found.append(DueAccession(accession_id, first.instcode, first.accenumb,
                                      " ".join(p for p in (first.genus, first.species) if p),
                                      first.crop_id, reasons))
    found.sort(key=lambda item: (item.accenumb, item.instcode))
    return found


def due_accession_ids(today: date | None = None) -> set[int]:
    """Ids of the accessions due for regeneration (the list filter uses this)."""
    return {item.accession_id for item in regeneration_due(today)}


def reasons_for(accession: Accession, today: date | None = None) -> list[DueReason]:
    """The regeneration reasons of one accession (empty when none is due)."""
    found = regeneration_due(today, [accession.id])
    return found[0].reasons if found else []


def _crop_rules() -> dict[int, _CropRules]:
    return {
        crop.id: _CropRules(crop.regeneration_threshold, crop.minimum_viable_seeds(),
                            crop.monitoring_interval_years, crop.min_plants)
        for crop in db.session.scalars(sa.select(Crop))
    }


def _active_and_past_lots(accession_ids: list[int] | None) -> list[Any]:
    query = (
        sa.select(InventoryLot.id, InventoryLot.accession_id, InventoryLot.lot_number,
                  InventoryLot.kind, InventoryLot.status, InventoryLot.location_id,
                  InventoryLot.seed_count, InventoryLot.grams,
                  InventoryLot.thousand_seed_weight_g, InventoryLot.plant_count,
                  InventoryLot.initial_germination_pct, InventoryLot.storage_type,
                  InventoryLot.harvest_date, InventoryLot.created_at,
                  Accession.instcode, Accession.accenumb, Accession.genus, Accession.species,
                  Accession.crop_id)
        .join(Accession, Accession.id == InventoryLot.accession_id)
        .where(InventoryLot.status != "discarded")
        .order_by(InventoryLot.accession_id, InventoryLot.lot_number)
    )
    if accession_ids is not None:
        query = query.where(InventoryLot.accession_id.in_(accession_ids))
    return list(db.session.execute(query))


def _latest_tests(accession_ids: list[int] | None) -> dict[int, Any]:
    ranked = sa.select(
        GerminationTest.lot_id, GerminationTest.result_pct, GerminationTest.tested_on,
        sa.func.row_number().over(
            partition_by=GerminationTest.lot_id,
            order_by=(GerminationTest.tested_on.desc(), GerminationTest.id.desc()),
        ).label("rank"),
    )
    if accession_ids is not None:
        ranked = ranked.join(InventoryLot, InventoryLot.id == GerminationTest.lot_id).where(
            InventoryLot.accession_id.in_(accession_ids))
    ranked = ranked.subquery()
    rows = db.session.execute(sa.select(ranked.c.lot_id, ranked.c.result_pct,
                                        ranked.c.tested_on).where(ranked.c.rank == 1))
    return {row.lot_id: row for row in rows}


def _germination_reasons(lot, test, crop: _CropRules) -> list[DueReason]:
    if test is None or lot.initial_germination_pct is None:
        return []
    initial, latest = Decimal(lot.initial_germination_pct), Decimal(test.result_pct)
    if not rules.germination_too_low(latest, initial, crop.threshold):
        return []
    threshold = rules.germination_threshold(initial, crop.threshold)
    numbers = {"latest": rules.percent_text(latest), "threshold": rules.percent_text(threshold),
               "fraction": rules.percent_text(Decimal(crop.threshold) * 100),
               "initial": rules.percent_text(initial), "tested_on": test.tested_on.isoformat()}
    message = _("Lot %(lot)s: germination %(latest)s %% < %(threshold)s %% (%(fraction)s %% of "
                "initial %(initial)s %%), tested %(tested_on)s", lot=lot.lot_number, **numbers)
    return [DueReason("low_germination", message, lot.id, lot.lot_number, numbers)]


def _overdue_reasons(lot, test, crop: _CropRules, climate: dict, today: date) -> list[DueReason]:
    store_class = climate.get(lot.location_id) if lot.location_id else None
    years = rules.monitoring_interval_years(crop.interval_years, store_class, lot.storage_type)
    reference = test.tested_on if test is not None else (
        lot.harvest_date or lot.created_at.date())
    if not rules.is_test_overdue(reference, years, today):
        return []
    due = rules.next_test_due_on(reference, years)
    numbers = {"years": years, "due": due.isoformat(), "since": reference.isoformat(),
               "store": CLIMATE_LABELS.get(store_class or "", store_class or "")}
    if test is not None:
        message = _("Lot %(lot)s: germination test overdue since %(due)s (last test "
                    "%(since)s; test every %(years)d year(s))", lot=lot.lot_number, **numbers)
    else:
        message = _("Lot %(lot)s: no germination test yet; one was due by %(due)s "
                    "(lot stored %(since)s; test every %(years)d year(s))",
                    lot=lot.lot_number, **numbers)
    return [DueReason("test_overdue", message, lot.id, lot.lot_number, numbers)]


def estimated_seed_count(lot) -> int | None:
    """The lot's seed count, or grams / thousand-seed weight when only the weight is known."""
    if lot.seed_count is not None:
        return lot.seed_count
    if lot.grams is not None and lot.thousand_seed_weight_g:
        return int(Decimal(lot.grams) * 1000 / Decimal(lot.thousand_seed_weight_g))
    return None


def _stock_reasons(lots: list, latest: dict, crop: _CropRules) -> list[DueReason]:
    seed_lots = [lot for lot in lots if lot.kind == "seed"]
    if not seed_lots:
        return []
    viable, counted, unknown = Decimal(0), 0, 0
    for lot in seed_lots:
        if lot.status != "active":
            continue
        count = estimated_seed_count(lot)
        if count is None:
            unknown += 1
            continue
        test = latest.get(lot.id)
        pct = test.result_pct if test is not None else lot.initial_germination_pct
        viable += rules.viable_seeds(count, pct)
        counted += count
    if unknown or not rules.stock_too_low(viable, crop.min_seeds):
        return []
    numbers = {"viable": int(viable), "minimum": crop.min_seeds, "seeds": counted}
    message = _("Viable seeds %(viable)d < minimum %(minimum)d (%(seeds)d seeds in active lots "
                "x their latest germination)", **numbers)
    return [DueReason("low_stock", message, None, None, numbers)]


def _plant_reasons(lots: list, crop: _CropRules) -> list[DueReason]:
    plant_lots = [lot for lot in lots if lot.kind == "plant"]
    if not plant_lots:
        return []
    plants = sum(lot.plant_count or 0 for lot in plant_lots if lot.status == "active")
    if not rules.too_few_plants(plants, crop.min_plants):
        return []
    numbers = {"plants": plants, "minimum": crop.min_plants}
    message = _("%(plants)d living plants < minimum %(minimum)d", **numbers)
    return [DueReason("few_plants", message, None, None, numbers)]
