"""Read-only queries the accession pages need beyond the services: option lists, per-row
figures for a page of the list, and merged histories.

Each function answers for a whole page in one or two set-based queries (never one per row),
so the list stays fast with 100,000 accessions. Nothing here changes data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from germbank.extensions import db
from germbank.models import AuditEntry, StorageLocation
from germbank.models.accessions import Accession, Crop
from germbank.models.inventory import GerminationTest, InventoryLot, LotMovement


@dataclass
class LotTotals:
    """What an accession holds, for one row of the list."""

    seed_lots: int = 0
    plant_lots: int = 0
    seeds: int = 0
    grams: float = 0.0
    plants: int = 0


@dataclass
class Page:
    """One page of a list, with what the pager needs."""

    items: list[Any]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """Number of pages (at least one, even for an empty list)."""
        return max((self.total + self.per_page - 1) // self.per_page, 1)

    @property
    def has_prev(self) -> bool:
        """True past the first page."""
        return self.page > 1

    @property
    def has_next(self) -> bool:
        """True before the last page."""
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        """Number of the previous page."""
        return self.page - 1

    @property
    def next_num(self) -> int:
        """Number of the next page."""
        return self.page + 1

    @property
    def first_number(self) -> int:
        """Position in the whole list of the page's first item (1-based)."""
        return (self.page - 1) * self.per_page + 1


