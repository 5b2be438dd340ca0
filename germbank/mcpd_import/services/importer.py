"""Import validated MCPD rows into accessions: insert or upsert, dry run, all-or-nothing.

Rows are processed in chunks: one query finds the chunk's existing accessions, then one bulk
insert (``germbank.bulk``: COPY on PostgreSQL, the driver's executemany on SQLite) and one
executemany UPDATE write it, with the audit entries inserted in bulk too -- no query per row.
On PostgreSQL the server stores one chunk while Python prepares the next (``process``).
The caller owns the transaction: commit when ``report.applied`` is true, otherwise roll back
(an all-or-nothing import stopped by an error may have flushed earlier chunks).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from germbank import audit, bulk
from germbank.accessions.services.accessions import search_text_of
from germbank.bulk import next_ids, row_getter
from germbank.extensions import db
from germbank.mcpd import FileCheck, RowResult
from germbank.mcpd.fields import EXTRA_KEY, REQUIRED
from germbank.mcpd.messages import N_
from germbank.mcpd.problems import make_problem
from germbank.mcpd_import.services.columns import (
    COLUMN_OF,
    fill_columns,
    record_columns,
    too_long,
)
from germbank.mcpd_import.services.report import REASON_COLUMN, ImportReport, RejectedRow
from germbank.mcpd_import.services.taxa import TaxonResolver
from germbank.models.accessions import Accession
from germbank.orm import utcnow

MODES = ("insert", "upsert")
CHUNK_SIZE = 2000
_TAXON_FIELDS = frozenset({"GENUS", "SPECIES", "SUBTAXA", "SPAUTHOR", "SUBTAUTHOR", "CROPNAME"})
_TABLE = Accession.__table__
_ALL_COLUMNS = [column.name for column in _TABLE.columns]
_MCPD_NAMES = tuple(COLUMN_OF.values())
_BLANK_ROW = dict.fromkeys(_MCPD_NAMES)
_INSERTED = [name for name in _ALL_COLUMNS if name != "id"]
_TOO_LONG = N_("%(column)s is %(length)s characters long; GermBank keeps at most %(limit)s")
_TOO_LONG_IGNORED = N_("%(column)s is %(length)s characters long; GermBank keeps at most "
                       "%(limit)s; the value was ignored")


class ConcurrentChange(RuntimeError):
    """Someone changed an accession while the import was updating it.

    Like ``McpdFileError`` it keeps its ``template`` and ``params`` so a page can translate it.
    """

    template = N_("accessions were changed by someone else during the import; nothing was "
                  "imported, please try again")
    params: dict = {}

    def __init__(self) -> None:
        super().__init__(self.template)


def import_mcpd(check: FileCheck, filename: str, *, mode: str = "insert",
                dry_run: bool = False, skip_invalid: bool = False,
                progress: Callable[[int], None] | None = None,
                chunk_size: int = CHUNK_SIZE) -> ImportReport:
    """Import the rows of a checked file; see the module docstring for the transaction rule."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    report = ImportReport(filename=filename, mode=mode, dry_run=dry_run,
                          skip_invalid=skip_invalid, columns=list(check.table.columns))
    run = _ImportRun(report, TaxonResolver(dry_run=dry_run))
    results = iter(check.results)
    plan_cache_mode = _plan_each_lookup()
    try:
        while chunk := list(itertools.islice(results, chunk_size)):
            run.process(chunk)
            if progress is not None:
                progress(len(chunk))
        run.write_prepared()
        if not dry_run:
            bulk.settle()
    except BaseException:
        if not dry_run:
            bulk.abort()
        raise
    _restore_plan_cache_mode(plan_cache_mode)
    report.file_problems = [p for p in check.file_problems if p.column != REASON_COLUMN]
    report.created_crops = run.taxa.created_crops
    report.created_taxa = run.taxa.created_taxa
    report.applied = not dry_run and not report.blocked
    if report.applied:
        _record_import(report)
    return report


