"""Finding accessions: free text (Chinese too), filters and sorting, as one SQL select.

The list page, the API and the MCPD export all call :func:`filtered_query`, so the three
always agree on what "the current list" is. The free text is matched against the
lower-case ``search_text`` column the services maintain; every word must occur.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from germbank.accessions.services.errors import ValidationFailed, add_error
from germbank.accessions.services.locations import location_by_ref, subtree_ids
from germbank.accessions.services.values import as_id
from germbank.mcpd.codes import INTEGER_CODE_LISTS, ISO3166_ALL
from germbank.models.accessions import Accession, Crop
from germbank.models.inventory import InventoryLot

SORTS: dict[str, tuple[Any, ...]] = {
    "accenumb": (Accession.accenumb,),
    "genus": (Accession.genus, Accession.species),
    "species": (Accession.species, Accession.genus),
    "acqdate": (Accession.acqdate,),
    "origcty": (Accession.origcty,),
}
"""Sort keys a list may be ordered by; ``-key`` sorts descending."""

TRUE_WORDS = frozenset({"1", "true", "yes", "on", "y"})
FALSE_WORDS = frozenset({"", "0", "false", "no", "off", "n"})


@dataclass
class AccessionFilter:
    """What a person asked the list to show; every field is optional.

    ``crop`` and ``location`` accept an id or a code; ``location`` includes its
    sub-locations (a room finds the lots on its shelves). ``storage`` is an MCPD STORAGE
    code matched against the passport and the lots' storage types.
    """

    q: str = ""
    crop: str | None = None
    genus: str = ""
    species: str = ""
    sampstat: int | None = None
    origcty: str = ""
    storage: int | None = None
    location: str | None = None
    instcode: str = ""
    regeneration_due: bool = False
    sort: str = "accenumb"
    errors: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> AccessionFilter:
        """Read a filter from query arguments; raises ``ValidationFailed`` on a bad value."""
        errors: dict[str, list[str]] = {}
        found = cls(
            q=_text(args, "q"),
            crop=_text(args, "crop") or None,
            genus=_text(args, "genus"),
            species=_text(args, "species"),
            sampstat=_code(args, "sampstat", "SAMPSTAT", errors),
            origcty=_country(args, errors),
            storage=_code(args, "storage", "STORAGE", errors),
            location=_text(args, "location") or None,
            instcode=_text(args, "instcode").upper(),
            regeneration_due=_flag(args, "regeneration_due", errors),
            sort=_sort(args, errors),
        )
        if errors:
            raise ValidationFailed(errors)
        return found

    def as_args(self) -> dict[str, Any]:
        """The filter as query arguments (for pagination and export links); defaults left out."""
        args: dict[str, Any] = {}
        for item in fields(self):
            if item.name == "errors":
                continue
            value = getattr(self, item.name)
            if value in (None, "", False) or (item.name == "sort" and value == "accenumb"):
                continue
            args[item.name] = int(value) if isinstance(value, bool) else value
        return args


def _text(args: Mapping[str, Any], name: str) -> str:
    value = args.get(name)
    return str(value).strip() if value is not None else ""


def _code(args, name: str, code_list: str, errors) -> int | None:
    text = _text(args, name)
    if not text:
        return None
    try:
        number = int(text)
    except ValueError:
        number = None
    if number is None or number not in INTEGER_CODE_LISTS[code_list]:
        add_error(errors, name, _("'%(value)s' is not an MCPD %(list)s code.",
                                  value=text, list=code_list))
        return None
    return number


def _country(args, errors) -> str:
    text = _text(args, "origcty").upper()
    if text and text not in ISO3166_ALL:
        add_error(errors, "origcty", _("'%(value)s' is not an ISO 3166 three-letter country "
                                       "code.", value=text))
        return ""
    return text


def _flag(args, name: str, errors) -> bool:
    text = _text(args, name).lower()
    if text in TRUE_WORDS:
        return True
    if text not in FALSE_WORDS:
        add_error(errors, name, _("Give 1 or 0."))
    return False


def _sort(args, errors) -> str:
    text = _text(args, "sort") or "accenumb"
    if text.lstrip("-") not in SORTS:
        add_error(errors, "sort", _("Sort by one of: %(keys)s.", keys=", ".join(SORTS)))
        return "accenumb"
    return text


def search_terms(text: str) -> list[str]:
    """The words of a free-text query, lower-cased (Chinese has no case and stays as is)."""
    return [term for term in text.lower().split() if term]


def filtered_query(params: AccessionFilter) -> sa.Select:
    """A select of the accessions the filter asks for, sorted, ready to paginate or stream.

    An unknown crop or location code matches nothing (the person sees an empty list, not
    every accession).
    """
    walk = _walks_list_index(params) and params.sort.lstrip("-") == "accenumb"
    return sa.select(Accession).where(*_conditions(params, walk)).order_by(
        *_ordering(params.sort))


def count_matching(params: AccessionFilter) -> int:
    """How many accessions the filter matches, counted without a subquery (it is faster).

    With two conditions or more SQLite counts over the narrow list index rather than
    looking up the table row of every accession one condition's index finds.
    """
    from germbank.extensions import db

    return db.session.scalar(count_statement(params))


def count_statement(params: AccessionFilter) -> sa.Select:
    """The select behind :func:`count_matching`, for callers that run it elsewhere.

    A place alone is counted from its lots' narrow index (each lot names an existing
    accession), without testing every accession against the list: 32 -> 14 ms for a store
    room holding 58,000 of 100,000 accessions.
    """
    if _filters_used(params) == {"location"}:
        location = location_by_ref(params.location)
        if location is None:
            return sa.select(sa.literal(0))
        lots = _active_lots_in(location.id).subquery()
        return sa.select(sa.func.count(sa.distinct(lots.c.accession_id)))
    walk = _condition_count(params) > 1 and _walks_list_index(params)
    return sa.select(sa.func.count()).select_from(Accession).where(*_conditions(params, walk))


LIST_INDEX_FILTERS = frozenset({"q", "genus", "sampstat", "origcty", "storage", "location"})
"""Filters SQLite can test from the list index alone (its columns, or ids from the lots)."""


def _walks_list_index(params: AccessionFilter) -> bool:
    """Whether SQLite should answer from the list index ``ix_accessions_list`` alone.

    SQLite plans without statistics about how many rows a condition matches: given an
    index on a filtered column (genus, sampstat, origcty) it fetches every matching row
    through that index and sorts them all for one page, 50 ms for half the bank and more
    for a deep page. The list index holds every column these filters test in list order,
    so walking it stops after one page and never costs more than one pass over a narrow
    index, however many rows match. Only for SQLite, and only when no other filter needs
    the table; PostgreSQL has statistics and plans this itself.
    """
    from germbank.extensions import db

    if db.engine.dialect.name != "sqlite":
        return False
    used = _filters_used(params)
    return bool(used) and used <= LIST_INDEX_FILTERS


def _filters_used(params: AccessionFilter) -> set[str]:
    return {item for item in ("q", "crop", "genus", "species", "sampstat", "origcty",
                              "instcode", "storage", "location", "regeneration_due")
            if getattr(params, item) not in (None, "", False)}


def _condition_count(params: AccessionFilter) -> int:
    """How many WHERE conditions the filter makes (one per word of the free text)."""
    used = _filters_used(params)
    return len(used - {"q"}) + len(search_terms(params.q))


def _conditions(params: AccessionFilter, walk: bool) -> list[sa.ColumnElement[bool]]:
    """The WHERE conditions of a filter.

    ``walk`` writes the indexed columns as expressions (``sampstat + 0``, ``genus || ''``),
    same values, so that SQLite cannot pick those columns' own indexes and walks the list
    index instead (see :func:`_walks_list_index`).
    """
    def plain(column: Any) -> Any:
        if not walk:
            return column
        if isinstance(column.type, sa.Integer):
            return column + sa.literal_column("0")
        return column.concat(sa.literal_column("''"))

    conditions = [_contains(term) for term in search_terms(params.q)]
    if params.crop:
        conditions.append(Accession.crop_id == _crop_id(params.crop))
    if params.genus:
        conditions.append(plain(Accession.genus).in_(_genus_spellings(params.genus)))
    if params.species:
        conditions.append(sa.func.lower(Accession.species) == params.species.lower())
    if params.sampstat is not None:
        conditions.append(plain(Accession.sampstat) == params.sampstat)
    if params.origcty:
        conditions.append(plain(Accession.origcty) == params.origcty.upper())
    if params.instcode:
        conditions.append(Accession.instcode == params.instcode.upper())
    if params.storage is not None:
        conditions.append(_storage_clause(params.storage))
    if params.location:
        conditions.append(_location_clause(params.location))
    if params.regeneration_due:
        from germbank.accessions.services.regeneration_sql import due_accession_ids_query

        conditions.append(Accession.id.in_(due_accession_ids_query()))
    return conditions


def _contains(term: str) -> sa.ColumnElement[bool]:
    """``search_text`` contains ``term`` literally (both are lower case).

    ``LIKE '%term%'`` with ``%``, ``_`` and the escape character escaped. PostgreSQL's
    trigram index (``ix_accessions_search_text``) serves this form, and SQLite tests it
    faster than ``instr`` while reading the narrow search-text indexes. SQLite's ``LIKE``
    ignores ASCII case, which changes nothing here: the services store ``search_text``
    lower-cased and the terms are lower-cased too, so both databases find the same.
    """
    return Accession.search_text.contains(term, autoescape=True)


def _crop_id(ref: str) -> int:
    ident = as_id(ref)
    if ident is not None:
        return ident
    from germbank.extensions import db

    found = db.session.scalar(sa.select(Crop.id).where(sa.func.lower(Crop.code) == ref.lower()))
    return found if found is not None else -1


def _genus_spellings(genus: str) -> list[str]:
    """The stored spellings of a genus, compared without case (``hibiscus`` -> ``Hibiscus``).

    ``lower(genus) = ?`` cannot use the genus index and reads every accession; the few
    distinct genera are found through the index instead (a loose index scan), and the
    filter becomes ``genus IN (...)``, which the index answers directly.
    """
    from germbank.accessions.queries_pages import distinct_values

    wanted = genus.lower()
    return [value for value in distinct_values(Accession.genus) if value.lower() == wanted]


def _storage_clause(code: int) -> sa.ColumnElement[bool]:
    padded = sa.literal(";") + Accession.storage + sa.literal(";")
    in_lots = sa.select(InventoryLot.accession_id).where(
        InventoryLot.storage_type == code, InventoryLot.status == "active")
    return sa.or_(padded.contains(f";{code};"), _id_in(in_lots))


def _location_clause(ref: str) -> sa.ColumnElement[bool]:
    # IN (uncorrelated) rather than EXISTS: the lots are found once, not once per accession.
    location = location_by_ref(ref)
    if location is None:
        return sa.false()
    return _id_in(_active_lots_in(location.id))


def _active_lots_in(location_id: int) -> sa.Select:
    """Accession ids of the active lots kept at a place or anywhere inside it."""
    return sa.select(InventoryLot.accession_id).where(
        InventoryLot.location_id.in_(sorted(subtree_ids(location_id))),
        InventoryLot.status == "active")


def _id_in(ids: sa.Select) -> sa.ColumnElement[bool]:
    """``accessions.id IN (ids)``, the list read once from the lots' narrow indexes.

    On SQLite the id is written ``id + 0``: otherwise SQLite looks up every listed
    accession by id and sorts them all for one page (tens of thousands for a store room);
    this way it walks the list's order index and stops after a page, and a count reads a
    narrow index instead of the table. PostgreSQL plans this well on its own.
    """
    from germbank.extensions import db

    if db.engine.dialect.name == "sqlite":
        return (Accession.id + sa.literal_column("0")).in_(ids)
    return Accession.id.in_(ids)


def _ordering(sort: str) -> list[Any]:
    """ORDER BY terms, ties broken by id so pages never overlap."""
    descending = sort.startswith("-")
    columns = SORTS[sort.lstrip("-")]
    ordered = [(column.desc() if descending else column.asc()).nulls_last() for column in columns]
    return ordered + [Accession.id.desc() if descending else Accession.id.asc()]
