"""Scratch databases for benchmarks: a SQLite file under bench/.data, or a PostgreSQL database
that the benchmark creates and drops itself.

Why: a benchmark must never touch a database someone uses, and every trial should start from
the same state (a freshly migrated schema), so trials are comparable. PostgreSQL trials clone
a migrated template database (`CREATE DATABASE ... TEMPLATE`), which takes a fraction of a
second instead of running the migrations again; SQLite trials copy the migrated file.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from bench.common import DATA_DIR

PG_SERVER_URL = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432")
BACKENDS = ("sqlite", "postgresql")


def pg_url(name: str) -> str:
    """The SQLAlchemy URL of database `name` on the benchmark's PostgreSQL server."""
    return f"{PG_SERVER_URL.rstrip('/')}/{name}"


def _admin_engine() -> sa.Engine:
    return sa.create_engine(pg_url("postgres"), isolation_level="AUTOCOMMIT")


def _quoted(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"refusing an unusual database name {name!r}")
    return f'"{name}"'


def create_pg_database(name: str, template: str | None = None) -> str:
    """(Re)create database `name`, optionally as a copy of `template`; return its URL."""
    drop_pg_database(name)
    engine = _admin_engine()
    with engine.connect() as connection:
        clause = f" TEMPLATE {_quoted(template)}" if template else ""
        connection.execute(sa.text(f"CREATE DATABASE {_quoted(name)}{clause}"))
    engine.dispose()
    return pg_url(name)


def drop_pg_database(name: str) -> None:
    """Drop database `name` if it exists, closing its connections first."""
    engine = _admin_engine()
    with engine.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {_quoted(name)} WITH (FORCE)"))
    engine.dispose()


def migrate(url: str) -> None:
    """Bring the database at `url` to the latest schema through the project's migrations."""
    from flask_migrate import upgrade

    from germbank.extensions import db

    app = bench_app(url)
    with app.app_context():
        upgrade(revision="heads")
        db.engine.dispose()


def bench_app(url: str, **config):
    """A GermBank app on `url`, configured like production (not TESTING) with a fixed key."""
    from germbank import create_app

    settings = {"DATABASE_URL": url, "SECRET_KEY": "bench-only-secret-key", **config}
    return create_app(settings)


class ScratchDatabases:
    """Migrated template databases per backend, cloned for each trial, all removed at the end."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.directory = DATA_DIR / prefix
        self._templates: dict[str, str] = {}
        self._pg_names: set[str] = set()

    def template(self, backend: str) -> str:
        """The migrated template of `backend` (created on first use)."""
        if backend not in self._templates:
            if backend == "sqlite":
                self.directory.mkdir(parents=True, exist_ok=True)
                path = self.directory / "template.db"
                for stale in self.directory.glob("template.db*"):
                    stale.unlink()
                url = f"sqlite:///{path}"
            elif backend == "postgresql":
                name = f"{self.prefix}_template"
                url = create_pg_database(name)
                self._pg_names.add(name)
            else:
                raise ValueError(f"unknown backend {backend!r}; choose from {BACKENDS}")
            migrate(url)
            self._templates[backend] = url
        return self._templates[backend]

    def fresh(self, backend: str, label: str) -> str:
        """A new copy of the migrated template, named after `label`; return its URL."""
        template = self.template(backend)
        if backend == "sqlite":
            path = self.directory / f"{label}.db"
            for stale in self.directory.glob(f"{label}.db*"):
                stale.unlink()
            shutil.copyfile(Path(template.removeprefix("sqlite:///")), path)
            return f"sqlite:///{path}"
        name = f"{self.prefix}_{label}"
        self._pg_names.add(name)
        return create_pg_database(name, template=f"{self.prefix}_template")

    def empty(self, backend: str, label: str) -> str:
        """An empty database without the schema (for the naive baseline's own table)."""
        if backend == "sqlite":
            self.directory.mkdir(parents=True, exist_ok=True)
            path = self.directory / f"{label}.db"
            for stale in self.directory.glob(f"{label}.db*"):
                stale.unlink()
            return f"sqlite:///{path}"
        name = f"{self.prefix}_{label}"
        self._pg_names.add(name)
        return create_pg_database(name)

    def close(self) -> None:
        """Drop every PostgreSQL database and delete every file this object made."""
        for name in sorted(self._pg_names, key=lambda n: n.endswith("_template")):
            drop_pg_database(name)
        self._pg_names.clear()
        shutil.rmtree(self.directory, ignore_errors=True)


@contextmanager
def scratch_databases(prefix: str) -> Iterator[ScratchDatabases]:
    """`ScratchDatabases` that always cleans up, even when the benchmark fails."""
    databases = ScratchDatabases(prefix)
    try:
        yield databases
    finally:
        databases.close()
