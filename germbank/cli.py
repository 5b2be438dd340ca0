"""The ``germbank`` command: the Flask CLI of this app plus GermBank's own groups.

Feature packages add their commands in their ``init_app`` (``app.cli.add_command``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, FlaskGroup

from germbank.extensions import db

users_cli = AppGroup("users", help="Manage people and roles.")
demo_cli = AppGroup("demo", help="Demonstration data.")
translations_cli = AppGroup("translations", help="Interface translations.")


@users_cli.command("create")
@click.argument("username")
@click.option(
    "--role",
    required=True,
    type=click.Choice(["admin", "agronomist", "technician", "project_manager", "viewer"]),
)
@click.option("--full-name", default="")
@click.option("--email", default=None)
@click.password_option(help="The first password (asked for when not given).")
def create_user_command(username, role, full_name, email, password):
    """Add a person with a role."""
    from germbank import audit
    from germbank.auth.services import AuthError, create_user

    try:
        user = create_user(username, password, role, full_name=full_name, email=email)
    except AuthError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    audit.record("user", user.id, "create", {"username": user.username, "role": role})
    db.session.commit()
    click.echo(f"Created {user.username} ({role}).")


@users_cli.command("list")
def list_users_command():
    """Show people, roles and whether they may sign in."""
    import sqlalchemy as sa

    from germbank.models import User

    for user in db.session.scalars(sa.select(User).order_by(User.username)):
        state = "active" if user.is_active else "disabled"
        click.echo(f"{user.username:20} {user.role:16} {state}")


@demo_cli.command("load")
def load_demo_command():
    """Load demonstration data (safe to run again)."""
    from germbank.demo import DEMO_PASSWORD, DEMO_USERS, load_all

    loaded = load_all()
    db.session.commit()
    click.echo("Demo data loaded: " + ", ".join(loaded))
    click.echo(f"Demo sign-ins (password {DEMO_PASSWORD}):")
    for username, role, _name in DEMO_USERS:
        click.echo(f"  {username:12} {role}")


@translations_cli.command("compile")
def compile_translations_command():
    """Compile every .po catalogue into the .mo file Flask-Babel reads."""
    from germbank.i18n import compile_catalogues

    for path in compile_catalogues():
        click.echo(f"compiled {path}")


@click.command("backup")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (default: instance/backups/germbank-<UTC time>.sqlite3|.pgdump).",
)
def backup_command(output):
    """Write a consistent snapshot of the database while GermBank runs."""
    from sqlalchemy.engine import make_url

    from germbank import backup

    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    target = output or backup.default_backup_path(
        Path(current_app.instance_path) / "backups", make_url(url)
    )
    try:
        written = backup.backup(url, target)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backup written to {written} ({written.stat().st_size:,} bytes).")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(source, yes):
    """Replace the database's contents with a backup (stop the subscriber first)."""
    from germbank import backup

    if not yes:
        click.confirm(f"Replace ALL data in the database with {source}?", abort=True)
    db.session.remove()
    db.engine.dispose()
    try:
        backup.restore(current_app.config["SQLALCHEMY_DATABASE_URI"], source)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored from {source}.")


def init_app(app: Flask) -> None:
    """Attach GermBank's command groups to the app's CLI."""
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(translations_cli)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)


def _create_app():
    from germbank import create_app

    return create_app()


cli = FlaskGroup(create_app=_create_app, help="GermBank: the germplasm bank's system.")


def main() -> None:
    """Console-script entry point ``germbank``."""
    sys.exit(cli.main())
