"""Backlog drain: 1,000,000 messages queued in the subscriber's persistent session while it is
down; time to drain them and how many readings were lost.

`python -m bench.backlog [--quick] [--messages N] [--backends sqlite,postgresql]`

The subscriber (product defaults: fixed client id, MQTT v5 session expiry) connects once so the
broker knows its session and subscription, then stops gracefully. N QoS 1 messages are
published while it is down (the broker queues them: `max_queued_messages 0`). The subscriber
starts again and the clock runs from its process start to its last commit; the readings are
then counted in the database. Baseline in the same run: the naive subscriber given a
persistent session (`clean_session=False`, which most such scripts forget: with paho's
default it would receive none of the backlog) draining `--naive-messages` the same way.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass

from bench.children import JsonChild
from bench.common import (
    Figure,
    Run,
    at_least,
    command_line,
    exactly,
    process_cpu_seconds,
    record_run,
)
from bench.databases import scratch_databases
from bench.fastpub import encode_plan, publish_packets
from bench.readings import count_readings, duplicate_readings
from sensors.broker import MosquittoBroker
from sensors.publisher import BULK_METRICS, BulkPlan

READINGS_PER_MESSAGE = len(BULK_METRICS)


@dataclass
class Drain:
    """One backlog drained by one subscriber."""

    subscriber: str
    backend: str
    messages: int
    publish_seconds: float
    drain_seconds: float
    rows: int
    duplicates: int
    broker_cpu: float

    @property
    def lost(self) -> int:
        """Readings published but not in the database."""
        return self.messages * READINGS_PER_MESSAGE - (self.rows - self.duplicates)

    @property
    def messages_per_s(self) -> float:
        """Messages drained per second."""
        return self.messages / self.drain_seconds


def subscriber_args(kind: str, port: int, url: str, expect: int,
                    client_id: str) -> tuple[str, list[str]]:
    """Module and arguments of the GermBank or the naive subscriber child."""
    common = ["--port", str(port), "--database", url, "--expect", str(expect),
              "--client-id", client_id, "--timeout", "1800"]
    if kind == "germbank":
        return "bench.subscriber_worker", common
    return "bench.naive", [*common, "--persistent"]


def drain(kind: str, backend: str, url: str, plan: BulkPlan, label: str) -> Drain:
    """Create the session, publish the backlog while the subscriber is down, drain it."""
    expect = plan.messages * (READINGS_PER_MESSAGE if kind == "germbank" else 1)
    client_id = f"{kind}-backlog-{label}"
    packets = encode_plan(plan)
    with MosquittoBroker() as broker:
        module, args = subscriber_args(kind, broker.port, url, expect, client_id)
        first = JsonChild(module, args, label=f"{label}-session")
        try:
            first.wait_for("ready", timeout=60)
        finally:
            first.terminate()
        report = publish_packets(broker.host, broker.port, packets)
        print(f"  {label}: {plan.messages:,} queued in {report.seconds:.1f} s", flush=True)
        broker_cpu = process_cpu_seconds(broker.pid)
        started = time.time()
        child = JsonChild(module, args, label=label)
        try:
            done = child.wait_for("done", timeout=1800)
        finally:
            child.terminate()
        broker_cpu = process_cpu_seconds(broker.pid) - broker_cpu
    if not done.get("finished"):
        raise RuntimeError(f"{label}: the backlog was not drained: {done}")
    naive = kind == "naive"
    return Drain(kind, backend, plan.messages, report.seconds, done["last_commit"] - started,
                 count_readings(url, naive=naive), duplicate_readings(url, naive=naive),
                 broker_cpu)


def main(argv: list[str] | None = None) -> int:
    """Drain the backlog with GermBank's and the naive subscriber; record the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--messages", type=int, help="backlog for GermBank (1,000,000)")
    parser.add_argument("--naive-messages", type=int, help="backlog for the naive one (20,000)")
    parser.add_argument("--backends", default="sqlite")
    args = parser.parse_args(argv)
    messages = args.messages or (50_000 if args.quick else 1_000_000)
    naive_messages = args.naive_messages or (3_000 if args.quick else 20_000)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]

    drains: list[Drain] = []
    with scratch_databases("gb_bench_backlog") as databases:
        for backend in backends:
            url = databases.fresh(backend, "germbank")
            drains.append(drain("germbank", backend, url, BulkPlan(messages=messages),
                                f"{backend}_germbank"))
            print(f"  {backend}: drained in {drains[-1].drain_seconds:.1f} s", flush=True)
            url = databases.empty(backend, "naive")
            drains.append(drain("naive", backend, url, BulkPlan(messages=naive_messages),
                                f"{backend}_naive"))

    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    figures = []
    for backend in backends:
        ours = next(d for d in drains if d.backend == backend and d.subscriber == "germbank")
        naive = next(d for d in drains if d.backend == backend and d.subscriber == "naive")
        name = names[backend]
        figures += [
            Figure(f"{name}: time to drain {ours.messages:,} messages", ours.drain_seconds, "s"),
            Figure(f"{name}: drain rate", ours.messages_per_s, "msg/s"),
            Figure(f"{name}: readings lost", ours.lost, "", exactly(0)),
            Figure(f"{name}: readings stored twice", ours.duplicates, "", exactly(0)),
            Figure(f"{name}: drain rate / naive", ours.messages_per_s / naive.messages_per_s,
                   "×", at_least(10)),
        ]
    record_run(Run(
        benchmark="backlog",
        command=command_line("bench.backlog", argv),
        quick=args.quick,
        figures=figures,
        details_headers=("Subscriber", "Backend", "Messages", "Publish s", "Drain s", "msg/s",
                         "Rows", "Lost", "Twice", "Broker CPU s"),
        details_rows=[(d.subscriber, d.backend, d.messages, round(d.publish_seconds, 1),
                       round(d.drain_seconds, 1), d.messages_per_s, d.rows, d.lost, d.duplicates,
                       round(d.broker_cpu, 1)) for d in drains],
        notes=["Drain time runs from the subscriber's process start (imports, connect, session "
               "resume included) to its last commit. Rows are counted in the database after "
               "the subscriber has gone."],
    ))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
