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
from flask_babel import gettext

from germbank.accessions.services import rules
from germbank.accessions.services.locations import climate_classes
from germbank.accessions.services.regeneration_sql import due_accession_ids_query, latest_tests
from germbank.extensions import db
from germbank.mcpd.messages import N_
from germbank.models.accessions import (
    DEFAULT_MIN_PLANTS,
    DEFAULT_REGENERATION_THRESHOLD,
    Accession,
    Crop,
)
from germbank.models.inventory import InventoryLot

CLIMATE_LABELS = {"short_term": "short-term", "medium_term": "medium-term", "base": "base"}

# Message templates, marked with N_ for extraction and rendered by DueReason.message.
LOW_GERMINATION = N_("Lot %(lot)s: germination %(latest)s %% < %(threshold)s %% "
                     "(%(fraction)s %% of initial %(initial)s %%), tested %(tested_on)s")
TEST_OVERDUE = N_("Lot %(lot)s: germination test overdue since %(due)s (last test %(since)s; "
                  "test every %(years)d year(s))")
NEVER_TESTED = N_("Lot %(lot)s: no germination test yet; one was due by %(due)s (lot stored "
                  "%(since)s; test every %(years)d year(s))")
LOW_STOCK = N_("Viable seeds %(viable)d < minimum %(minimum)d (%(seeds)d seeds in active lots "
               "x their latest germination)")
FEW_PLANTS = N_("%(plants)d living plants < minimum %(minimum)d")


@dataclass(frozen=True)
class DueReason:
    """One reason an accession needs regenerating; ``values`` holds the deciding numbers.

    The message is rendered when read, in the reader's language: a bank-wide check
    (the home card, the list filter) then costs no translation at all.
    """

    code: str
    template: str
    lot_id: int | None = None
    lot_number: str | None = None
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """The reason as a sentence with its numbers."""
        return gettext(self.template, lot=self.lot_number or "", **self.values)


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


@dataclass(frozen=True)
class _Latest:
    result_pct: Decimal
    tested_on: date


@dataclass
class _CropRules:
    threshold: Decimal = DEFAULT_REGENERATION_THRESHOLD
    min_seeds: int = 1500
    interval_years: int | None = None
    min_plants: int = DEFAULT_MIN_PLANTS


def regeneration_due(today: date | None = None,
                     accession_ids: Iterable[int] | None = None) -> list[DueAccession]:
    """Accessions due for regeneration on ``today`` (default: today), sorted by number.

    The database picks the due accessions (:mod:`regeneration_sql`); only those are then
    explained in Python. ``accession_ids`` limits the check (the accession page asks about
    one).
    """
    today = today or date.today()
    if accession_ids is None:
        return _evaluate(today, due_accession_ids_query(today))
    return _evaluate(today, sorted(set(accession_ids)))


def evaluate_everything(today: date | None = None) -> list[DueAccession]:
    """The Python rules over every accession with lots, from the tests themselves: the
    reference the SQL form and the lots' latest-test copies are checked against (slow for a
    large bank; use :func:`regeneration_due`)."""
    return _evaluate(today or date.today(), None, from_tests=True)


def due_accession_ids(today: date | None = None) -> set[int]:
    """Ids of the accessions due for regeneration (decided by the database)."""
    return set(db.session.scalars(due_accession_ids_query(today or date.today())))


def reasons_for(accession: Accession, today: date | None = None) -> list[DueReason]:
    """The regeneration reasons of one accession (empty when none is due)."""
    found = regeneration_due(today, [accession.id])
    return found[0].reasons if found else []


def _evaluate(today: date, scope: list[int] | sa.Select | None,
              from_tests: bool = False) -> list[DueAccession]:
    """Apply the rules; ``from_tests`` ranks the tests instead of reading the lots' copy."""
    crops = _crop_rules()
    climate = climate_classes()
    lots = _active_and_past_lots(scope)
    latest = _latest_tests(scope) if from_tests else {
        lot.id: _Latest(lot.latest_germination_pct, lot.latest_tested_on)
        for lot in lots if lot.latest_tested_on is not None}
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


