"""The import's bulk writes (germbank.bulk: COPY on PostgreSQL, sqlite3 executemany on SQLite)
store exactly what SQLAlchemy Core inserts of the same values store, audit entries included;
a COPY left in flight is settled before anything else uses the connection."""

import pytest
import sqlalchemy as sa

from germbank import audit, bulk
from germbank.extensions import db
from germbank.models import AuditEntry, utcnow
from germbank.models.accessions import Accession

HEADER = ["INSTCODE", "ACCENUMB", "GENUS", "SPECIES", "SPAUTHOR", "SUBTAXA", "CROPNAME",
          "ACCENAME", "ACQDATE", "ORIGCTY", "COLLSITE", "DECLATITUDE", "DECLONGITUDE",
          "ELEVATION", "SAMPSTAT", "STORAGE", "MLSSTAT", "REMARKS", "farm note"]


def _rows(changed: bool) -> list[list[str]]:
    """Rows with the values that need care: names and notes with quotes, tabs, newlines,
    backslashes and Chinese, lists, floats, partial dates, a new crop and taxon, extras."""
    rows = []
    for n in range(1, 41):
        rows.append([
            "CHN123", f"ZM{n:03d}", "Boehmeria" if n % 5 else "Hibiscus",
            "nivea" if n % 5 else "cannabinus", "(L.) Gaudich." if n % 3 == 0 else "",
            "var. tenacissima" if n % 7 == 0 else "",
            ("新麻" if n % 11 == 0 else "ramie") if n % 5 else "kenaf",
            f'中苎{n}号;"Zhong" {n}\\b' if not (changed and n % 2) else f"改{n}",
            "2019----" if n % 2 else f"201903{n % 28 + 1:02d}", "CHN",
            "a\tb\nc" if n % 4 == 0 else f"site {n}", f"{28 + n / 1000:.4f}",
            f"{112.9 + n / 7:.6f}", "NA" if n % 6 == 0 else str(20 * n), "300",
            "11;13" if n % 2 else "20", "1" if n % 3 else "0",
            "" if n % 9 else "ACCENAME:local", "" if n % 4 else f"note {n} ‘x’ \\ \"y\""])
    return [HEADER] + rows


def _core_insert_rows(table, columns, rows, *, wait=True):
    """The reference: a SQLAlchemy Core executemany insert of the same values."""
    rows = list(rows)
    if rows:
        db.session.execute(table.insert(), [dict(zip(columns, row, strict=True))
                                            for row in rows])


def _stored() -> tuple[list, list]:
    """Every accession column and audit entry as the database holds it (text and type),
    keyed by accession number instead of id (the two runs draw different ids)."""
    connection = db.session.connection()
    sqlite = connection.dialect.name == "sqlite"
    names = [c.name for c in Accession.__table__.columns
             if c.name not in ("id", "created_at", "updated_at")]
    shown = [f"typeof({n}) || ':' || coalesce(CAST({n} AS TEXT), '-')" if sqlite
             else f"coalesce(CAST({n} AS TEXT), '-')" for n in names]
    accessions = connection.exec_driver_sql(
        f"SELECT {', '.join(shown)} FROM accessions ORDER BY accenumb").all()  # noqa: S608
    stamps = ("typeof(created_at), length(created_at), typeof(updated_at)" if sqlite
              else "pg_typeof(created_at)::text")
    times = connection.exec_driver_sql(
        f"SELECT DISTINCT {stamps} FROM accessions").all()  # noqa: S608
    at = "typeof(e.at), length(e.at)" if sqlite else "0, 0"
    entries = connection.exec_driver_sql(
        f"SELECT a.accenumb, e.action, e.username, e.user_id, e.summary, "  # noqa: S608
        f"CAST(e.changes AS TEXT), {at} FROM audit_entries e "
        "JOIN accessions a ON CAST(a.id AS TEXT) = e.entity_id "
        "WHERE e.entity = 'accession' ORDER BY a.accenumb, e.id").all()
    return accessions + times, entries


def _import_twice(run_import, files) -> tuple[list, list]:
    """Insert the file, then upsert its changed version; the stored result."""
    first = run_import(files.csv(_rows(changed=False)), chunk_size=16)
    second = run_import(files.csv(_rows(changed=True)), mode="upsert", chunk_size=16)
    assert (first.created, second.updated, second.unchanged) == (40, 20, 20)
    return _stored()


