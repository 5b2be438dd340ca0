"""MCPD import speed: `germbank import-mcpd` on a generated 100,000-row file, dry run and real.

`python -m bench.mcpd_import [--quick] [--rows N] [--backends sqlite,postgresql]`

The command runs exactly as an operator runs it (`germbank import-mcpd FILE [--dry-run]`, in
its own process, on a freshly migrated database), so rows/s includes start-up, reading,
validation, the writes and the commit; peak memory is the process's maximum resident set.
The baseline, in the same run, imports the first `--baseline-rows` rows the way a feature
without a bulk path would: the product's one-record service (`create_accession`, which
validates, links the taxon, flushes and audits per row) with one commit at the end.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from bench.common import (
    DATA_DIR,
    REPO_DIR,
    Figure,
    Run,
    at_least,
    command_line,
    exactly,
    record_run,
)
from bench.databases import bench_app, scratch_databases
from bench.mcpd_data import write_mcpd_csv


@dataclass
class ImportTrial:
    """One run of the import command."""

    backend: str
    kind: str  # "dry run", "import", "baseline"
    rows: int
    seconds: float
    peak_mb: float
    stored: int
    exit_code: int
    cpu_seconds: float = 0.0

    @property
    def rows_per_s(self) -> float:
        """Rows per second of wall time."""
        return self.rows / self.seconds

    @property
    def rows_per_cpu_s(self) -> float:
        """Rows per CPU-second of the command: what one core that is not shared achieves."""
        return self.rows / self.cpu_seconds if self.cpu_seconds else 0.0


def run_command(url: str, csv_path: Path, *,
                dry_run: bool) -> tuple[float, float, int, str, float]:
    """Run `germbank import-mcpd` in a child; return (seconds, peak MiB, exit code, output,
    CPU seconds)."""
    env = {**os.environ, "GERMBANK_DATABASE_URL": url,
           "GERMBANK_SECRET_KEY": "bench-only-secret-key",
           "PYTHONPATH": str(REPO_DIR)}
    args = [sys.executable, "-c", "from germbank.cli import main; main()",
            "import-mcpd", str(csv_path)] + (["--dry-run"] if dry_run else [])
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    log = DATA_DIR / "mcpd_import.out.log"
    log.write_text("")
    started = time.perf_counter()
    # posix_spawn + wait4 rather than subprocess: wait4 gives this child's own peak memory.
    pid = os.posix_spawn(sys.executable, args, env, file_actions=[
        (os.POSIX_SPAWN_OPEN, 1, str(log), os.O_WRONLY | os.O_APPEND, 0),
        (os.POSIX_SPAWN_DUP2, 1, 2),
    ])
    _pid, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    return (seconds, usage.ru_maxrss / 1024, code, log.read_text(errors="replace")[-2000:],
            usage.ru_utime + usage.ru_stime)


def count_accessions(url: str) -> int:
    """Accessions stored in the database."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(sa.text("SELECT count(*) FROM accessions")).scalar_one())
    finally:
        engine.dispose()


def run_baseline(url: str, csv_path: Path, rows: int) -> tuple[float, int]:
    """Import the first `rows` rows one record at a time through `create_accession`."""
    from germbank.accessions.services.accessions import create_accession
    from germbank.extensions import db

    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        records = []
        for index, row in enumerate(csv.DictReader(handle)):
            if index >= rows:
                break
            records.append({code: value for code, value in row.items() if value != ""})
    app = bench_app(url)
    with app.app_context():
        started = time.perf_counter()
        for record in records:
            create_accession(record)
        db.session.commit()
        seconds = time.perf_counter() - started
        db.session.remove()
        db.engine.dispose()
    return seconds, len(records)


def main(argv: list[str] | None = None) -> int:
    """Generate the file, run dry run, import and baseline per backend, record the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--rows", type=int, help="rows in the generated file (100,000)")
    parser.add_argument("--baseline-rows", type=int, help="rows for the baseline (5,000)")
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args(argv)
    rows = args.rows or (5_000 if args.quick else 100_000)
    baseline_rows = min(rows, args.baseline_rows or (1_000 if args.quick else 5_000))
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]

    csv_path = write_mcpd_csv(DATA_DIR / f"mcpd_{rows}.csv", rows)
    size_mb = csv_path.stat().st_size / 2**20
    trials: list[ImportTrial] = []
    with scratch_databases("gb_bench_mcpd") as databases:
        for backend in backends:
            url = databases.fresh(backend, "import")
            for kind, dry in (("dry run", True), ("import", False)):
                seconds, peak, code, output, cpu = run_command(url, csv_path, dry_run=dry)
                if code != 0:
                    raise RuntimeError(f"import-mcpd {kind} on {backend} exited {code}:\n{output}")
                trials.append(ImportTrial(backend, kind, rows, seconds, peak,
                                          count_accessions(url), code, cpu))
                print(f"  {backend} {kind}: {rows / seconds:,.0f} rows/s, {peak:,.0f} MiB",
                      flush=True)
            url = databases.fresh(backend, "baseline")
            seconds, done = run_baseline(url, csv_path, baseline_rows)
            trials.append(ImportTrial(backend, "baseline", done, seconds, 0.0,
                                      count_accessions(url), 0))
            print(f"  {backend} baseline: {done / seconds:,.0f} rows/s", flush=True)

    def trial(backend: str, kind: str) -> ImportTrial:
        return next(t for t in trials if t.backend == backend and t.kind == kind)

    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    figures = []
    for backend in backends:
        name = names[backend]
        real, dry = trial(backend, "import"), trial(backend, "dry run")
        base = trial(backend, "baseline")
        figures += [
            Figure(f"{name}: import rows/s", real.rows_per_s, "rows/s", at_least(5_000)),
            Figure(f"{name}: import rows per CPU-second of the command", real.rows_per_cpu_s,
                   "rows/CPU-s"),
            Figure(f"{name}: dry run rows/s", dry.rows_per_s, "rows/s"),
            Figure(f"{name}: import peak memory", real.peak_mb, "MiB"),
            Figure(f"{name}: import / one-record baseline", real.rows_per_s / base.rows_per_s, "×"),
            Figure(f"{name}: accessions stored", real.stored, "", exactly(rows)),
        ]
    record_run(Run(
        benchmark="mcpd_import",
        command=command_line("bench.mcpd_import", argv),
        quick=args.quick,
        figures=figures,
        details_headers=("Backend", "Run", "Rows", "Seconds", "rows/s", "CPU s", "Peak MiB",
                         "Stored"),
        details_rows=[(t.backend, t.kind, t.rows, round(t.seconds, 2), t.rows_per_s,
                       round(t.cpu_seconds, 1) if t.cpu_seconds else "–", t.peak_mb or "–",
                       t.stored) for t in trials],
        notes=[
            f"Generated file: {rows:,} rows, {size_mb:.1f} MiB, 8 taxa of 6 crops, every row valid "
            "(bench/mcpd_data.py, fixed seed).",
            "Dry run and import: `germbank import-mcpd FILE [--dry-run]` in a child process, "
            "wall time including start-up; peak memory = the child's maximum resident set; "
            "CPU s = the child's user + system time (PostgreSQL's own work not included).",
            f"Baseline: the first {baseline_rows:,} rows through `create_accession` one by one "
            "(validation, taxon link, flush and audit per row), one commit, in-process.",
        ],
    ))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