class _ImportRun:
    """State of one import: the report, the taxon cache and the time stamp of its writes."""

    def __init__(self, report: ImportReport, taxa: TaxonResolver) -> None:
        self.report = report
        self.taxa = taxa
        self.now = utcnow()
        self.user = audit.acting_user()
        self.prepared: tuple[list[dict], list[dict]] = ([], [])

    @property
    def writing(self) -> bool:
        return not self.report.dry_run and not self.report.blocked

    def process(self, chunk: list[RowResult]) -> None:
        """Validate against the database and prepare the chunk's rows.

        The previous chunk's rows are written after this chunk's lookup and before its rows
        are built: on PostgreSQL the server then stores them while Python builds these rows
        and validates the next chunk (``_write``).  Every count and problem is still added
        chunk by chunk, in row order.
        """
        valid = []
        for result in chunk:
            self.report.rows += 1
            if result.record is not None:
                result.record.get(EXTRA_KEY, {}).pop(REASON_COLUMN, None)
                self._check_lengths(result)
            self.report.problems.extend(result.problems)
            if result.record is None:
                self._reject(result)
            else:
                valid.append(result)
        existing = _existing(valid, self.report.mode == "upsert")
        self.write_prepared()
        inserts, updates = [], []
        for result in valid:
            record = result.record
            found = existing.get((record["INSTCODE"], record["ACCENUMB"]))
            if found is not None and self.report.mode == "insert":
                result.problems.append(make_problem(
                    result.row, "ACCENUMB", record["ACCENUMB"], "error",
                    N_("%(column)s '%(value)s' of %(instcode)s is already in GermBank; import "
                       "with mode upsert to update it"), {"instcode": record["INSTCODE"]}))
                self.report.problems.append(result.problems[-1])
                self._reject(result)
            elif found is None:
                inserts.append(self._new_row(record))
            else:
                change = self._changed_row(record, found)
                if change is None:
                    self.report.unchanged += 1
                else:
                    updates.append(change)
        self.report.created += len(inserts)
        self.report.updated += len(updates)
        self.prepared = (inserts, updates)

    def write_prepared(self) -> None:
        """Write the rows prepared by the last ``process`` (unless held back)."""
        inserts, updates = self.prepared
        self.prepared = ([], [])
        if self.writing and (inserts or updates):
            self._write(inserts, updates)

    def _check_lengths(self, result: RowResult) -> None:
        """A value longer than its column is an error for a key field, else dropped."""
        record = result.record
        for code, limit in too_long(record):
            required = code in REQUIRED
            text = str(result.raw.get(code) or "")
            template = _TOO_LONG if required else _TOO_LONG_IGNORED
            result.problems.append(make_problem(
                result.row, code, text, "error" if required else "warning", template,
                {"length": len(text), "limit": limit}))
            if required:
                result.record = None
                return
            del record[code]

    def _reject(self, result: RowResult) -> None:
        self.report.rejected += 1
        self.report.rejected_rows.append(RejectedRow(
            result.row, dict(result.raw), [p.message for p in result.problems if p.is_error]))

    def _new_row(self, record: dict) -> dict:
        row = _BLANK_ROW.copy()
        fill_columns(row, record)
        row["_created"] = {name: value for name, value in row.items() if value is not None}
        crop = self.taxa.crop_for(record.get("CROPNAME"), record["GENUS"], record.get("SPECIES"))
        taxon = self.taxa.taxon_for(record, crop)
        row.update(crop_id=crop.id if crop is not None else None,
                   taxon_id=taxon.id if taxon is not None else None,
                   extra=record.get(EXTRA_KEY) or {}, name_zh="", version=1,
                   created_at=self.now, updated_at=self.now)
        row["search_text"] = search_text_of(row, crop)
        return row

    def _changed_row(self, record: dict, found: dict) -> dict | None:
        """The new values of an existing accession, or None when nothing changes."""
        new = dict(found)
        new.update(record_columns(record))
        if _TAXON_FIELDS & record.keys():
            crop = self.taxa.crop_for(new["cropname"], new["genus"], new["species"])
            taxon = self.taxa.taxon_for(_mcpd_view(new), crop)
            new["crop_id"] = crop.id if crop is not None else found["crop_id"]
            new["taxon_id"] = taxon.id if taxon is not None else found["taxon_id"]
        if EXTRA_KEY in record:
            extra = dict(found["extra"] or {})
            for name in self.report.columns:
                if name and name not in COLUMN_OF and name != REASON_COLUMN:
                    value = record[EXTRA_KEY].get(name)
                    if value is None:
                        extra.pop(name, None)
                    else:
                        extra[name] = value
            new["extra"] = extra
        new["search_text"] = search_text_of(new, self.taxa.crop_by_id(new["crop_id"]))
        changes = audit.diff({k: found[k] for k in new}, new)
        if not changes:
            return None
        new.update(_old_version=found["version"], version=found["version"] + 1,
                   updated_at=self.now, _changes=changes)
        return new

    def _write(self, inserts: list[dict], updates: list[dict]) -> None:
        """Write a chunk; on PostgreSQL its accessions are still being stored on return.

        PostgreSQL: ids from the sequence, the audit entries, then the accessions' COPY left
        in flight (``germbank.bulk``), so the server indexes them while Python validates the
        next chunk.  SQLite: the accessions first (their ids are read back), then the rest.
        """
        ids = next_ids(_TABLE, len(inserts)) if inserts else []
        copy_later = ids is not None
        if not copy_later:
            ids = _insert_returning_ids(inserts)
        entries = [(accession_id, "create", row["_created"])
                   for row, accession_id in zip(inserts, ids, strict=True)]
        if updates:
            self._update(updates)
            entries.extend((row["id"], "update", audit.json_value(row["_changes"]))
                           for row in updates)
        if entries:
            audit.record_many("accession", entries, f"MCPD import of {self.report.filename}",
                              self.user, self.now)
        if inserts and copy_later:
            for row, accession_id in zip(inserts, ids, strict=True):
                row["id"] = accession_id
            bulk.insert_rows(_TABLE, _ALL_COLUMNS, map(_ALL_GETTER, inserts), wait=False)

    def _update(self, updates: list[dict]) -> None:
        names = [name for name in _ALL_COLUMNS if name not in ("id", "created_at")]
        statement = (_TABLE.update()
                     .where(_TABLE.c.id == sa.bindparam("b_id"),
                            _TABLE.c.version == sa.bindparam("b_old_version"))
                     .values({name: sa.bindparam(f"b_{name}") for name in names}))
        parameters = [{"b_id": row["id"], "b_old_version": row["_old_version"],
                       **{f"b_{name}": row[name] for name in names}} for row in updates]
        result = db.session.execute(statement, parameters)
        if result.rowcount not in (-1, len(updates)):
            raise ConcurrentChange()


