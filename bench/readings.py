"""Counting what a subscriber really committed, straight from the database.

Why not trust the subscriber's own counters: "0 lost, 0 duplicated" is only a claim until the
rows are counted in the database after the subscriber has gone.
"""

from __future__ import annotations

import sqlalchemy as sa

NAIVE_TABLE = "naive_reading"
NAIVE_KEY = ("device", "metric", "ts")


def count_readings(url: str, *, naive: bool = False) -> int | None:
    """Rows in GermBank's readings table (or the naive baseline's table); None for `memory`."""
    if url == "memory":
        return None
    table = NAIVE_TABLE if naive else readings_table().name
    return _scalar(url, sa.select(sa.func.count()).select_from(sa.table(table)))


def duplicate_readings(url: str, *, naive: bool = False) -> int:
    """Rows beyond the first for each reading key (device/series, metric, timestamp).

    GermBank's table has a unique key, so this should be 0 by construction; it is counted
    anyway, with the same query for the naive table, which has no key.
    """
    if url == "memory":
        return 0
    if naive:
        table = sa.table(NAIVE_TABLE, *(sa.column(name) for name in NAIVE_KEY))
        key = [table.c[name] for name in NAIVE_KEY]
    else:
        table = readings_table()
        key = list(reading_key_columns(table))
    extra = sa.select((sa.func.count() - 1).label("extra")).select_from(table).group_by(*key)
    return _scalar(url, sa.select(sa.func.coalesce(sa.func.sum(extra.subquery().c.extra), 0)))


def readings_table() -> sa.Table:
    """The product's readings table (the model of `germbank.models.sensors`)."""
    from germbank.models import sensors

    return sensors.Reading.__table__


def reading_key_columns(table: sa.Table) -> tuple[sa.Column, ...]:
    """The columns of the readings table's unique key (what makes a reading "the same")."""
    for constraint in table.constraints:
        if isinstance(constraint, sa.UniqueConstraint | sa.PrimaryKeyConstraint):
            columns = tuple(constraint.columns)
            if len(columns) > 1:
                return columns
    for index in table.indexes:
        if index.unique and len(index.columns) > 1:
            return tuple(index.columns)
    raise LookupError(f"{table.name} has no unique key over several columns")


def _scalar(url: str, query) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(query).scalar_one())
    finally:
        engine.dispose()
