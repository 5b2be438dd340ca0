"""Chart queries on 10 series of one year at one-minute resolution (5.2 million readings).

`python -m bench.charts [--quick] [--days N] [--rounds R] [--backends sqlite,postgresql]`

The year goes into SQLite through the product's own ingest sink (`bench/chart_data.py`), which
also keeps the hourly rollups; PostgreSQL receives a COPY of the same sensor tables (the
product's sink writes about 10,000 readings/s into PostgreSQL on these machines, which alone
would take most of the ten minutes; the copy keeps the data identical across backends),
followed by the VACUUM ANALYZE that autovacuum would run after such a load.
Measured with the product's query functions (`germbank.timeseries`), per series, R rounds:

- the 1-year, at most 2,000-bucket min/max/mean query (`series_buckets`, from rollups);
- 24 h of raw readings (`series_raw_ms`, the epoch-millisecond form the chart endpoint draws
  from, a different day each time);
- baseline in the same run: the same 1-year buckets computed naively from the raw rows, by
  the database (`GROUP BY` over 525,600 raw rows) and by fetching the rows into Python.
  Both must give the same extremes and counts as the product's query.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import timedelta

import sqlalchemy as sa

from bench.chart_data import DEVICES, MINUTES_PER_YEAR, YEAR_START, load_year
from bench.common import Figure, Run, at_most, command_line, record_run, summarize, timed_ms
from bench.databases import bench_app, scratch_databases

SENSOR_TABLES = ("sensor_devices", "sensor_series", "sensor_readings", "sensor_rollups_hourly")


def copy_sensor_tables(source_url: str, target_url: str) -> None:
    """Copy the chart data from the SQLite database into the (migrated) PostgreSQL one."""
    import psycopg

    source = sa.create_engine(source_url)
    metadata = sa.MetaData()
    metadata.reflect(source, only=list(SENSOR_TABLES))
    target = psycopg.connect("postgresql://" + target_url.split("://", 1)[1])
    try:
        with source.connect() as reading, target.cursor() as cursor:
            for name in SENSOR_TABLES:
                columns = [column.name for column in metadata.tables[name].columns]
                rows = reading.execute(sa.select(*metadata.tables[name].columns))
                with cursor.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(_pg_values(row))
        target.commit()
        # What autovacuum does after a bulk load anyway: planner statistics and the visibility
        # map (index-only scans), so the queries are timed as on a settled production table.
        target.autocommit = True
        for name in SENSOR_TABLES:
            target.execute(f"VACUUM ANALYZE {name}")
    finally:
        target.close()
        source.dispose()


def _pg_values(row) -> tuple:
    """SQLite keeps booleans as 0/1 and datetimes as text; PostgreSQL's COPY accepts both."""
    return tuple(value for value in row)


