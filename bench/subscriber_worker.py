"""GermBank's ingest subscriber as a child process of a benchmark.

Why a separate process: the benchmark must measure the subscriber's own CPU (target: under
one core), must be able to SIGKILL it (faults), and must not share a GIL with the publisher.
It runs the product's `sensors.client.Subscriber` with the product's default settings and
the product's database sink (or the in-memory sink, to measure the subscriber without a
database), and talks to the parent in JSON lines on stdout:

- `{"event": "ready"}` once subscribed;
- `{"event": "progress", ...}` at most every `--progress` seconds;
- `{"event": "done", ...}` once `--expect` readings are committed (stored or duplicates), with
  the wall time of the first message and of the last commit and its own CPU seconds.

`--expect 0` runs until SIGTERM (graceful drain) or SIGKILL, for the fault benchmarks.
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import signal
import sys
import threading
import time


def cpu_seconds() -> float:
    """User + system CPU seconds of this process, all threads."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def emit(**fields) -> None:
    """One JSON line on stdout for the parent benchmark process."""
    print(json.dumps(fields, default=str), flush=True)


def make_sink(database: str):
    """The product's database sink for `database`, or the in-memory sink for `memory`."""
    if database == "memory":
        from sensors.sink import MemorySink

        return MemorySink(), None
    from bench.databases import bench_app
    from sensors.ingest import DatabaseSink

    app = bench_app(database)
    return DatabaseSink(app), app


def main(argv: list[str] | None = None) -> int:
    """Run the subscriber until `--expect` readings are committed or a signal stops it."""
    parser = argparse.ArgumentParser(description="GermBank subscriber for benchmarks")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--database", required=True, help="SQLAlchemy URL, or `memory`")
    parser.add_argument("--expect", type=int, default=0, help="readings to wait for (0: forever)")
    parser.add_argument("--client-id", default="germbank-bench")
    parser.add_argument("--progress", type=float, default=1.0)
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)

    from sensors.client import Subscriber
    from sensors.config import SubscriberConfig

    sink, _app = make_sink(args.database)
    config = SubscriberConfig(host=args.host, port=args.port, client_id=args.client_id)
    done = threading.Event()
    stop = threading.Event()
    marks: dict[str, float | None] = {"last_commit": None, "last_progress": 0.0}

    def on_flush(stats) -> None:
        now = time.time()
        marks["last_commit"] = now
        committed = stats.stored + stats.duplicates
        if args.expect and committed >= args.expect:
            done.set()
        if now - marks["last_progress"] >= args.progress:
            marks["last_progress"] = now
            emit(event="progress", at=now, committed=committed, stored=stats.stored,
                 duplicates=stats.duplicates, received=stats.received, connects=stats.connects)

    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    subscriber = Subscriber(config, sink, on_flush=on_flush)
    subscriber.start()
    if not subscriber.wait_subscribed(30):
        emit(event="error", reason="not subscribed within 30 s")
        return 1
    cpu_ready = cpu_seconds()
    emit(event="ready", at=time.time())
    deadline = time.monotonic() + args.timeout
    while not done.is_set() and not stop.is_set() and time.monotonic() < deadline:
        done.wait(0.05)
    cpu_done = cpu_seconds()
    stats = subscriber.stats
    emit(
        event="done", finished=done.is_set(), last_commit=marks["last_commit"],
        cpu=cpu_done - cpu_ready, stats=stats.snapshot(),
    )
    subscriber.stop()
    emit(event="stopped", stats=subscriber.stats.snapshot())
    return 0 if (done.is_set() or stop.is_set()) else 1


if __name__ == "__main__":
    sys.exit(main())
