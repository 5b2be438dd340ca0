"""Ingest throughput: GermBank's subscriber against a naive one, same broker, same run.

`python -m bench.ingest [--quick] [--messages N] [--repeat R] [--backends sqlite,postgresql]`

Each trial starts a private Mosquitto on a free port, a fresh migrated database and the
subscriber as a child process (product defaults), then publishes N QoS 1 messages of the
project's payload format (100 devices, 3 readings each) and waits until every reading is
committed. Committed readings per second = readings / (last commit - first publish). The
naive baseline (`bench.naive`: paho automatic ack, one commit per message) runs in the same
run on the same backends, trials interleaved so drift hits both alike. Medians of R trials.

On 2 cores the broker, the publisher and the subscriber share the machine; the publisher is a
pre-encoded raw-socket one (`bench.fastpub`) so it takes as little of it as possible.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import dataclass

from bench.children import JsonChild
from bench.common import (
    Figure,
    Run,
    at_least,
    at_most,
    command_line,
    process_cpu_seconds,
    record_run,
)
from bench.databases import scratch_databases
from bench.fastpub import encode_plan, publish_packets
from bench.readings import count_readings
from sensors.broker import MosquittoBroker
from sensors.publisher import BULK_METRICS, BulkPlan

READINGS_PER_MESSAGE = len(BULK_METRICS)


@dataclass
class Trial:
    """One subscriber draining one published batch."""

    subscriber: str  # "germbank" or "naive"
    backend: str
    messages: int
    seconds: float
    subscriber_cpu: float
    broker_cpu: float
    publisher_rate: float
    rows: int

    @property
    def readings(self) -> int:
        """Readings the trial published."""
        return self.messages * READINGS_PER_MESSAGE

    @property
    def readings_per_s(self) -> float:
        """Committed readings per second."""
        return self.readings / self.seconds

    @property
    def messages_per_s(self) -> float:
        """Committed messages per second."""
        return self.messages / self.seconds

    @property
    def subscriber_cores(self) -> float:
        """The subscriber's CPU time over the wall time: 1.0 is one full core."""
        return self.subscriber_cpu / self.seconds

    @property
    def broker_cores(self) -> float:
        """The broker's CPU time over the wall time."""
        return self.broker_cpu / self.seconds


def run_trial(subscriber: str, backend: str, url: str, plan: BulkPlan, packets: list[bytes],
              label: str) -> Trial:
    """Start broker and subscriber, publish, wait until everything is committed."""
    expect = plan.messages * (READINGS_PER_MESSAGE if subscriber == "germbank" else 1)
    with MosquittoBroker() as broker:
        if subscriber == "germbank":
            child = JsonChild("bench.subscriber_worker", [
                "--port", str(broker.port), "--database", url, "--expect", str(expect),
                "--client-id", f"germbank-{label}",
            ], label=label)
        else:
            child = JsonChild("bench.naive", [
                "--port", str(broker.port), "--database", url, "--expect", str(expect),
                "--client-id", f"naive-{label}",
            ], label=label)
        try:
            child.wait_for("ready", timeout=60)
            broker_cpu_before = process_cpu_seconds(broker.pid)
            report = publish_packets(broker.host, broker.port, packets)
            done = child.wait_for("done", timeout=900)
            broker_cpu = process_cpu_seconds(broker.pid) - broker_cpu_before
        finally:
            child.terminate()
    if not done.get("finished"):
        raise RuntimeError(f"{label}: subscriber did not commit everything: {done}")
    seconds = done["last_commit"] - report.started
    rows = count_readings(url, naive=subscriber == "naive")
    if rows is None:  # in-memory sink: only its own count exists
        rows = done["stats"]["stored"]
    return Trial(subscriber, backend, plan.messages, seconds, done["cpu"], broker_cpu,
                 report.rate, rows)


def median_of(trials: list[Trial], subscriber: str, backend: str, attribute: str) -> float | None:
    """Median of one attribute over the matching trials (None when there are none)."""
    values = [getattr(t, attribute) for t in trials
              if t.subscriber == subscriber and t.backend == backend]
    return statistics.median(values) if values else None