def test_bulk_path_stores_exactly_what_core_inserts_store(run_import, files, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(bulk, "insert_rows", _core_insert_rows)
        patch.setattr(audit, "insert_rows", _core_insert_rows)
        expected = _import_twice(run_import, files)
    db.session.execute(sa.delete(AuditEntry))
    db.session.execute(sa.delete(Accession))
    db.session.commit()

    stored = _import_twice(run_import, files)

    assert len(stored[0]) == 41 and len(stored[1]) == 60
    assert stored == expected


def test_a_copy_in_flight_is_settled_before_the_next_statement_and_the_commit(app):
    columns = ("at", "username", "entity", "entity_id", "action", "changes", "summary")
    rows = [(utcnow(), "system", "probe", str(n), "create", {"n": n}, "") for n in range(3000)]
    count = sa.select(sa.func.count()).select_from(AuditEntry)

    bulk.insert_rows(AuditEntry.__table__, columns, rows, wait=False)
    assert db.session.scalar(count) == 3000
    bulk.insert_rows(AuditEntry.__table__, columns, rows, wait=False)
    db.session.commit()
    assert db.session.scalar(count) == 6000

    bulk.insert_rows(AuditEntry.__table__, columns, rows, wait=False)
    db.session.rollback()
    assert db.session.scalar(count) == 6000


def test_an_error_of_a_copy_in_flight_is_the_usual_integrity_error(app):
    entry = audit.record("probe", 1, "create", {})
    db.session.commit()
    count = sa.select(sa.func.count()).select_from(AuditEntry)
    before = db.session.scalar(count)
    columns = ("id", "at", "username", "entity", "entity_id", "action", "changes", "summary")
    rows = [(entry.id + 1 + n, utcnow(), "system", "probe", "2", "create", {}, "")
            for n in range(100)] + [(entry.id, utcnow(), "system", "probe", "2", "create", {}, "")]

    with pytest.raises(sa.exc.IntegrityError):
        bulk.insert_rows(AuditEntry.__table__, columns, rows, wait=False)
        bulk.settle()
    db.session.rollback()
    assert db.session.scalar(count) == before


def test_bulk_path_stores_the_accession_the_one_record_service_stores(run_import, files):
    from germbank.accessions.services.accessions import create_accession

    rows = [dict(zip(HEADER, row, strict=True)) for row in _rows(changed=False)[1:]]
    run_import(files.csv(_rows(changed=False)))
    for row in rows:
        note = row.pop("farm note")
        create_accession({**{k: v for k, v in row.items() if v and v != "NA"},
                          "INSTCODE": "CHN999", "extra": {"farm note": note} if note else {}})
    db.session.commit()
    names = [c.name for c in Accession.__table__.columns
             if c.name not in ("id", "instcode", "search_text", "created_at", "updated_at")]
    pairs: dict[str, list[dict]] = {}
    for accession in db.session.scalars(sa.select(Accession).order_by(Accession.instcode)):
        pairs.setdefault(accession.accenumb, []).append(
            {name: getattr(accession, name) for name in names}
            | {"search_text": accession.search_text.replace("chn999", "chn123")})
    assert len(pairs) == 40
    for number, (imported, one_by_one) in pairs.items():
        if imported["cropname"] != "新麻":  # an unknown CROPNAME: the import makes it a crop,
            assert imported == one_by_one, number  # the service keeps the taxon's crop


def test_audit_entries_name_the_right_accessions_whatever_order_the_ids_came_in(
        run_import, files, monkeypatch):
    from germbank.mcpd_import.services import importer

    real = bulk.insert_rows

    def reversed_rows(table, columns, rows, **options):
        real(table, columns, list(rows)[::-1], **options)

    monkeypatch.setattr(importer.bulk, "insert_rows", reversed_rows)
    report = run_import(files.csv(_rows(changed=False)), chunk_size=16)
    assert report.created == 40
    pairs = db.session.execute(
        sa.select(Accession.accenumb, AuditEntry.changes["accenumb"].as_string())
        .join(AuditEntry, AuditEntry.entity_id == sa.cast(Accession.id, sa.String))
        .where(AuditEntry.entity == "accession")).all()
    assert len(pairs) == 40 and all(number == named for number, named in pairs)


def test_postgresql_plans_each_key_lookup_for_the_table_as_it_is_then_restores(
        run_import, files, monkeypatch):
    """A generic plan made while the table was small scans every accession per chunk."""
    if db.session.get_bind().dialect.name != "postgresql":
        pytest.skip("plan caching is PostgreSQL's")
    from germbank.mcpd_import.services import importer

    setting = sa.text("SELECT current_setting('plan_cache_mode')")
    seen = []
    real = importer._existing

    def watched(results, full):
        seen.append(db.session.scalar(setting))
        return real(results, full)

    monkeypatch.setattr(importer, "_existing", watched)
    db.session.execute(sa.text("SET LOCAL plan_cache_mode = force_generic_plan"))
    report = run_import(files.csv(_rows(changed=False)), chunk_size=16, dry_run=True)
    assert report.created == 40
    assert seen == ["force_custom_plan"] * 3
    db.session.execute(sa.text("SET LOCAL plan_cache_mode = force_generic_plan"))
    importer.import_mcpd(_checked_file(files), "passport.csv", chunk_size=16)
    assert db.session.scalar(setting) == "force_generic_plan"
    db.session.rollback()


def _checked_file(files):
    from germbank.mcpd import check_file

    return check_file(files.csv(_rows(changed=False)), "passport.csv")
