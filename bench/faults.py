"""Faults under load: the subscriber SIGKILLed three times and the broker restarted while
messages stream in; lost and duplicated readings (target 0 and 0) and the time to resume.

`python -m bench.faults [--quick] [--messages N] [--backends sqlite,postgresql]`

The messages are published in four segments, each as fast as the broker takes them, so the
subscriber always has a backlog (and unacknowledged messages in flight) when a fault strikes,
`--fault-delay` seconds after each segment was published: (1) SIGKILL the subscriber and start
a new one at once, (2) again, (3) restart the broker gracefully, (4) SIGKILL a third time.
Time to resume = from the fault to the first commit after it (a new subscriber's Python
start-up included). At the end the database is counted: lost = published readings missing,
duplicated = readings stored more than once.
Baseline in the same run: the naive subscriber (paho defaults: clean session, automatic ack,
no idempotency) through the same fault sequence with `--naive-messages`.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass, field

from bench.children import JsonChild
from bench.common import Figure, Run, at_most, command_line, exactly, record_run
from bench.databases import scratch_databases
from bench.fastpub import encode_plan, publish_packets
from bench.readings import count_readings, duplicate_readings
from sensors.broker import MosquittoBroker
from sensors.publisher import BULK_METRICS, BulkPlan

READINGS_PER_MESSAGE = len(BULK_METRICS)
FAULTS = ("SIGKILL subscriber", "SIGKILL subscriber", "restart broker", "SIGKILL subscriber")


@dataclass
class FaultRun:
    """What one subscriber went through and what the database held afterwards."""

    subscriber: str
    backend: str
    messages: int
    rows: int = 0
    duplicates: int = 0
    resumes: list[tuple[str, float | None]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def lost(self) -> int:
        """Published readings that are not in the database."""
        return self.messages * READINGS_PER_MESSAGE - (self.rows - self.duplicates)

    @property
    def worst_resume(self) -> float | None:
        """The longest time to resume over the faults (None if one never resumed)."""
        times = [t for _f, t in self.resumes]
        return None if any(t is None for t in times) else max(times)


class SubscriberUnderTest:
    """Starts (and restarts) the subscriber child; all incarnations share one client id."""

    def __init__(self, kind: str, port: int, url: str, label: str) -> None:
        self.kind, self.port, self.url, self.label = kind, port, url, label
        self.incarnation = 0
        self.child: JsonChild | None = None

    def start(self) -> JsonChild:
        """A new subscriber process; returns once it is subscribed."""
        self.incarnation += 1
        args = ["--port", str(self.port), "--database", self.url, "--expect", "0",
                "--client-id", f"{self.kind}-faults-{self.label}", "--timeout", "3600"]
        if self.kind == "germbank":
            args += ["--progress", "0.05"]
            self.child = JsonChild("bench.subscriber_worker", args,
                                   label=f"{self.label}-{self.incarnation}")
        else:
            args[args.index("--expect") + 1] = str(10**9)
            self.child = JsonChild("bench.naive", args, label=f"{self.label}-{self.incarnation}")
        self.child.wait_for("ready", timeout=60)
        return self.child

    def first_commit_after(self, moment: float, timeout: float = 60.0,
                           min_connects: int = 1) -> float | None:
        """Seconds from `moment` to the first commit the current child reports after it, made
        on its `min_connects`-th connection or later (after a broker restart: the new one)."""
        if self.kind != "germbank":
            return None  # the naive script reports no commits; its resume is not timed
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                event = self.child.wait_for("progress", timeout=deadline - time.monotonic())
            except RuntimeError:
                return None
            if event["at"] >= moment and event.get("connects", 1) >= min_connects:
                return event["at"] - moment
        return None


def run_faults(kind: str, backend: str, url: str, plan: BulkPlan, label: str,
               fault_delay: float, settle: float) -> FaultRun:
    """Stream four segments with a fault in each; count the database afterwards."""
    result = FaultRun(kind, backend, plan.messages)
    segment = plan.messages // len(FAULTS)
    started = time.time()
    with MosquittoBroker() as broker:
        subscriber = SubscriberUnderTest(kind, broker.port, url, label)
        subscriber.start()
        try:
            for number, fault in enumerate(FAULTS):
                end = plan.messages if number == len(FAULTS) - 1 else (number + 1) * segment
                publish_packets(broker.host, broker.port,
                                encode_plan(plan, range(number * segment, end)))
                time.sleep(fault_delay)
                moment = time.time()
                if fault == "restart broker":
                    broker.restart()
                    resumed = subscriber.first_commit_after(moment, min_connects=2)
                else:
                    subscriber.child.kill()
                    subscriber.start()
                    ready = time.time() - moment
                    resumed = subscriber.first_commit_after(moment, timeout=20)
                    published = end * READINGS_PER_MESSAGE
                    if resumed is None and count_readings(url, naive=kind == "naive") >= published:
                        resumed = ready  # nothing was pending: resumed = subscribed again
                result.resumes.append((fault, resumed))
                print(f"  {label}: {fault} -> resumed after {result.resumes[-1][1]} s",
                      flush=True)
            expected = plan.messages * READINGS_PER_MESSAGE
            deadline = time.monotonic() + settle
            last, unchanged_since = -1, time.monotonic()
            while time.monotonic() < deadline:
                rows = count_readings(url, naive=kind == "naive")
                if rows >= expected:
                    break
                if rows != last:
                    last, unchanged_since = rows, time.monotonic()
                elif time.monotonic() - unchanged_since > 15:
                    break  # nothing more is coming: what is missing was lost
                time.sleep(1.0)
        finally:
            subscriber.child.terminate()
    result.seconds = time.time() - started
    result.rows = count_readings(url, naive=kind == "naive")
    result.duplicates = duplicate_readings(url, naive=kind == "naive")
    return result


def main(argv: list[str] | None = None) -> int:
    """Run the fault sequence for GermBank and the naive baseline; record the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--messages", type=int, help="messages for GermBank (200,000)")
    parser.add_argument("--naive-messages", type=int, help="messages for the naive one (20,000)")
    parser.add_argument("--fault-delay", type=float, default=0.3,
                        help="seconds into each segment before its fault")
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args(argv)
    messages = args.messages or (40_000 if args.quick else 200_000)
    naive_messages = args.naive_messages or (2_000 if args.quick else 20_000)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]

    runs: list[FaultRun] = []
    with scratch_databases("gb_bench_faults") as databases:
        for backend in backends:
            url = databases.fresh(backend, "germbank")
            runs.append(run_faults("germbank", backend, url, BulkPlan(messages=messages),
                                   f"{backend}_germbank", args.fault_delay, settle=600))
            url = databases.empty(backend, "naive")
            runs.append(run_faults("naive", backend, url, BulkPlan(messages=naive_messages),
                                   f"{backend}_naive", args.fault_delay, settle=60))

    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    figures = []
    for backend in backends:
        ours = next(r for r in runs if r.backend == backend and r.subscriber == "germbank")
        naive = next(r for r in runs if r.backend == backend and r.subscriber == "naive")
        name = names[backend]
        figures += [
            Figure(f"{name}: readings lost", ours.lost, "", exactly(0)),
            Figure(f"{name}: readings duplicated", ours.duplicates, "", exactly(0)),
            Figure(f"{name}: longest time to resume", ours.worst_resume or float("nan"), "s",
                   at_most(30)),
            Figure(f"{name}: naive baseline lost", naive.lost, ""),
            Figure(f"{name}: naive baseline duplicated", naive.duplicates, ""),
        ]
    record_run(Run(
        benchmark="faults",
        command=command_line("bench.faults", argv),
        quick=args.quick,
        figures=figures,
        details_headers=("Subscriber", "Backend", "Messages", "Rows", "Lost", "Duplicated",
                         "Resume after each fault (s)", "Run s"),
        details_rows=[(r.subscriber, r.backend, r.messages, r.rows, r.lost, r.duplicates,
                       ", ".join(f"{fault}: {'–' if t is None else f'{t:.1f}'}"
                                 for fault, t in r.resumes), round(r.seconds, 1)) for r in runs],
        notes=[
            f"Four segments of each run's messages, a fault {args.fault_delay:g} s into each: "
            + ", ".join(FAULTS) + ". The broker restart is graceful (SIGTERM, sessions saved).",
            "Resume time: fault to first commit after it, including a new subscriber's Python "
            "start-up and reconnection (1 s minimum reconnect delay after a broker restart); "
            "when the subscriber had already committed everything published, fault to "
            "subscribed again.",
            "The naive subscriber's resume is not timed (it reports no commits); its losses "
            "come from paho's clean session (messages sent while it is down are dropped) and "
            "its duplicates from redelivery without idempotent inserts.",
        ],
    ))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
