"""The import service: rows into accessions, all or nothing, skip-invalid, upsert, audit."""

import sqlalchemy as sa

from germbank.extensions import db
from germbank.mcpd import check_file
from germbank.models import AuditEntry
from germbank.models.accessions import Accession, Crop, Taxon


def accessions():
    return db.session.scalars(sa.select(Accession).order_by(Accession.accenumb)).all()


def test_valid_rows_become_accessions_with_crop_and_taxon(run_import, files):
    data = files.csv(files.rows_of([files.ramie(1, STORAGE="11;13"), files.ramie(2)]))
    report = run_import(data)
    assert (report.created, report.updated, report.unchanged, report.rejected) == (2, 0, 0, 0)
    assert report.applied
    first, second = accessions()
    assert (first.instcode, first.accenumb, first.genus, first.species) == (
        "CHN123", "ZM001", "Boehmeria", "nivea")
    assert first.accename == "中苎1号" and first.storage == "11;13" and first.sampstat == 300
    assert first.taxon.name() == "Boehmeria nivea" and first.crop.code == "ramie"
    assert first.crop.name_zh == "苎麻" and first.crop.propagation == "clonal"
    assert first.taxon_id == second.taxon_id
    assert "中苎1号" in first.search_text and "zm001" in first.search_text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Taxon)) == 1


def test_audit_entries_for_each_created_accession_and_the_import(run_import, files):
    run_import(files.csv(files.rows_of([files.ramie(1), files.ramie(2)])))
    entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
    created = [e for e in entries if e.entity == "accession"]
    assert [e.action for e in created] == ["create", "create"]
    assert created[0].changes["accenumb"] == "ZM001"
    assert created[0].summary == "MCPD import of passport.csv"
    [summary] = [e for e in entries if e.entity == "mcpd_import"]
    assert summary.changes["created"] == 2


def test_one_bad_row_leaves_the_database_unchanged(run_import, files):
    rows = [files.ramie(n) for n in range(1, 4000)] + [files.ramie(4000, INSTCODE="bad")]
    report = run_import(files.csv(files.rows_of(rows)), chunk_size=1000)
    assert not report.applied and report.blocked
    assert report.rejected == 1 and report.created == 3999  # what would have been created
    assert accessions() == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 0
    [error] = report.errors
    assert (error.row, error.column) == (4001, "INSTCODE")


def test_dry_run_reports_without_changing_anything(run_import, files):
    rows = [files.ramie(1), files.ramie(2, SAMPSTAT="abc"), files.ramie(3, GENUS="")]
    report = run_import(files.csv(files.rows_of(rows)), dry_run=True)
    assert (report.created, report.rejected) == (2, 1)
    assert [(p.row, p.column, p.severity) for p in report.errors] == [(4, "GENUS", "error")]
    assert [(p.row, p.column, p.value) for p in report.warnings] == [(3, "SAMPSTAT", "abc")]
    assert accessions() == [] and not report.applied


def test_skip_invalid_imports_the_rest_and_the_rejected_file_reimports_after_fixing(
        run_import, files):
    rows = [files.ramie(1), files.ramie(2, INSTCODE="CHN12"), files.ramie(3)]
    report = run_import(files.csv(files.rows_of(rows)), skip_invalid=True)
    assert (report.created, report.rejected, report.applied) == (2, 1, True)
    assert [a.accenumb for a in accessions()] == ["ZM001", "ZM003"]
    rejected = report.rejected_csv().decode("utf-8-sig")
    header, line = rejected.splitlines()
    assert header == ",".join(files.HEADER) + ",reason"
    assert line.startswith("CHN12,ZM002,") and "not a FAO WIEWS institute code" in line
    fixed = rejected.replace("CHN12,ZM002", "CHN123,ZM002").encode("utf-8-sig")
    again = run_import(fixed, "passport-rejected.csv")
    assert (again.created, again.rejected, again.applied) == (1, 0, True)
    assert again.file_problems == []  # the reason column is not an extra attribute
    assert [a.accenumb for a in accessions()] == ["ZM001", "ZM002", "ZM003"]
    assert accessions()[1].extra == {}


