"""``germbank import-mcpd`` and ``germbank export-mcpd``: MCPD files from the command line.

Exit codes of import-mcpd: 0 every row is fine; 1 some rows have errors (nothing imported, or
with --skip-invalid the other rows imported); 2 the file cannot be read or the options are
wrong.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from germbank.extensions import db
from germbank.mcpd import McpdFileError, check_file
from germbank.mcpd_import.services.exporter import export_csv, export_xlsx
from germbank.mcpd_import.services.importer import MODES, import_mcpd

SHOWN_PROBLEMS = 50


@click.command("import-mcpd")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check and report; change nothing.")
@click.option("--mode", type=click.Choice(MODES), default="insert", show_default=True,
              help="insert refuses accessions already stored; upsert updates them.")
@click.option("--skip-invalid", is_flag=True,
              help="Import the valid rows even when others have errors.")
@click.option("--rejected-out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the rejected rows, with a reason column, to this CSV.")
@with_appcontext
def import_mcpd_command(file: Path, dry_run: bool, mode: str, skip_invalid: bool,
                        rejected_out: Path | None) -> None:
    """Import an MCPD passport file (CSV or XLSX)."""
    try:
        check = check_file(file)
        hint = check.table.row_count_hint or 0
        with click.progressbar(length=hint, label="Checking" if dry_run else "Importing",
                               file=sys.stderr) as bar:
            report = import_mcpd(check, file.name, mode=mode, dry_run=dry_run,
                                 skip_invalid=skip_invalid, progress=bar.update)
    except McpdFileError as error:
        db.session.rollback()
        click.echo(f"Error: {file.name}: {error}", err=True)
        raise SystemExit(2) from None
    if report.applied:
        db.session.commit()
    else:
        db.session.rollback()
    _print_report(report)
    if rejected_out is not None and report.rejected_rows:
        rejected_out.write_bytes(report.rejected_csv())
        click.echo(f"Rejected rows written to {rejected_out} (fix them and import that file).")
    if report.rejected:
        raise SystemExit(1)


def _print_report(report) -> None:
    for title, problems in (("Errors", report.errors), ("Warnings", report.warnings)):
        if problems:
            click.echo(f"{title} ({len(problems)}):")
            for problem in problems[:SHOWN_PROBLEMS]:
                click.echo(f"  row {problem.row}, {problem.column}: {problem.message}")
            if len(problems) > SHOWN_PROBLEMS:
                click.echo(f"  ... and {len(problems) - SHOWN_PROBLEMS} more")
    verb = "would be" if not report.applied else "were"
    click.echo(f"{report.rows} rows: {report.created} created, {report.updated} updated, "
               f"{report.unchanged} unchanged, {report.rejected} rejected.")
    if report.dry_run:
        click.echo("Dry run: nothing was changed.")
    elif report.blocked:
        click.echo(f"Nothing was imported because {report.rejected} rows have errors "
                   f"(the counts say what {verb} done). Fix them, or use --skip-invalid.")


@click.command("export-mcpd")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--with-extra", is_flag=True, help="Add the extra attribute columns.")
@with_appcontext
def export_mcpd_command(file: Path, with_extra: bool) -> None:
    """Export every accession as MCPD; the format comes from FILE's extension."""
    suffix = file.suffix.lower()
    if suffix == ".csv":
        data = export_csv(with_extra=with_extra)
    elif suffix == ".xlsx":
        data = export_xlsx(with_extra=with_extra)
    else:
        raise click.BadParameter("the file must end in .csv or .xlsx", param_hint="FILE")
    file.write_bytes(data)
    click.echo(f"Exported to {file}.")
