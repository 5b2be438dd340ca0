"""PostgreSQL bulk writes of the ingest sink: whole columns as array parameters.

Why not a multi-row `VALUES` list as on SQLite: it sends three parameters per reading, which
psycopg and the server handle one at a time, and its text changes with the number of rows, so
it is parsed and planned afresh for every batch. `INSERT ... SELECT FROM unnest(array, ...)`
sends one parameter per column (an array literal), and its text never changes, so psycopg
prepares it after a few batches; in a trial it doubled the rate at which PostgreSQL took readings.

The semantics are those of the `VALUES` form: readings `ON CONFLICT DO NOTHING RETURNING` the
rows really inserted (a redelivered reading, or one repeated inside the batch, is stored once
and not returned twice), rollups upserted by adding counts and sums and widening min/max, from
exactly the rows inserted; on PostgreSQL both happen in one statement.
"""

from __future__ import annotations

from collections.abc import Sequence

# Arrays have no parameter limit; chunks only bound the size of one statement and its answer.
CHUNK = 20_000

# One statement, one round trip: the readings' INSERT returns the rows really inserted, and a
# second data-modifying CTE folds exactly those rows into the hourly rollups on the server (no
# rows shipped back and forth for it, no Python aggregation on the commit path). The sum adds
# values in (series, ts) order, the order the Python fold used, so totals are bit-identical.
INSERT_READINGS = (
    "WITH new AS ("
    " INSERT INTO sensor_readings (series_id, ts, value)"
    " SELECT * FROM unnest(%s::integer[], %s::bigint[], %s::double precision[])"
    " ON CONFLICT (series_id, ts) DO NOTHING RETURNING series_id, ts, value"
    "), rollup AS ("
    " INSERT INTO sensor_rollups_hourly (series_id, hour, count, total, minimum, maximum)"
    " SELECT series_id, floor(ts::numeric / 3600000)::integer, count(*),"
    " sum(value ORDER BY ts), min(value), max(value)"
    " FROM new GROUP BY 1, 2"
    " ON CONFLICT (series_id, hour) DO UPDATE SET"
    " count = sensor_rollups_hourly.count + excluded.count,"
    " total = sensor_rollups_hourly.total + excluded.total,"
    " minimum = LEAST(sensor_rollups_hourly.minimum, excluded.minimum),"
    " maximum = GREATEST(sensor_rollups_hourly.maximum, excluded.maximum)"
    ") SELECT series_id, ts, value FROM new"
)


def array_text(numbers) -> str:
    """A PostgreSQL array literal of ints or finite floats, e.g. `{1,2.5,3}`.

    Why text: psycopg's binary array dumper is Python code calling a dumper per element (about
    a millisecond per 1,500-value array, on the commit path of every batch); str() and join run
    in C, and the server parses the literal faster than that. float's str() is its repr, which
    reads back as the identical double.
    """
    return "{" + ",".join(map(str, numbers)) + "}"


def insert_readings(cursor, rows: Sequence[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Insert (series_id, ts, value) rows, skipping keys already stored, and add the rows really
    inserted to the hourly rollups; return those rows.

    `cursor` is a psycopg cursor inside the caller's transaction. Chunks are separate
    statements, so a (series, hour) touched by two chunks is upserted once by each.
    """
    inserted: list[tuple[int, int, float]] = []
    for first in range(0, len(rows), CHUNK):
        chunk = rows[first : first + CHUNK]
        series, stamps, values = zip(*chunk, strict=True)
        cursor.execute(INSERT_READINGS, (
            array_text(series), array_text(stamps),
            array_text(map(float, values)),  # repr(): the shortest text that reads back exactly
        ))
        inserted.extend(cursor.fetchall())
    return inserted