def test_insert_mode_refuses_stored_accessions(run_import, files):
    run_import(files.csv(files.rows_of([files.ramie(1)])))
    report = run_import(files.csv(files.rows_of([files.ramie(1), files.ramie(2)])))
    assert report.blocked and report.rejected == 1
    assert report.errors[0].message == (
        "ACCENUMB 'ZM001' of CHN123 is already in GermBank; import with mode upsert to "
        "update it")
    assert len(accessions()) == 1


def test_upsert_updates_changed_counts_unchanged_and_audits_the_diff(run_import, files):
    run_import(files.csv(files.rows_of([files.ramie(1), files.ramie(2)])))
    rows = [files.ramie(1), files.ramie(2, SAMPSTAT="410"), files.ramie(3)]
    report = run_import(files.csv(files.rows_of(rows)), mode="upsert")
    assert (report.created, report.updated, report.unchanged) == (1, 1, 1)
    changed = accessions()[1]
    assert changed.sampstat == 410 and changed.version == 2
    [entry] = db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action == "update")).all()
    assert entry.entity_id == str(changed.id) and entry.changes["sampstat"] == [300, 410]


def test_upsert_leaves_columns_absent_from_the_file_alone(run_import, files):
    run_import(files.csv(files.rows_of([files.ramie(1, REMARKS="keep me")])))
    data = files.csv([["INSTCODE", "ACCENUMB", "GENUS", "SAMPSTAT"],
                      ["CHN123", "ZM001", "Boehmeria", "410"]])
    report = run_import(data, mode="upsert")
    assert report.updated == 1
    [accession] = accessions()
    assert accession.remarks == "keep me" and accession.sampstat == 410


def test_upsert_with_a_dropped_malformed_value_keeps_the_stored_one(run_import, files):
    run_import(files.csv(files.rows_of([files.ramie(1)])))
    report = run_import(files.csv(files.rows_of([files.ramie(1, SAMPSTAT="abc")])),
                        mode="upsert")
    assert report.unchanged == 1 and len(report.warnings) == 1
    assert accessions()[0].sampstat == 300


def test_new_crop_from_cropname_and_new_taxon(run_import, files):
    data = files.csv([["INSTCODE", "ACCENUMB", "GENUS", "SPECIES", "CROPNAME"],
                      ["CHN123", "X1", "Urtica", "dioica", "nettle"],
                      ["CHN123", "X2", "Urtica", "dioica", "荨麻"]])
    run_import(data)
    first, second = accessions()
    assert first.crop.code == "nettle" and first.crop.name_en == "nettle"
    assert second.crop.name_zh == "荨麻" and second.crop_id != first.crop_id
    assert first.taxon_id == second.taxon_id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Crop)) == 2


def test_values_longer_than_the_columns_are_reported(run_import, files):
    data = files.csv([["INSTCODE", "ACCENUMB", "GENUS", "COLLNUMB"],
                      ["CHN123", "A" * 65, "Linum", ""],
                      ["CHN123", "A2", "Linum", "N" * 65]])
    report = run_import(data, skip_invalid=True)
    assert report.rejected == 1 and report.created == 1
    assert report.errors[0].message == (
        "ACCENUMB is 65 characters long; GermBank keeps at most 64")
    assert report.warnings[0].column == "COLLNUMB"
    assert accessions()[0].collnumb is None


def test_extra_columns_are_stored_and_updated(run_import, files):
    data = files.csv([["INSTCODE", "ACCENUMB", "GENUS", "Fibre yield (%)"],
                      ["CHN123", "A1", "Boehmeria", "12.5"]])
    report = run_import(data)
    assert [p.column for p in report.file_problems] == ["Fibre yield (%)"]
    assert accessions()[0].extra == {"Fibre yield (%)": "12.5"}
    data = files.csv([["INSTCODE", "ACCENUMB", "GENUS", "Fibre yield (%)"],
                      ["CHN123", "A1", "Boehmeria", ""]])
    run_import(data, mode="upsert")
    assert accessions()[0].extra == {}


def test_progress_is_reported_per_chunk(app, files):
    from germbank.mcpd_import.services.importer import import_mcpd

    seen = []
    data = files.csv(files.rows_of([files.ramie(n) for n in range(1, 6)]))
    import_mcpd(check_file(data, "p.csv"), "p.csv", dry_run=True, progress=seen.append,
                chunk_size=2)
    assert seen == [2, 2, 1]