def accession_page(query: sa.Select, page: int, per_page: int) -> Page:
    """A page of a filtered, sorted accession select, cheap on 100,000 rows.

    The page is found on ids alone (the sort then carries two columns, not forty) before
    its accessions are loaded with their crops. A short page is the last one, so its total
    needs no count; otherwise one count without the ordering. A page past the end shows
    the last page.
    """
    page = max(page, 1)
    ids = _page_ids(query, page, per_page)
    if ids and len(ids) < per_page or (not ids and page == 1):
        total = (page - 1) * per_page + len(ids)
    else:
        total = db.session.scalar(
            query.with_only_columns(sa.func.count(Accession.id)).order_by(None)) or 0
        last = max((total + per_page - 1) // per_page, 1)
        if page > last:
            page = last
            ids = _page_ids(query, page, per_page)
    loaded = {accession.id: accession for accession in db.session.scalars(
        sa.select(Accession).where(Accession.id.in_(ids)).options(so.joinedload(Accession.crop)))}
    return Page([loaded[i] for i in ids if i in loaded], total, page, per_page)


def _page_ids(query: sa.Select, page: int, per_page: int) -> list[int]:
    return list(db.session.scalars(query.with_only_columns(Accession.id)
                                   .limit(per_page).offset((page - 1) * per_page)))


def crops() -> list[Crop]:
    """Every crop, by code (the filter's options)."""
    return list(db.session.scalars(sa.select(Crop).order_by(Crop.code)))


def distinct_values(column: Any) -> list[str]:
    """The distinct non-empty values of an indexed accession column (genera, countries).

    A recursive "loose index scan": each step asks the index for the next larger value, so
    five genera among 100,000 accessions cost five index look-ups, not a scan of them all.
    """
    steps = sa.select(sa.func.min(column).label("value")).where(column != "").cte(
        "distinct_values", recursive=True)
    following = sa.select(sa.func.min(column)).where(column > steps.c.value).scalar_subquery()
    steps = steps.union_all(sa.select(following).where(steps.c.value.is_not(None)))
    return list(db.session.scalars(sa.select(steps.c.value).where(steps.c.value.is_not(None))))


def location_tree(active_only: bool = True) -> list[tuple[StorageLocation, int]]:
    """Every location in tree order with its depth, for a select that shows the hierarchy."""
    query = sa.select(StorageLocation)
    if active_only:
        query = query.where(StorageLocation.is_active.is_(True))
    locations = list(db.session.scalars(query.order_by(StorageLocation.code)))
    known = {location.id for location in locations}
    children: dict[int | None, list[StorageLocation]] = {}
    for location in locations:
        parent = location.parent_id if location.parent_id in known else None
        children.setdefault(parent, []).append(location)
    ordered: list[tuple[StorageLocation, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for child in children.get(parent, []):
            ordered.append((child, depth))
            walk(child.id, depth + 1)

    walk(None, 0)
    return ordered


def location_choices(locale: str, blank: str | None = None) -> list[tuple[str, str]]:
    """``(id, "· · ST1-R1-S01 · Shelf 1")`` options indented by depth, in tree order."""
    options = [(str(location.id),
                "\u00a0\u00a0" * depth + f"{location.code} · {location.display_name(locale)}")
               for location, depth in location_tree()]
    return options if blank is None else [("", blank), *options]


def lot_totals(accession_ids: Sequence[int]) -> dict[int, LotTotals]:
    """Active lots, seeds, grams and plants per accession, for one page of the list.

    The lots of 50 accessions are few, so they are summed here; filtering on status in SQL
    would lead SQLite to scan every lot through the status index instead.
    """
    if not accession_ids:
        return {}
    rows = db.session.execute(
        sa.select(InventoryLot.accession_id, InventoryLot.kind, InventoryLot.status,
                  InventoryLot.seed_count, InventoryLot.grams, InventoryLot.plant_count)
        .where(InventoryLot.accession_id.in_(list(accession_ids))))
    totals: dict[int, LotTotals] = {}
    for accession_id, kind, status, seeds, grams, plants in rows:
        if status != "active":
            continue
        item = totals.setdefault(accession_id, LotTotals())
        if kind == "seed":
            item.seed_lots += 1
            item.seeds += seeds or 0
            item.grams += float(grams or 0)
        else:
            item.plant_lots += 1
            item.plants += plants or 0
    return totals


def accession_with_lots(accession_id: int) -> Accession | None:
    """An accession with its crop, taxon, lots, their locations and tests, in a few queries."""
    return db.session.scalar(
        sa.select(Accession).where(Accession.id == accession_id).options(
            so.joinedload(Accession.crop),
            so.joinedload(Accession.taxon),
            so.selectinload(Accession.lots).selectinload(InventoryLot.location),
            so.selectinload(Accession.lots).selectinload(InventoryLot.germination_tests),
            so.selectinload(Accession.regeneration_events),
        ))


def lot_with_details(lot_id: int) -> InventoryLot | None:
    """A lot with its accession, location, movements (and who moved it) and tests."""
    return db.session.scalar(
        sa.select(InventoryLot).where(InventoryLot.id == lot_id).options(
            so.joinedload(InventoryLot.accession).joinedload(Accession.crop),
            so.joinedload(InventoryLot.location),
            so.selectinload(InventoryLot.movements).options(
                so.joinedload(LotMovement.from_location),
                so.joinedload(LotMovement.to_location),
                so.joinedload(LotMovement.moved_by)),
            so.selectinload(InventoryLot.germination_tests),
        ))


def lots_for_labels(lot_ids: Iterable[int] = (), accession_ids: Iterable[int] = (),
                    accession_query: sa.Select | None = None, limit: int = 240
                    ) -> tuple[list[InventoryLot], bool]:
    """Active lots to print labels for, by lot, by accession or by a filtered list.

    Returns the lots (accession number then lot number order) and whether more than
    ``limit`` matched, so the page can say the sheet was cut short.
    """
    conditions = []
    lot_ids, accession_ids = sorted(set(lot_ids)), sorted(set(accession_ids))
    if lot_ids:
        conditions.append(InventoryLot.id.in_(lot_ids))
    if accession_ids:
        conditions.append(sa.and_(InventoryLot.accession_id.in_(accession_ids),
                                  InventoryLot.status == "active"))
    if accession_query is not None:
        wanted = accession_query.with_only_columns(Accession.id).order_by(None).subquery()
        conditions.append(sa.and_(InventoryLot.accession_id.in_(sa.select(wanted.c.id)),
                                  InventoryLot.status == "active"))
    if not conditions:
        return [], False
    query = (sa.select(InventoryLot).join(InventoryLot.accession).where(sa.or_(*conditions))
             .options(so.contains_eager(InventoryLot.accession).joinedload(Accession.crop),
                      so.joinedload(InventoryLot.location).joinedload(StorageLocation.parent))
             .order_by(Accession.accenumb, InventoryLot.lot_number).limit(limit + 1))
    lots = list(db.session.scalars(query).unique())
    return lots[:limit], len(lots) > limit


ENTITY_LABELS = {
    "accession": _l("Accession"),
    "lot": _l("Lot"),
    "germination_test": _l("Germination test"),
    "observation": _l("Observation"),
    "regeneration_event": _l("Regeneration"),
}


@dataclass(frozen=True)
class HistoryLine:
    """An audit entry as a page shows it, its summary naming the kind of record changed.

    A copy, not the entry itself: the page must never be able to alter the audit log.
    """

    at: Any
    username: str
    action: str
    summary: str
    changes: dict[str, Any]


def merged_history(parts: Sequence[tuple[str, Iterable[Any]]], limit: int = 200
                   ) -> list[HistoryLine]:
    """Audit entries of several records at once, newest first.

    An accession's page shows its own changes with those of its observations and
    regeneration events; a lot's page its own with those of its germination tests.
    """
    conditions = [sa.and_(AuditEntry.entity == entity,
                          AuditEntry.entity_id.in_(sorted({str(i) for i in ids})))
                  for entity, ids in parts if ids]
    if not conditions:
        return []
    entries = db.session.scalars(
        sa.select(AuditEntry).where(sa.or_(*conditions))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit))
    return [HistoryLine(entry.at, entry.username, entry.action,
                        " · ".join(part for part in (str(ENTITY_LABELS.get(entry.entity,
                                                                            entry.entity)),
                                                     entry.summary) if part),
                        dict(entry.changes or {}))
            for entry in entries]


def test_ids(lot_ids: Sequence[int]) -> list[int]:
    """Ids of the germination tests of some lots (their audit entries go on the lot page)."""
    if not lot_ids:
        return []
    return list(db.session.scalars(sa.select(GerminationTest.id)
                                   .where(GerminationTest.lot_id.in_(list(lot_ids)))))