def _mcpd_view(columns: dict) -> dict:
    """The taxon fields of a column dict under their MCPD codes."""
    return {code: columns[COLUMN_OF[code]] for code in _TAXON_FIELDS}


def _insert_returning_ids(inserts: list[dict]) -> list[int]:
    """Insert the new accessions in bulk (SQLite); return their ids in the order of ``inserts``.

    One executemany replaces a Core multi-row ``INSERT ... RETURNING``, whose per-value
    parameter handling in Python cost more than the database's work (bench/RESULTS.md,
    mcpd_import).  The ids: SQLite gives each new row the table's largest id plus one, and no
    other connection can write while this transaction holds the write lock, so the rows got
    consecutive ids ending at ``last_insert_rowid()``.  That is checked (the first and last
    ids hold the first and last keys, the range holds as many rows); should it not hold, the
    ids are read back by key instead.
    """
    bulk.insert_rows(_TABLE, _INSERTED, list(map(_INSERTED_GETTER, inserts)))
    last = db.session.execute(sa.text("SELECT last_insert_rowid()")).scalar_one()
    ids = list(range(last - len(inserts) + 1, last + 1))
    ends = {id_: (instcode, accenumb) for id_, instcode, accenumb in db.session.execute(
        sa.select(_TABLE.c.id, _TABLE.c.instcode, _TABLE.c.accenumb)
        .where(_TABLE.c.id.in_((ids[0], ids[-1]))))}
    in_range = db.session.execute(sa.select(sa.func.count()).select_from(_TABLE).where(
        _TABLE.c.id.between(ids[0], ids[-1]))).scalar_one()
    if (in_range == len(ids)
            and ends.get(ids[0]) == (inserts[0]["instcode"], inserts[0]["accenumb"])
            and ends.get(ids[-1]) == (inserts[-1]["instcode"], inserts[-1]["accenumb"])):
        return ids
    keys = {(row["instcode"], row["accenumb"]) for row in inserts}
    found = {(row["instcode"], row["accenumb"]): row["id"]
             for row in _rows_by_key(keys, [_TABLE.c.id, _TABLE.c.instcode, _TABLE.c.accenumb])}
    return [found[(row["instcode"], row["accenumb"])] for row in inserts]