def naive_python_buckets(session, series_id: int, start, end, width) -> list[tuple]:
    """Fetch every raw reading of the range and bucket it in Python (what a first version does)."""
    from germbank.timeseries import series_raw

    step = width.total_seconds()
    buckets: dict[int, list[float]] = {}
    for ts, value in series_raw(session, series_id, start, end):
        index = int((ts - start).total_seconds() // step)
        low_high = buckets.get(index)
        if low_high is None:
            buckets[index] = [value, value, value, 1]
        else:
            low_high[0] = min(low_high[0], value)
            low_high[1] = max(low_high[1], value)
            low_high[2] += value
            low_high[3] += 1
    return [(index, low, high, total / count, count)
            for index, (low, high, total, count) in sorted(buckets.items())]


def measure_backend(url: str, days: int, rounds: int, naive_rounds: int) -> dict[str, list[float]]:
    """Run the three queries and the baselines; return latencies (ms) by name."""
    from germbank.extensions import db
    from germbank.models.sensors import Device, Series
    from germbank.timeseries import (
        Window,
        bucket_width,
        series_buckets,
        series_raw_ms,
        windows_buckets,
    )

    app = bench_app(url)
    rng = random.Random(5)
    start = YEAR_START
    end = YEAR_START + timedelta(days=days)
    times: dict[str, list[float]] = {"year": [], "day": [], "naive_sql": [], "naive_python": []}
    mismatches = 0
    with app.app_context():
        session = db.session
        series_ids = list(session.scalars(
            sa.select(Series.id).join(Device).where(Device.code.in_(DEVICES)).order_by(Series.id)))
        for series_id in series_ids:  # warm the caches once per series
            series_buckets(session, series_id, start, end)
        for _ in range(rounds):
            for series_id in series_ids:
                ms, buckets = timed_ms(series_buckets, session, series_id, start, end)
                times["year"].append(ms)
                day = start + timedelta(days=rng.randrange(0, max(1, days - 1)))
                ms, raw = timed_ms(series_raw_ms, session, series_id, day, day + timedelta(days=1))
                times["day"].append(ms)
        width = bucket_width(start, end, 2000, hourly=True)
        for _ in range(naive_rounds):
            for series_id in series_ids:
                product = series_buckets(session, series_id, start, end)
                ms, from_raw = timed_ms(windows_buckets, session, [Window(series_id, start, end)],
                                        start, end, width=width, hourly=False)
                times["naive_sql"].append(ms)
                ms, in_python = timed_ms(naive_python_buckets, session, series_id, start, end,
                                         width)
                times["naive_python"].append(ms)
                same = [(b.minimum, b.maximum, b.count) for b in product]
                mismatches += same != [(b.minimum, b.maximum, b.count) for b in from_raw]
                mismatches += same != [(low, high, count) for _i, low, high, _m, count in in_python]
        session.remove()
        db.engine.dispose()
    times["mismatches"] = [mismatches]
    times["buckets"] = [len(buckets)]
    times["day_rows"] = [len(raw)]
    return times


def main(argv: list[str] | None = None) -> int:
    """Load the year, run the queries on each backend, record p50/p95 against the targets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--days", type=int, help="days of one-minute data per series (365)")
    parser.add_argument("--rounds", type=int, help="rounds of the product's queries (10)")
    parser.add_argument("--naive-rounds", type=int, help="rounds of the naive baselines (1)")
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args(argv)
    days = args.days or (14 if args.quick else 365)
    rounds = args.rounds or (3 if args.quick else 10)
    naive_rounds = args.naive_rounds or 1
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    minutes = min(days * 1440, MINUTES_PER_YEAR)

    results: dict[str, dict[str, list[float]]] = {}
    notes = []
    with scratch_databases("gb_bench_charts") as databases:
        sqlite_url = databases.fresh("sqlite", "year")
        started = time.monotonic()
        stored = load_year(bench_app(sqlite_url), minutes)
        load_s = time.monotonic() - started
        notes.append(f"{stored:,} readings of 10 series ({days} days at one-minute resolution) "
                     f"stored through the product's sink into SQLite in {load_s:.0f} s "
                     f"({stored / load_s:,.0f} readings/s, hourly rollups included).")
        print(f"  loaded {stored:,} readings in {load_s:.0f} s", flush=True)
        for backend in backends:
            url = sqlite_url
            if backend == "postgresql":
                url = databases.fresh("postgresql", "year")
                started = time.monotonic()
                copy_sensor_tables(sqlite_url, url)
                notes.append(f"PostgreSQL: the sensor tables copied from SQLite with COPY, then "
                             f"VACUUM ANALYZE, in {time.monotonic() - started:.0f} s.")
            results[backend] = measure_backend(url, days, rounds, naive_rounds)
            print(f"  {backend}: year p95 {summarize(results[backend]['year']).p95:.1f} ms",
                  flush=True)

    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    figures, rows = [], []
    for backend, times in results.items():
        name = names[backend]
        year, day = summarize(times["year"]), summarize(times["day"])
        naive_sql, naive_py = summarize(times["naive_sql"]), summarize(times["naive_python"])
        figures += [
            Figure(f"{name}: 1-year 2,000-bucket query p50", year.p50, "ms"),
            Figure(f"{name}: 1-year 2,000-bucket query p95", year.p95, "ms", at_most(50)),
            Figure(f"{name}: 24 h raw p50", day.p50, "ms"),
            Figure(f"{name}: 24 h raw p95", day.p95, "ms", at_most(10)),
            Figure(f"{name}: naive 1-year from raw rows (SQL) p50", naive_sql.p50, "ms"),
            Figure(f"{name}: naive / product (1-year p50)", naive_sql.p50 / year.p50, "×"),
            Figure(f"{name}: buckets differing from the naive result",
                   times["mismatches"][0], "", at_most(0)),
        ]
        for label, summary in (("1-year buckets (rollups)", year), ("24 h raw", day),
                               ("naive: 1-year GROUP BY over raw rows", naive_sql),
                               ("naive: raw rows bucketed in Python", naive_py)):
            rows.append((name, label, summary.count, round(summary.p50, 2),
                         round(summary.p95, 2), round(summary.maximum, 1)))
        notes.append(f"{name}: {times['buckets'][0]:,} buckets per year query, "
                     f"{times['day_rows'][0]:,} rows per 24 h query.")
    record_run(Run(
        benchmark="charts",
        command=command_line("bench.charts", argv),
        quick=args.quick,
        figures=figures,
        details_headers=("Backend", "Query", "n", "p50 ms", "p95 ms", "max ms"),
        details_rows=rows,
        notes=notes + [f"{rounds} rounds over the 10 series for the product's queries, "
                       f"{naive_rounds} for the baselines, after one warm-up query per series."],
    ))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
