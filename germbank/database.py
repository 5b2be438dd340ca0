"""Database connection policy: SQLite gets WAL, foreign keys and a busy timeout.

WAL lets the web app read while the MQTT subscriber writes; foreign keys are off by default
in SQLite and would otherwise let orphans in; the busy timeout turns short lock waits into
waits instead of errors.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Flask

from germbank.extensions import db


def init_app(app: Flask) -> None:
    """Install the SQLite pragmas on every new connection of this app's engine."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        timeout = int(app.config["SQLITE_BUSY_TIMEOUT_MS"])
        sa.event.listen(engine, "connect", _sqlite_pragmas(timeout))


def _sqlite_pragmas(busy_timeout_ms: int):
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        # First: journal_mode=WAL needs a lock, and must wait the configured time for it
        # (not the driver's own 5 s) when another connection holds the file exclusively.
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return on_connect


def is_sqlite() -> bool:
    """Tell services whether dialect-specific SQL (e.g. upserts) must use SQLite's form."""
    return db.engine.dialect.name == "sqlite"