def _crop_rules() -> dict[int, _CropRules]:
    return {
        crop.id: _CropRules(crop.regeneration_threshold, crop.minimum_viable_seeds(),
                            crop.monitoring_interval_years, crop.min_plants)
        for crop in db.session.scalars(sa.select(Crop))
    }


def _active_and_past_lots(scope: list[int] | sa.Select | None) -> list[Any]:
    query = (
        sa.select(InventoryLot.id, InventoryLot.accession_id, InventoryLot.lot_number,
                  InventoryLot.kind, InventoryLot.status, InventoryLot.location_id,
                  InventoryLot.seed_count, InventoryLot.grams,
                  InventoryLot.thousand_seed_weight_g, InventoryLot.plant_count,
                  InventoryLot.initial_germination_pct, InventoryLot.storage_type,
                  InventoryLot.latest_germination_pct, InventoryLot.latest_tested_on,
                  InventoryLot.harvest_date, InventoryLot.created_at,
                  Accession.instcode, Accession.accenumb, Accession.genus, Accession.species,
                  Accession.crop_id)
        .join(Accession, Accession.id == InventoryLot.accession_id)
        .where(InventoryLot.status != "discarded")
        .order_by(InventoryLot.accession_id, InventoryLot.lot_number)
    )
    if scope is not None:
        query = query.where(InventoryLot.accession_id.in_(scope))
    return list(db.session.execute(query))


def _latest_tests(scope: list[int] | sa.Select | None) -> dict[int, Any]:
    latest = latest_tests()
    query = sa.select(latest.c.lot_id, latest.c.result_pct, latest.c.tested_on)
    if scope is not None:
        query = query.join(InventoryLot, InventoryLot.id == latest.c.lot_id).where(
            InventoryLot.accession_id.in_(scope))
    return {row.lot_id: row for row in db.session.execute(query)}


def _germination_reasons(lot, test, crop: _CropRules) -> list[DueReason]:
    if test is None or lot.initial_germination_pct is None:
        return []
    initial, latest = lot.initial_germination_pct, test.result_pct
    if not rules.germination_too_low(latest, initial, crop.threshold):
        return []
    threshold = rules.germination_threshold(initial, crop.threshold)
    numbers = {"latest": rules.percent_text(latest), "threshold": rules.percent_text(threshold),
               "fraction": rules.percent_text(Decimal(crop.threshold) * 100),
               "initial": rules.percent_text(initial), "tested_on": test.tested_on.isoformat()}
    return [DueReason("low_germination", LOW_GERMINATION, lot.id, lot.lot_number, numbers)]


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
    template = TEST_OVERDUE if test is not None else NEVER_TESTED
    return [DueReason("test_overdue", template, lot.id, lot.lot_number, numbers)]


def estimated_seed_count(lot) -> Decimal | None:
    """The lot's seed count, or grams / thousand-seed weight when only the weight is known."""
    if lot.seed_count is not None:
        return Decimal(lot.seed_count)
    if lot.grams is not None and lot.thousand_seed_weight_g:
        return Decimal(lot.grams) * 1000 / Decimal(lot.thousand_seed_weight_g)
    return None


def _stock_reasons(lots: list, latest: dict, crop: _CropRules) -> list[DueReason]:
    seed_lots = [lot for lot in lots if lot.kind == "seed"]
    if not seed_lots:
        return []
    viable, counted, unknown = Decimal(0), Decimal(0), 0
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
    numbers = {"viable": int(viable), "minimum": crop.min_seeds, "seeds": int(counted)}
    return [DueReason("low_stock", LOW_STOCK, None, None, numbers)]


def _plant_reasons(lots: list, crop: _CropRules) -> list[DueReason]:
    plant_lots = [lot for lot in lots if lot.kind == "plant"]
    if not plant_lots:
        return []
    plants = sum(lot.plant_count or 0 for lot in plant_lots if lot.status == "active")
    if not rules.too_few_plants(plants, crop.min_plants):
        return []
    numbers = {"plants": plants, "minimum": crop.min_plants}
    return [DueReason("few_plants", FEW_PLANTS, None, None, numbers)]
