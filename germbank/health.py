"""``/healthz``: is the database reachable and its schema at the latest migration?

Load balancers and ``make run`` poll it; 503 tells them to wait.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Blueprint, Flask, current_app, jsonify

from germbank.auth.access import public
from germbank.extensions import db

log = logging.getLogger(__name__)
bp = Blueprint("health", __name__)


def migration_heads() -> set[str]:
    """Revisions the code expects the database to be at."""
    config = current_app.extensions["migrate"].migrate.get_config()
    return set(ScriptDirectory.from_config(config).get_heads())


@bp.route("/healthz")
@public
def healthz():
    """Report database reachability and migration state as JSON."""
    report: dict[str, object] = {"database": "unreachable", "migrations": "unknown"}
    status = 503
    try:
        with db.engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
            current = set(MigrationContext.configure(connection).get_current_heads())
        report["database"] = "ok"
        expected = migration_heads()
        report["current_revision"] = sorted(current)
        report["head_revision"] = sorted(expected)
        if current == expected:
            report["migrations"] = "at head"
            status = 200
        else:
            report["migrations"] = "behind"
    except Exception as error:  # a health probe must answer, whatever broke
        log.warning("health check failed: %s", error)
        report["error"] = type(error).__name__
    report["status"] = "ok" if status == 200 else "unavailable"
    return jsonify(report), status


def init_app(app: Flask) -> None:
    """Register the health endpoint."""
    app.register_blueprint(bp)
