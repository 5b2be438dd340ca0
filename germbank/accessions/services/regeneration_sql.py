"""The regeneration rules as one SQL query: which accessions are due, and for which reasons.

Why a second form of the rules: deciding in Python costs tens of microseconds per lot, which
is seconds for a bank of 100,000 accessions, and the home card, the list filter and the
due-list's first step only need "which accessions, which reason codes". The database answers
that in one pass; the Python rules (:mod:`~germbank.accessions.services.rules`) then explain
the few accessions shown, with their numbers. A test checks both forms agree.

Numbers in SQLite are floats, so strict comparisons subtract a tiny epsilon: results have two
decimals and thresholds five, so any real difference is far larger and a value exactly at the
threshold (76.5 % against 85 % of 90 %) is never counted as below it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from germbank.accessions.services import rules
from germbank.accessions.services.locations import climate_classes
from germbank.extensions import db
from germbank.models.accessions import (
    DEFAULT_MIN_PLANTS,
    DEFAULT_MIN_VIABLE_SEEDS,
    DEFAULT_REGENERATION_THRESHOLD,
    Accession,
    Crop,
)
from germbank.models.inventory import GerminationTest, InventoryLot
from germbank.orm import UTCDateTime

EPSILON = 1e-7
Lot = InventoryLot


def latest_tests() -> sa.Subquery:
    """Each lot's most recent test (lot_id, result_pct, tested_on) ranked from the tests.

    The rules read the copy on the lot (``latest_germination_pct``, ``latest_tested_on``);
    this ranking is the slow reference the copy is checked against.
    """
    ranked = sa.select(
        GerminationTest.lot_id, GerminationTest.result_pct, GerminationTest.tested_on,
        sa.func.row_number().over(
            partition_by=GerminationTest.lot_id,
            order_by=(GerminationTest.tested_on.desc(), GerminationTest.id.desc()),
        ).label("rank"),
    ).subquery("ranked")
    return sa.select(ranked.c.lot_id, ranked.c.result_pct, ranked.c.tested_on).where(
        ranked.c.rank == 1).subquery("latest")


def overdue_cutoff(today: date, years: int) -> date:
    """The first reference date that is not overdue: overdue iff reference < cutoff.

    Equivalent to ``rules.is_test_overdue`` (due date strictly before today), including the
    29 February cases, because ``add_years`` never decreases.
    """
    cutoff = rules.add_years(today, -years)
    while rules.add_years(cutoff, years) < today:
        cutoff += timedelta(days=1)
    while rules.add_years(cutoff - timedelta(days=1), years) >= today:
        cutoff -= timedelta(days=1)
    return cutoff


def _interval_years() -> tuple[sa.ColumnElement, set[int]]:
    """The monitoring interval of each lot as SQL, and every value it can take."""
    by_location = {location: rules.MONITORING_INTERVAL_YEARS[climate]
                   for location, climate in climate_classes().items()
                   if climate in rules.MONITORING_INTERVAL_YEARS}
    by_storage = {code: rules.MONITORING_INTERVAL_YEARS[climate]
                  for code, climate in rules.STORAGE_TYPE_CLASSES.items()}
    fallback: sa.ColumnElement = sa.case(by_storage, value=Lot.storage_type,
                                         else_=rules.FALLBACK_INTERVAL_YEARS)
    if by_location:
        fallback = sa.case(by_location, value=Lot.location_id, else_=fallback)
    crop_years = set(db.session.scalars(sa.select(Crop.monitoring_interval_years).where(
        Crop.monitoring_interval_years.is_not(None)).distinct()))
    possible = ({rules.FALLBACK_INTERVAL_YEARS} | set(rules.MONITORING_INTERVAL_YEARS.values())
                | crop_years)
    return sa.func.coalesce(Crop.monitoring_interval_years, fallback), possible


def _lots_with_crop(*columns) -> sa.Select:
    return (sa.select(*columns).select_from(Lot)
            .join(Accession, Accession.id == Lot.accession_id)
            .outerjoin(Crop, Crop.id == Accession.crop_id))


def due_reasons_query(today: date) -> sa.Select:
    """``(accession_id, code)`` for every reason of every accession due on ``today``."""
    active_seed = sa.and_(Lot.kind == "seed", Lot.status == "active")
    code = sa.literal_column

    threshold = sa.func.coalesce(Crop.regeneration_threshold, DEFAULT_REGENERATION_THRESHOLD)
    low_germination = (
        _lots_with_crop(Lot.accession_id, code("'low_germination'").label("code"))
        .where(active_seed, Lot.initial_germination_pct.is_not(None),
               Lot.latest_germination_pct < Lot.initial_germination_pct * threshold - EPSILON))

    years, possible = _interval_years()
    cutoffs = {y: overdue_cutoff(today, y) for y in sorted(possible)}
    cutoff_date = sa.case({y: sa.literal(c, sa.Date()) for y, c in cutoffs.items()},
                          value=years)
    cutoff_time = sa.case({y: sa.literal(datetime(c.year, c.month, c.day, tzinfo=UTC),
                                         UTCDateTime()) for y, c in cutoffs.items()},
                          value=years)
    reference = sa.func.coalesce(Lot.latest_tested_on, Lot.harvest_date)
    overdue = (
        _lots_with_crop(Lot.accession_id, code("'test_overdue'").label("code"))
        .where(active_seed, sa.or_(
            sa.and_(reference.is_not(None), reference < cutoff_date),
            sa.and_(reference.is_(None), Lot.created_at < cutoff_time))))

    estimate = sa.func.coalesce(
        Lot.seed_count, Lot.grams * 1000 / sa.func.nullif(Lot.thousand_seed_weight_g, 0))
    percent = sa.func.coalesce(Lot.latest_germination_pct, Lot.initial_germination_pct, 100)
    minimum = sa.func.coalesce(Crop.min_viable_seeds, sa.case(
        (Crop.pollination == "cross", DEFAULT_MIN_VIABLE_SEEDS["cross"]),
        else_=DEFAULT_MIN_VIABLE_SEEDS["self"]))
    viable = sa.func.sum(sa.case((active_seed, estimate * percent / 100), else_=0))
    unknown = sa.func.sum(sa.case((sa.and_(active_seed, estimate.is_(None)), 1), else_=0))
    low_stock = (
        _lots_with_crop(Lot.accession_id, code("'low_stock'").label("code"))
        .where(Lot.kind == "seed", Lot.status != "discarded")
        .group_by(Lot.accession_id)
        .having(unknown == 0, sa.func.coalesce(viable, 0) < sa.func.max(minimum) - EPSILON))

    plants = sa.func.sum(sa.case((Lot.status == "active", sa.func.coalesce(Lot.plant_count, 0)),
                                 else_=0))
    few_plants = (
        _lots_with_crop(Lot.accession_id, code("'few_plants'").label("code"))
        .where(Lot.kind == "plant", Lot.status != "discarded")
        .group_by(Lot.accession_id)
        .having(plants < sa.func.max(sa.func.coalesce(Crop.min_plants, DEFAULT_MIN_PLANTS))))

    return sa.union_all(low_germination, overdue, low_stock, few_plants)


def due_accession_ids_query(today: date | None = None, reason: str | None = None) -> sa.Select:
    """A select of the ids of accessions due on ``today`` (for ``reason`` only, if given):
    composable into other queries, e.g. ``Accession.id.in_(due_accession_ids_query())``."""
    reasons = due_reasons_query(today or date.today()).subquery("due")
    query = sa.select(reasons.c.accession_id).distinct()
    return query.where(reasons.c.code == reason) if reason else query


def due_counts(today: date | None = None) -> dict[str, int]:
    """Accessions due per reason code, and the total under ``"total"``."""
    reasons = due_reasons_query(today or date.today()).subquery("due")
    counts = dict(db.session.execute(
        sa.select(reasons.c.code, sa.func.count(sa.distinct(reasons.c.accession_id)))
        .group_by(reasons.c.code)).all())
    found = {code: int(counts.get(code, 0)) for code in rules.REASON_CODES}
    found["total"] = db.session.scalar(sa.select(sa.func.count()).select_from(
        sa.select(reasons.c.accession_id).distinct().subquery())) or 0
    return found
