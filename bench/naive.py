"""The baseline subscriber: what a typical hand-written paho ingest script does.

Why it exists: the issue's claim is "at least 10 times the naive subscriber, measured in the
same run", so the naive one must be the honest common case, not a straw man and not GermBank
in disguise: paho's automatic acknowledgement (the message is acked when `on_message`
returns), `json.loads`, three INSERTs and one commit per message into its own simple table,
on the driver's default settings (Python's sqlite3 defaults; psycopg with PostgreSQL's
`synchronous_commit` on). No validation, no batching, no idempotency.

Run as a child process by the ingest benchmark:
`python -m bench.naive --port P --database URL --expect N` prints one JSON line when
subscribed and one when it has committed N messages (or timed out).
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import sys
import threading
import time
from datetime import UTC, datetime

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

TOPIC_FILTER = "germbank/v1/+/+/telemetry"
TABLE_SQL = (
    "CREATE TABLE IF NOT EXISTS naive_reading ("
    "device TEXT NOT NULL, metric TEXT NOT NULL, ts TIMESTAMP NOT NULL, value DOUBLE PRECISION)"
)


class NaiveStore:
    """One connection, one INSERT per value, one commit per message."""

    def __init__(self, url: str) -> None:
        self.url = url
        if url.startswith("sqlite:///"):
            # paho calls on_message from its network thread, as every such script finds out.
            self.connection = sqlite3.connect(
                url.removeprefix("sqlite:///"), check_same_thread=False
            )
            self.placeholder = "?"
        elif url.startswith(("postgresql", "postgres")):
            import psycopg

            self.connection = psycopg.connect(_libpq_url(url))
            self.placeholder = "%s"
        else:
            raise ValueError(f"naive subscriber: a sqlite:/// or postgresql URL, not {url!r}")
        self.connection.execute(TABLE_SQL)
        self.connection.commit()
        self.insert_sql = (
            "INSERT INTO naive_reading (device, metric, ts, value) VALUES (?, ?, ?, ?)"
        )
        if self.placeholder != "?":
            self.insert_sql = self.insert_sql.replace("?", self.placeholder)

    def store_message(self, topic: str, payload: bytes) -> int:
        """Decode one message the usual way and commit its values; return how many."""
        data = json.loads(payload)
        device = topic.split("/")[3]
        ts = datetime.fromtimestamp(data["ts"] / 1000, tz=UTC)
        cursor = self.connection.cursor()
        for metric, value in data["values"].items():
            cursor.execute(self.insert_sql, (device, metric, ts.isoformat(), value))
        self.connection.commit()
        return len(data["values"])

    def count(self) -> int:
        """Rows stored so far."""
        cursor = self.connection.cursor()
        cursor.execute("SELECT count(*) FROM naive_reading")
        return int(cursor.fetchone()[0])


def _libpq_url(url: str) -> str:
    """psycopg wants `postgresql://`; SQLAlchemy URLs say `postgresql+psycopg://`."""
    return "postgresql://" + url.split("://", 1)[1]


def cpu_seconds() -> float:
    """User + system CPU seconds of this process, all threads."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def emit(**fields) -> None:
    """One JSON line on stdout for the parent benchmark process."""
    print(json.dumps(fields), flush=True)


def main(argv: list[str] | None = None) -> int:
    """Subscribe, store until `--expect` messages are committed, report timings."""
    parser = argparse.ArgumentParser(description="naive baseline MQTT subscriber")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--expect", type=int, required=True, help="messages to wait for")
    parser.add_argument("--client-id", default="naive-baseline")
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--persistent", action="store_true",
                        help="clean_session=False (most scripts leave paho's default, True)")
    args = parser.parse_args(argv)

    store = NaiveStore(args.database)
    done = threading.Event()
    subscribed = threading.Event()
    state = {"messages": 0, "readings": 0, "first": None, "last": None, "errors": 0}

    def on_connect(client, userdata, flags, reason_code, properties) -> None:
        client.subscribe(TOPIC_FILTER, qos=1)

    def on_subscribe(client, userdata, mid, reason_codes, properties) -> None:
        subscribed.set()

    def on_message(client, userdata, message) -> None:
        try:
            if state["first"] is None:
                state["first"] = time.time()
            state["readings"] += store.store_message(message.topic, message.payload)
        except Exception as exc:  # a naive script would die here; count it instead
            state["errors"] += 1
            if state["errors"] <= 3:
                print(f"naive subscriber: {exc!r}", file=sys.stderr)
        state["messages"] += 1
        state["last"] = time.time()
        if state["messages"] >= args.expect:
            done.set()

    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=args.client_id,
                         clean_session=not args.persistent)
    client.on_connect = on_connect
    client.on_subscribe = on_subscribe
    client.on_message = on_message
    client.connect(args.host, args.port, keepalive=60)
    client.loop_start()
    # With a persistent session the broker sends the queued messages before the SUBACK, and
    # on_message runs on the network thread: the first message counts as "subscribed" too.
    deadline = time.monotonic() + 60
    while not subscribed.is_set() and state["first"] is None and time.monotonic() < deadline:
        subscribed.wait(0.05)
    if not subscribed.is_set() and state["first"] is None:
        emit(event="error", reason="not subscribed within 60 s")
        return 1
    cpu_ready = cpu_seconds()
    emit(event="ready", at=time.time())
    finished = done.wait(args.timeout)
    cpu = cpu_seconds() - cpu_ready
    client.disconnect()
    client.loop_stop()
    emit(
        event="done", finished=finished, messages=state["messages"], readings=state["readings"],
        rows=store.count(), first=state["first"], last_commit=state["last"],
        errors=state["errors"], cpu=cpu,
    )
    return 0 if finished else 1


if __name__ == "__main__":
    sys.exit(main())
