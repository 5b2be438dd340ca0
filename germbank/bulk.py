"""Insert many rows in the session's transaction at the driver's full speed.

Why: SQLAlchemy's ``session.execute(table.insert(), [dicts])`` turns every value of every row
into a bound parameter in Python, which costs more than the database's own work for large
imports (100,000 accessions of ~50 columns: five million parameters).  Here PostgreSQL gets
``COPY ... FROM STDIN`` (psycopg writes the rows in C, the server parses them in one stream)
and SQLite gets the ``sqlite3`` module's own ``executemany`` of one prepared statement.
Values go through each column type's SQLAlchemy bind processor first, so what is stored is
exactly what a Core ``insert()`` of the same values would store (JSON text, UTC time stamps).
Like every service, this only writes inside the caller's transaction; the caller commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import itemgetter

import sqlalchemy as sa

from germbank.extensions import db


def insert_rows(table: sa.Table, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Insert ``rows`` (tuples of values in the order of ``columns``) into ``table``."""
    connection = db.session.connection()
    dialect = connection.dialect
    processors = [(index, processor) for index, name in enumerate(columns)
                  if (processor := table.c[name].type.dialect_impl(dialect)
                      .bind_processor(dialect)) is not None]
    if processors:
        rows = _processed(rows, processors)
    names = ", ".join(dialect.identifier_preparer.quote(name) for name in columns)
    quoted_table = dialect.identifier_preparer.format_table(table)
    if dialect.name == "postgresql":
        cursor = connection.connection.driver_connection.cursor()
        with cursor, cursor.copy(f"COPY {quoted_table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    placeholders = ", ".join("?" if dialect.paramstyle == "qmark" else "%s" for _ in columns)
    rows = rows if isinstance(rows, list) else list(rows)
    if rows:
        # Names come from the table's metadata, quoted; every value is a bound parameter.
        statement = f"INSERT INTO {quoted_table} ({names}) VALUES ({placeholders})"  # noqa: S608
        connection.exec_driver_sql(statement, rows)


def _processed(rows: Iterable[Sequence], processors: list) -> list[tuple]:
    """The rows with each processed column's value converted for the driver.

    A value that is the very object the previous row had (the one time stamp of an import)
    is converted once.
    """
    done = []
    last = [(None, None)] * len(processors)
    for row in rows:
        row = list(row)
        for position, (index, processor) in enumerate(processors):
            value = row[index]
            if value is not None:
                before, after = last[position]
                if value is not before:
                    after = processor(value)
                    last[position] = (value, after)
                row[index] = after
        done.append(tuple(row))
    return done


def next_ids(table: sa.Table, count: int) -> list[int] | None:
    """``count`` fresh primary keys of ``table`` from its PostgreSQL sequence, else None.

    PostgreSQL hands out sequence values that no other transaction will ever get, so a bulk
    insert can know its rows' ids before writing them (and write their child or audit rows
    without reading anything back).  SQLite has no sequence: the caller reads ids back.
    """
    connection = db.session.connection()
    if connection.dialect.name != "postgresql" or count == 0:
        return None
    (column,) = table.primary_key.columns
    return sorted(connection.execute(
        sa.text("SELECT nextval(pg_get_serial_sequence(:table, :column)) "
                "FROM generate_series(1, :count)"),
        {"table": table.name, "column": column.name, "count": count}).scalars())


def row_getter(columns: Sequence[str]):
    """A function turning a dict into the tuple of its ``columns`` values (in C)."""
    getter = itemgetter(*columns)
    if len(columns) == 1:
        return lambda row: (getter(row),)
    return getter
