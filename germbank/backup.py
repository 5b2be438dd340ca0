"""Consistent backups while GermBank runs, and restoring them.

SQLite uses its online backup API, which copies a consistent snapshot even while the
subscriber writes; PostgreSQL uses ``pg_dump`` (one snapshot transaction) and
``pg_restore``. A genebank's passport data and climate history are irreplaceable, so a
restore is checked by the tests table by table.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    """A backup or restore could not be made; the message says why."""


def _sqlite_path(url: sa.URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return Path(url.database)


def _libpq_url(url: sa.URL) -> str:
    """``pg_dump`` speaks libpq URLs, without SQLAlchemy's ``+driver`` part."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def default_backup_path(directory: Path, url: sa.URL) -> Path:
    """A time-stamped file name that sorts by age."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = ".sqlite3" if url.get_backend_name() == "sqlite" else ".pgdump"
    return directory / f"germbank-{stamp}{suffix}"


def backup(database_url: str, target: Path) -> Path:
    """Write a consistent snapshot of the database to ``target``; return it."""
    url = make_url(database_url)
    target.parent.mkdir(parents=True, exist_ok=True)
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(_sqlite_path(url))
        partial = target.with_suffix(target.suffix + ".partial")
        destination = sqlite3.connect(partial)
        try:
            source.backup(destination)
            check = destination.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            destination.close()
            source.close()
        if check != "ok":
            partial.unlink(missing_ok=True)
            raise BackupError(f"The snapshot failed its integrity check: {check}")
        partial.replace(target)
        return target
    if url.get_backend_name() == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", _libpq_url(url)])
        return target
    raise BackupError(f"Backups of {url.get_backend_name()} databases are not supported.")


def restore(database_url: str, source: Path) -> None:
    """Replace the database's contents with the snapshot in ``source``."""
    if not source.is_file():
        raise BackupError(f"No backup file at {source}.")
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        snapshot = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        live = sqlite3.connect(_sqlite_path(url), timeout=30)
        try:
            if snapshot.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{source} is not an intact SQLite backup.")
            snapshot.backup(live)
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{source} is not a SQLite backup: {error}") from None
        finally:
            live.close()
            snapshot.close()
        return
    if url.get_backend_name() == "postgresql":
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={_libpq_url(url)}",
                str(source),
            ]
        )
        return
    raise BackupError(f"Restoring {url.get_backend_name()} databases is not supported.")


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client).")
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-500:]}")
