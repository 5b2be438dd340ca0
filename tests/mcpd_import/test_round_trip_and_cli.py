"""Export -> import into an empty database -> export gives the same file; the CLI."""

import pytest
import sqlalchemy as sa

from germbank.extensions import db
from germbank.mcpd_import.services.exporter import export_csv, export_xlsx
from germbank.models import AuditEntry
from germbank.models.accessions import Accession, Crop, Taxon

FULL_HEADER = ["PUID", "INSTCODE", "ACCENUMB", "COLLNUMB", "COLLCODE", "GENUS", "SPECIES",
               "CROPNAME", "ACCENAME", "ACQDATE", "ORIGCTY", "COLLSITE", "DECLATITUDE",
               "LATITUDE", "DECLONGITUDE", "LONGITUDE", "COORDUNCERT", "ELEVATION", "COLLDATE",
               "SAMPSTAT", "COLLSRC", "DONORCODE", "OTHERNUMB", "STORAGE", "MLSSTAT", "REMARKS",
               "Fibre yield"]


def sample_file(files):
    rows = [FULL_HEADER]
    for n in range(1, 30):
        rows.append([f"doi:10.1/{n}", "CHN123", f"ZM{n:03d}", f"C{n}", "chn001;CHN002",
                     "Boehmeria", "nivea", "ramie", f"中苎{n}号;Zhongzhu {n}", "2016----", "chn",
                     "沅江市 5 km", "" if n % 2 else "28.3417", "282030N", "112.3583",
                     "1122130E", "30.0", "35.0", "20150712", "300.0", "21", "CHN004",
                     f"CHN001:R{n}", "20;30", "0", "COLLSRC:河边", f"{n}.5"])
    return files.csv(rows)


def wipe():
    for model in (AuditEntry, Accession, Taxon, Crop):
        db.session.execute(sa.delete(model))
    db.session.commit()


@pytest.mark.parametrize("with_extra", [False, True])
def test_export_import_export_gives_the_same_csv(run_import, files, with_extra):
    run_import(sample_file(files))
    first = export_csv(with_extra=with_extra)
    wipe()
    report = run_import(first, "export.csv")
    assert report.created == 29 and report.errors == []
    assert export_csv(with_extra=with_extra) == first
    assert b"Fibre yield" in first if with_extra else b"Fibre yield" not in first


def test_export_import_export_gives_the_same_xlsx(run_import, files):
    run_import(sample_file(files))
    first = export_xlsx(with_extra=True)
    wipe()
    assert run_import(first, "export.xlsx").created == 29
    assert export_xlsx(with_extra=True) == first


def test_cli_imports_and_exports(runner, files, tmp_path):
    source = tmp_path / "passport.csv"
    source.write_bytes(files.csv(files.rows_of([files.ramie(1), files.ramie(2)])))
    result = runner.invoke(args=["import-mcpd", str(source)])
    assert result.exit_code == 0, result.output
    assert "2 rows: 2 created, 0 updated, 0 unchanged, 0 rejected." in result.output
    out = tmp_path / "out.xlsx"
    result = runner.invoke(args=["export-mcpd", str(out)])
    assert result.exit_code == 0 and out.read_bytes().startswith(b"PK")
    result = runner.invoke(args=["export-mcpd", str(tmp_path / "out.pdf")])
    assert result.exit_code == 2 and "must end in .csv or .xlsx" in result.output


def test_cli_dry_run_and_error_exit_codes(runner, files, tmp_path):
    source = tmp_path / "passport.csv"
    source.write_bytes(files.csv(files.rows_of([files.ramie(1), files.ramie(2, GENUS="")])))
    result = runner.invoke(args=["import-mcpd", str(source), "--dry-run"])
    assert result.exit_code == 1
    assert "row 3, GENUS: GENUS is empty; every accession needs one" in result.output
    assert "Dry run: nothing was changed." in result.output
    result = runner.invoke(args=["import-mcpd", str(source)])
    assert result.exit_code == 1 and "Nothing was imported" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Accession)) == 0
    rejected = tmp_path / "rejected.csv"
    result = runner.invoke(args=["import-mcpd", str(source), "--skip-invalid",
                                 "--rejected-out", str(rejected)])
    assert result.exit_code == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Accession)) == 1
    fixed = rejected.read_bytes().replace(b",,nivea", b",Boehmeria,nivea")
    rejected.write_bytes(fixed)
    assert runner.invoke(args=["import-mcpd", str(rejected)]).exit_code == 0
    result = runner.invoke(args=["import-mcpd", str(source), "--mode", "upsert",
                                 "--skip-invalid"])
    assert "1 unchanged" in result.output


def test_cli_unreadable_file_exits_2(runner, tmp_path):
    source = tmp_path / "notes.csv"
    source.write_text("hello,world\n")
    result = runner.invoke(args=["import-mcpd", str(source)])
    assert result.exit_code == 2
    assert "no header row with an ACCENUMB column" in result.output
