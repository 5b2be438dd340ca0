"""``germbank monitoring ...``: default thresholds, the offline watch, and a daily report."""

from __future__ import annotations

import time
from datetime import date, timedelta

import click
from flask.cli import AppGroup

from germbank.extensions import db

monitoring_cli = AppGroup("monitoring", help="Climate thresholds, alarms and reports.")


@monitoring_cli.command("defaults")
def defaults_command():
    """Pre-fill thresholds of every location from its climate class (safe to run again)."""
    from germbank.monitoring.services.thresholds import apply_defaults_everywhere

    created = apply_defaults_everywhere()
    db.session.commit()
    click.echo(f"{created} default thresholds added.")


@monitoring_cli.command("check-offline")
def check_offline_command():
    """Open offline alarms for devices silent for three reporting intervals, once."""
    from germbank.monitoring.services.offline import check_offline

    result = check_offline(db.session)
    db.session.commit()
    click.echo(f"{len(result.opened)} offline alarms opened, {len(result.cleared)} cleared.")


@monitoring_cli.command("watch")
@click.option("--interval", default=30.0, show_default=True, help="Seconds between checks.")
def watch_command(interval: float):
    """Check for silent devices every INTERVAL seconds until interrupted."""
    from germbank.monitoring.hooks import run_offline_check

    click.echo(f"Checking for silent devices every {interval:g} s (Ctrl-C stops).")
    try:
        while True:
            run_offline_check()
            time.sleep(interval)
    except KeyboardInterrupt:
        click.echo("stopped")


@monitoring_cli.command("report")
@click.argument("code")
@click.option("--days", default=7, show_default=True, help="Days up to yesterday.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), required=True)
def report_command(code: str, days: int, output: str):
    """Write the daily climate report of location CODE as XLSX."""
    import sqlalchemy as sa

    from germbank.models import StorageLocation
    from germbank.monitoring.services.report import daily_report_xlsx

    location = db.session.scalar(sa.select(StorageLocation).where(StorageLocation.code == code))
    if location is None:
        raise click.ClickException(f"No location with code {code!r}.")
    last = date.today() - timedelta(days=1)
    first = last - timedelta(days=max(days, 1) - 1)
    with open(output, "wb") as handle:
        handle.write(daily_report_xlsx(location, first, last))
    click.echo(f"Wrote {output} ({first} to {last}).")