_ALL_GETTER = row_getter(_ALL_COLUMNS)
_INSERTED_GETTER = row_getter(_INSERTED)


def _existing(results: Iterable[RowResult], full: bool) -> dict[tuple[str, str], dict]:
    """Existing accessions of a chunk by (INSTCODE, ACCENUMB)."""
    keys = {(r.record["INSTCODE"], r.record["ACCENUMB"]) for r in results}
    if not keys:
        return {}
    columns = list(_TABLE.columns) if full else [_TABLE.c.instcode, _TABLE.c.accenumb]
    return {(row["instcode"], row["accenumb"]): dict(row) for row in _rows_by_key(keys, columns)}


def _rows_by_key(keys: set[tuple[str, str]], columns: list) -> list:
    """The accessions with these (INSTCODE, ACCENUMB) keys: one query per institute.

    ``accenumb`` in a list per institute, not a row-value ``(instcode, accenumb) IN (...)``
    list: PostgreSQL plans the latter as an OR of 2,000 pairs tested on every row of the table
    (seconds per chunk at 100,000 accessions); the former is one index scan.  The list is one
    parameter (an array on PostgreSQL, JSON text on SQLite), because SQLAlchemy naming and
    binding 2,000 parameters of an ``IN`` took longer than the query itself.
    """
    numbers: dict[str, list[str]] = {}
    for instcode, accenumb in sorted(keys):
        numbers.setdefault(instcode, []).append(accenumb)
    sqlite = db.session.get_bind().dialect.name == "sqlite"
    found = []
    for instcode, accenumbs in numbers.items():
        if sqlite:
            listed = _TABLE.c.accenumb.in_(sa.select(sa.column("value")).select_from(
                sa.func.json_each(json.dumps(accenumbs))))
        else:
            listed = _TABLE.c.accenumb == sa.any_(
                sa.bindparam("accenumbs", accenumbs, type_=postgresql.ARRAY(sa.String)))
        found.extend(db.session.execute(sa.select(*columns).where(
            _TABLE.c.instcode == instcode, listed)).mappings())
    return found


def _plan_each_lookup() -> str | None:
    """PostgreSQL: plan this transaction's statements for their parameters every time.

    psycopg prepares a statement run five times, and PostgreSQL then keeps a generic plan
    made while the import's table was still small: a sequential scan of the accessions for
    every chunk's key lookup, which grows with every chunk stored (88 s instead of about 15
    for 100,000 rows).  Custom plans see the table as it is now and use the index.  Returns
    the previous setting for :func:`_restore_plan_cache_mode` (None on SQLite).
    """
    if db.session.get_bind().dialect.name != "postgresql":
        return None
    return db.session.execute(sa.text(
        "SELECT current_setting('plan_cache_mode'), "
        "set_config('plan_cache_mode', 'force_custom_plan', true)")).first()[0]


def _restore_plan_cache_mode(previous: str | None) -> None:
    if previous is not None:
        db.session.execute(sa.text("SELECT set_config('plan_cache_mode', :mode, true)"),
                           {"mode": previous})


def _record_import(report: ImportReport) -> None:
    """One summary entry for the import itself, besides the per-accession entries."""
    audit.record("mcpd_import", report.filename[:64], "import",
                 {"mode": report.mode, "created": report.created, "updated": report.updated,
                  "unchanged": report.unchanged, "rejected": report.rejected},
                 summary=f"MCPD import of {report.filename}")
