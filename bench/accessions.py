"""Accession search and list page latency on a bank of 100,000 accessions, and page throughput.

`python -m bench.accessions [--quick] [--accessions N] [--rounds R] [--wrk-seconds S]`

The bank (passports through the MCPD import service, 1–2 seed lots per accession with
germination tests, plant lots for every fifth) is built in a fresh migrated database; GermBank
then runs under gunicorn (`wsgi:app`, 2 workers). Each query of a fixed mix of free text
(Chinese too) and filters is sent R times to `/api/v1/accessions` (bearer token) and to the list
page `/accessions/` (signed-in session); p50/p95 over all requests. `wrk` (Debian) drives the
list page with 2 threads and 16 connections for S seconds. The same-run reference is `/healthz`
on the same server: the floor that WSGI, gunicorn and HTTP cost before any database work.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import time

from bench.accession_data import load_bank
from bench.common import (
    Figure,
    Run,
    at_most,
    command_line,
    exactly,
    record_run,
    summarize,
)
from bench.databases import bench_app, scratch_databases
from bench.web import Client, GunicornServer, sign_in

QUERIES: tuple[dict, ...] = (
    {"q": "yuanjiang"},
    {"q": "苎麻"},
    {"q": "changde ramie 12"},
    {"q": "yjra-0012"},
    {"q": "沅江红麻"},
    {"genus": "Hibiscus"},
    {"sampstat": 300, "origcty": "CHN"},
    {"storage": 13},
    {"location": "ST1-R1"},
    {"q": "kenaf", "sampstat": 410, "sort": "-acqdate"},
    {"q": "yiyang", "page": 20},
    {"genus": "Boehmeria", "sort": "-accenumb", "page": 200},
)
"""Free text (names, numbers, Chinese), filters, sorting and deep pages, all as users send them."""


def measure(client: Client, path: str, rounds: int,
            extra: dict | None = None) -> tuple[list[float], int, int]:
    """Send every query `rounds` times; return (latencies ms, error count, results seen)."""
    latencies, errors, results = [], 0, 0
    for params in QUERIES:  # warm-up: first hit of each query plan and template
        client.get(path, {**params, **(extra or {})})
    for _ in range(rounds):
        for params in QUERIES:
            ms, status, body = client.timed_get(path, {**params, **(extra or {})})
            latencies.append(ms)
            if status != 200:
                errors += 1
            results += len(body) > 0
    return latencies, errors, results


def run_wrk(port: int, cookie: str, seconds: int) -> dict[str, float]:
    """wrk -t2 -c16 on the list page; requests/s, errors and latency percentiles."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is not installed: apt-get install -y wrk")
    result = subprocess.run(
        [wrk, "-t2", "-c16", f"-d{seconds}s", "--latency", "-H", f"Cookie: {cookie}",
         "-H", "Accept-Language: zh-CN", f"http://127.0.0.1:{port}/accessions/"],
        capture_output=True, text=True, timeout=seconds + 120, check=True,
    )
    out = result.stdout
    figures = {"requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
               "requests": int(re.search(r"(\d+) requests in", out).group(1))}
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    figures["errors"] = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(int(n) for n in sockets.groups()) if sockets else 0)
    for percent in ("50", "99"):
        match = re.search(rf"\s{percent}%\s+([\d.]+)(us|ms|s)", out)
        if match:
            scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)]
            figures[f"p{percent}_ms"] = float(match.group(1)) * scale
    figures["raw"] = out
    return figures


def issue_api_token(url: str) -> str:
    """A bearer token for the demo admin (read is all the benchmark needs)."""
    from germbank.auth.services import issue_token
    from germbank.extensions import db
    from germbank.models import User

    app = bench_app(url)
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.username == "admin"))
        _token, plain = issue_token(user, "bench")
        db.session.commit()
        db.engine.dispose()
    return plain


