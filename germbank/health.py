"""``/healthz``: is the database reachable and its schema at the latest migration?

Load balancers and ``make run`` poll it; 503 tells them to wait (``Retry-After`` says how long
before asking again) and ``detail`` tells the person reading it what is wrong. Each probe takes
a connection from the app's pool, which pings it before handing it out (``pool_pre_ping``) and
replaces a dead one, so the probe recovers by itself once the database answers again.
The error's text stays in the server log: this page is public and the text names hosts and
ports.
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
RETRY_AFTER_S = 5


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
            report["detail"] = "the database schema is behind the code: run `germbank db upgrade`"
    except Exception as error:  # a health probe must answer, whatever broke
        log.warning("health check failed: %s", error)
        report["error"] = type(error).__name__
        report["detail"] = (
            f"the database did not answer ({type(error).__name__}): it is stopped, restarting "
            "or locked; see the server log"
        )
    report["status"] = "ok" if status == 200 else "unavailable"
    headers = {} if status == 200 else {"Retry-After": str(RETRY_AFTER_S)}
    return jsonify(report), status, headers


def init_app(app: Flask) -> None:
    """Register the health endpoint."""
    app.register_blueprint(bp)
