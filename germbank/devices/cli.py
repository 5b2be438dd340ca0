"""`germbank sensors ...`: run the subscriber, simulate devices, prune old raw readings."""

from __future__ import annotations

import logging
from datetime import timedelta

import click
from flask import current_app
from flask.cli import AppGroup

from germbank.extensions import db

sensors_cli = AppGroup("sensors", help="MQTT ingest, device simulator and retention.")


@sensors_cli.command("run")
@click.option("--url", help="Broker URL (default: GERMBANK_MQTT_URL or mqtt://127.0.0.1:1883).")
@click.option("--client-id", help="Fixed client id: it names the persistent session.")
@click.option("--shared-group", help="Share telemetry with other subscribers of this group.")
def run_command(url, client_id, shared_group):
    """Subscribe and store every reading until SIGTERM or Ctrl-C (graceful drain)."""
    from sensors.config import SubscriberConfig
    from sensors.run import run_subscriber

    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    overrides = {k: v for k, v in {"client_id": client_id, "shared_group": shared_group}.items()
                 if v}
    try:
        config = SubscriberConfig.from_env(**overrides)
        if url:
            config = SubscriberConfig.from_url(url, **{
                k: getattr(config, k) for k in ("client_id", "shared_group", "batch_size",
                                                "batch_interval", "receive_maximum")})
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    raise SystemExit(run_subscriber(current_app._get_current_object(), config))


@sensors_cli.command("simulate")
@click.option("--url", help="Broker URL (default: GERMBANK_MQTT_URL or mqtt://127.0.0.1:1883).")
@click.option("--backlog-days", type=float, default=0.0, show_default=True,
              help="Publish this many days of history first.")
@click.option("--interval", type=float, help="Seconds between samples of each device.")
@click.option("--rate", type=float, help="Messages per second across all devices.")
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--duration", type=float, help="Stop after this many seconds.")
@click.option("--no-live", is_flag=True, help="Only publish the backlog.")
def simulate_command(url, backlog_days, interval, rate, seed, duration, no_live):
    """Publish realistic readings of the demo devices (see docs/mqtt.md)."""
    from sensors.simulator import main

    argv = ["--backlog-days", str(backlog_days), "--seed", str(seed)]
    for flag, value in (("--url", url), ("--interval", interval), ("--rate", rate),
                        ("--duration", duration)):
        if value is not None:
            argv += [flag, str(value)]
    if no_live:
        argv.append("--no-live")
    raise SystemExit(main(argv))


@sensors_cli.command("prune")
@click.option("--days", type=int, default=None,
              help="Keep raw readings this many days (default: SENSORS_RAW_RETENTION_DAYS or 400).")
@click.option("--rejected-days", type=int, default=90, show_default=True,
              help="Keep rejected messages this many days.")
def prune_command(days, rejected_days):
    """Delete raw readings older than the retention; hourly rollups are kept for charts."""
    from germbank.devices.services import prune

    days = days if days is not None else int(
        current_app.config.get("SENSORS_RAW_RETENTION_DAYS", 400))
    if days < 1:
        raise click.ClickException("--days must be at least 1")
    result = prune(timedelta(days=days), timedelta(days=rejected_days))
    db.session.commit()
    click.echo(f"Deleted {result['readings']:,} raw readings older than {days} days and "
               f"{result['rejected']:,} rejected messages; "
               f"{result['rollups_kept']:,} hourly rollups kept.")