def main(argv: list[str] | None = None) -> int:
    """Build the bank, start gunicorn, measure API, page and wrk, record the figures."""
    from germbank.demo import DEMO_PASSWORD

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--accessions", type=int, help="accessions in the bank (100,000)")
    parser.add_argument("--rounds", type=int, help="times each query is sent (10)")
    parser.add_argument("--wrk-seconds", type=int, help="wrk duration (30)")
    parser.add_argument("--backend", default="sqlite", choices=("sqlite", "postgresql"))
    args = parser.parse_args(argv)
    count = args.accessions or (5_000 if args.quick else 100_000)
    rounds = args.rounds or (3 if args.quick else 10)
    wrk_seconds = args.wrk_seconds or (5 if args.quick else 30)

    with scratch_databases("gb_bench_accessions") as databases:
        url = databases.fresh(args.backend, "bank")
        started = time.monotonic()
        stored = load_bank(bench_app(url), count)
        load_seconds = time.monotonic() - started
        print(f"  bank loaded in {load_seconds:.0f} s: {stored}", flush=True)
        token = issue_api_token(url)
        with GunicornServer(url, workers=2) as server:
            cookie = sign_in(server.port, "admin", DEMO_PASSWORD)
            api = Client(server.port, headers={"Authorization": f"Bearer {token}"})
            page = Client(server.port, headers={"Cookie": cookie})
            floor, floor_errors, _ = [], 0, 0
            for _ in range(rounds * len(QUERIES)):
                ms, status, _body = page.timed_get("/healthz")
                floor.append(ms)
                floor_errors += status != 200
            api_ms, api_errors, _ = measure(api, "/api/v1/accessions", rounds)
            page_ms, page_errors, _ = measure(page, "/accessions/", rounds)
            print(f"  API p95 {summarize(api_ms).p95:.1f} ms, page p95 "
                  f"{summarize(page_ms).p95:.1f} ms; wrk for {wrk_seconds} s ...", flush=True)
            wrk = run_wrk(server.port, cookie, wrk_seconds)

    api, page_s, floor_s = summarize(api_ms), summarize(page_ms), summarize(floor)
    backend = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[args.backend]
    figures = [
        Figure(f"{backend}: API search p50", api.p50, "ms"),
        Figure(f"{backend}: API search p95", api.p95, "ms", at_most(50)),
        Figure(f"{backend}: list page p50", page_s.p50, "ms"),
        Figure(f"{backend}: list page p95", page_s.p95, "ms", at_most(150)),
        Figure(f"{backend}: list page under wrk (2 workers, 16 connections)",
               wrk["requests_per_s"], "requests/s"),
        Figure(f"{backend}: wrk errors (non-2xx + socket)", wrk["errors"], "", exactly(0)),
        Figure(f"{backend}: API and page errors", api_errors + page_errors, "", exactly(0)),
        Figure(f"{backend}: /healthz p50 (same-run floor)", floor_s.p50, "ms"),
    ]
    wrk_line = next((line.strip() for line in wrk["raw"].splitlines() if "Latency" in line), "")
    record_run(Run(
        benchmark="accessions",
        command=command_line("bench.accessions", argv),
        quick=args.quick,
        figures=figures,
        details_headers=("Requests", "n", "p50 ms", "p95 ms", "max ms"),
        details_rows=[
            (name, s.count, round(s.p50, 2), round(s.p95, 2), round(s.maximum, 1))
            for name, s in (("/api/v1/accessions (12 queries)", api),
                            ("/accessions/ (12 queries)", page_s), ("/healthz", floor_s))
        ],
        notes=[
            f"Bank: {stored['accessions']:,} accessions, {stored['lots']:,} lots, "
            f"{stored['tests']:,} germination tests; built in {load_seconds:.0f} s.",
            f"{rounds} rounds of {len(QUERIES)} queries per endpoint after one warm-up round, "
            "sequential over one keep-alive connection, gunicorn 2 workers.",
            f"wrk -t2 -c16 -d{wrk_seconds}s on /accessions/ (signed in): "
            f"{wrk['requests']:,} requests, p50 {wrk.get('p50_ms', 0):.0f} ms, "
            f"p99 {wrk.get('p99_ms', 0):.0f} ms ({wrk_line}).",
            f"Errors during the latency runs: healthz {floor_errors}.",
        ],
    ))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
