"""Measure decoding speed: `python -m sensors.measure_decode [--messages N]`.

Why a script and not a test: speed depends on the machine and its load, so it is measured and
reported (target: at least 50,000 typical 3-value messages per second on one core), never
asserted in the test suite.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import UTC, datetime, timedelta

from sensors.decoders import decode

TOPIC = "germbank/v1/yuanjiang/th-st1-01/telemetry"


def typical_payloads(count: int, start: datetime) -> list[bytes]:
    """`count` distinct 3-value single-sample payloads with ISO timestamps."""
    return [
        json.dumps(
            {
                "ts": (start + timedelta(seconds=i)).isoformat().replace("+00:00", "Z"),
                "values": {
                    "temperature": 12.0 + (i % 300) / 100,
                    "humidity": 55.0 + (i % 50) / 10,
                    "battery": 80 + i % 20,
                },
            }
        ).encode()
        for i in range(count)
    ]


def messages_per_second(payloads: list[bytes], received_at: datetime) -> float:
    """Decode every payload once; return messages per second."""
    started = time.perf_counter()
    for payload in payloads:
        decode(TOPIC, payload, received_at)
    return len(payloads) / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> None:
    """Print the median of five runs for the fast path and for the schema-checked path."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=100_000)
    args = parser.parse_args(argv)
    received_at = datetime.now(UTC)
    payloads = typical_payloads(args.messages, received_at - timedelta(days=2))
    rates = [messages_per_second(payloads, received_at) for _ in range(5)]
    rejected = [p.replace(b'"battery"', b'"pressure"') for p in payloads[: args.messages // 10]]
    reject_rates = [messages_per_second(rejected, received_at) for _ in range(3)]
    print(f"typical 3-value message: median {statistics.median(rates):,.0f} msg/s (target 50,000)")
    print(f"rejected (schema path):  median {statistics.median(reject_rates):,.0f} msg/s")


if __name__ == "__main__":
    main()