def figures(trials: list[Trial], backends: list[str]) -> list[Figure]:
    """Headline figures: rates, ratios against the naive baseline, subscriber CPU."""
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    result = []
    for backend in backends:
        name = names[backend]
        readings = median_of(trials, "germbank", backend, "readings_per_s")
        messages = median_of(trials, "germbank", backend, "messages_per_s")
        naive = median_of(trials, "naive", backend, "readings_per_s")
        cores = median_of(trials, "germbank", backend, "subscriber_cores")
        sqlite = backend == "sqlite"
        result += [
            Figure(f"{name}: GermBank messages/s", messages, "msg/s",
                   at_least(10_000) if sqlite else None),
            Figure(f"{name}: GermBank readings/s", readings, "readings/s",
                   at_least(30_000) if sqlite else None),
            Figure(f"{name}: naive baseline readings/s", naive, "readings/s"),
            Figure(f"{name}: GermBank / naive", readings / naive, "×", at_least(10)),
            Figure(f"{name}: subscriber CPU", cores, "cores", at_most(1.0)),
        ]
    lost = sum(t.readings - t.rows for t in trials if t.subscriber == "germbank")
    result.append(Figure("readings missing after the trials", lost, "", at_most(0)))
    return result


def main(argv: list[str] | None = None) -> int:
    """Run the interleaved trials and record the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small run to check the harness")
    parser.add_argument("--messages", type=int, help="messages for GermBank (default 200,000)")
    parser.add_argument("--naive-messages", type=int,
                        help="messages for the naive baseline (default 5,000: it is slow)")
    parser.add_argument("--repeat", type=int, help="trials per subscriber and backend (3)")
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args(argv)
    messages = args.messages or (20_000 if args.quick else 200_000)
    naive_messages = args.naive_messages or (2_000 if args.quick else 5_000)
    repeat = args.repeat or (1 if args.quick else 3)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]

    plan = BulkPlan(messages=messages, devices=100)
    naive_plan = BulkPlan(messages=naive_messages, devices=100)
    packets = encode_plan(plan)
    naive_packets = encode_plan(naive_plan)
    trials: list[Trial] = []
    started = time.monotonic()
    with scratch_databases("gb_bench_ingest") as databases:
        for round_ in range(1, repeat + 1):
            for backend in backends:
                label = f"{backend}_g{round_}"
                url = databases.fresh(backend, label)
                trial = run_trial("germbank", backend, url, plan, packets, label)
                trials.append(trial)
                print(f"  {label}: {trial.messages_per_s:,.0f} msg/s, "
                      f"{trial.subscriber_cores:.2f} cores", flush=True)
                label = f"{backend}_n{round_}"
                url = databases.empty(backend, label)
                trial = run_trial("naive", backend, url, naive_plan, naive_packets, label)
                trials.append(trial)
                print(f"  {label}: {trial.messages_per_s:,.0f} msg/s (naive)", flush=True)
    elapsed = time.monotonic() - started
    record_run(Run(
        benchmark="ingest",
        command=command_line("bench.ingest", argv),
        quick=args.quick,
        figures=figures(trials, backends),
        details_headers=("Subscriber", "Backend", "Messages", "Seconds", "msg/s", "readings/s",
                         "Subscriber cores", "Broker cores", "Publisher msg/s", "Rows"),
        details_rows=[
            (t.subscriber, t.backend, t.messages, round(t.seconds, 2), t.messages_per_s,
             t.readings_per_s, round(t.subscriber_cores, 2), round(t.broker_cores, 2),
             t.publisher_rate, t.rows)
            for t in trials
        ],
        notes=[
            f"{repeat} trial(s) per subscriber and backend, interleaved; figures are medians; "
            f"GermBank {messages:,} messages, naive {naive_messages:,} messages per trial; "
            f"{elapsed:.0f} s in all.",
        ],
    ))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
