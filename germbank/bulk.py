"""Insert many rows in the session's transaction at the driver's full speed.

Why: SQLAlchemy's ``session.execute(table.insert(), [dicts])`` turns every value of every row
into a bound parameter in Python, which costs more than the database's own work for large
imports (100,000 accessions of ~50 columns: five million parameters).  Here PostgreSQL gets
``COPY ... FROM STDIN`` (psycopg formats the rows in C, the server parses them in one stream)
and SQLite (or another driver) the driver's own ``executemany`` of one prepared statement.
Values go through each column type's SQLAlchemy bind processor first, so what is stored is
exactly what a Core ``insert()`` of the same values would store (JSON text, UTC time stamps).
Like every service, this only writes inside the caller's transaction; the caller commits.

On PostgreSQL (psycopg) a COPY may be left *in flight* (``wait=False``): the rows are sent by a
background thread while Python prepares the next ones, and the server stores them (indexes,
foreign keys) on its own core at the same time.  The next statement on the connection --
through SQLAlchemy, a commit, a rollback or another bulk insert -- first waits for it
(:func:`settle`), so the connection is never used while the COPY holds it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from operator import itemgetter

import sqlalchemy as sa

from germbank.extensions import db

_PENDING = "germbank.bulk.pending"  # key in Connection.info: the COPY in flight


def insert_rows(table: sa.Table, columns: Sequence[str], rows: Iterable[Sequence], *,
                wait: bool = True) -> None:
    """Insert ``rows`` (tuples of values in the order of ``columns``) into ``table``.

    With ``wait=False`` PostgreSQL may still be storing the rows when this returns (see the
    module docstring); errors then surface from :func:`settle` or the next statement.
    """
    connection = db.session.connection()
    settle(connection)
    dialect = connection.dialect
    processors = [(index, processor) for index, name in enumerate(columns)
                  if (processor := table.c[name].type.dialect_impl(dialect)
                      .bind_processor(dialect)) is not None]
    if processors:
        rows = _processed(rows, processors)
    names = ", ".join(dialect.identifier_preparer.quote(name) for name in columns)
    quoted_table = dialect.identifier_preparer.format_table(table)
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        _copy(connection, f"COPY {quoted_table} ({names}) FROM STDIN", rows)
        if wait:
            settle(connection)
        return
    placeholders = ", ".join("?" if dialect.paramstyle == "qmark" else "%s" for _ in columns)
    rows = rows if isinstance(rows, list) else list(rows)
    if rows:
        # Names come from the table's metadata, quoted; every value is a bound parameter.
        statement = f"INSERT INTO {quoted_table} ({names}) VALUES ({placeholders})"  # noqa: S608
        connection.exec_driver_sql(statement, rows)


def _copy(connection: sa.Connection, statement: str, rows: Iterable[Sequence]) -> None:
    """Start a COPY, send every row through psycopg's queued writer thread, leave it open."""
    import psycopg
    from psycopg.copy import QueuedLibpqWriter

    _listen(connection)
    driver = connection.connection.driver_connection
    stack = ExitStack()
    try:
        cursor = stack.enter_context(driver.cursor())
        copy = stack.enter_context(cursor.copy(statement, writer=QueuedLibpqWriter(cursor)))
        for row in rows:
            copy.write_row(row)
    except psycopg.Error as error:
        _close(stack, error)
        raise _wrapped(statement, error) from error
    except BaseException as error:
        _close(stack, error)
        raise
    connection.info[_PENDING] = (statement, stack)


def settle(connection: sa.Connection | None = None) -> None:
    """Wait until a COPY left in flight on the session's connection is stored.

    A database error it met (a unique key taken meanwhile, say) is raised here as the usual
    SQLAlchemy exception (``IntegrityError``...).
    """
    connection = connection or db.session.connection()
    pending = connection.info.pop(_PENDING, None)
    if pending is None:
        return
    import psycopg

    statement, stack = pending
    try:
        stack.close()
    except psycopg.Error as error:
        raise _wrapped(statement, error) from error


def abort(connection: sa.Connection | None = None) -> None:
    """Cancel a COPY left in flight (the transaction is being rolled back anyway)."""
    connection = connection or db.session.connection()
    pending = connection.info.pop(_PENDING, None)
    if pending is not None:
        _close(pending[1], RuntimeError("bulk insert abandoned"))


def _close(stack: ExitStack, error: BaseException) -> None:
    """Leave the COPY with an error, so psycopg ends it with CopyFail instead of storing it."""
    try:
        stack.__exit__(type(error), error, error.__traceback__)
    except Exception:  # noqa: BLE001, S110 -- the original error is the one that matters
        pass


def _wrapped(statement: str, error: Exception) -> sa.exc.DBAPIError:
    import psycopg

    return sa.exc.DBAPIError.instance(statement, None, error, psycopg.Error)


def _listen(connection: sa.Connection) -> None:
    """Make every statement, commit and rollback on ``connection`` settle a COPY in flight
    first (a statement sent while the COPY holds psycopg's connection lock would wait
    forever)."""
    if not sa.event.contains(connection, "before_cursor_execute", _settle_before_execute):
        sa.event.listen(connection, "before_cursor_execute", _settle_before_execute)
        sa.event.listen(connection, "commit", settle)
        sa.event.listen(connection, "rollback", abort)


def _settle_before_execute(connection, _cursor, _statement, _parameters, _context,
                           _executemany) -> None:
    if _PENDING in connection.info:
        settle(connection)


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
