"""The ingest subscriber: paho-mqtt 2.x wiring, batching, and acknowledgement after commit.

The guarantee: a QoS 1 message is acknowledged to the broker only after the batch holding it
was committed by the sink. If the subscriber dies at any point, the broker still holds every
unacknowledged message in our persistent session (fixed client id, MQTT v5 session expiry,
clean_start False) and redelivers it; idempotent storage turns the redelivery into a counted
duplicate. Nothing is lost and nothing is stored twice.

Threads: paho's network thread only turns messages into `ReceivedMessage`s on a queue (a slow
callback would block keepalive pings); the batch worker collects batches (flushed on size and
on time), stores them, retrying the same batch with backoff while storage fails, then acks.
"""

from __future__ import annotations

import logging
import queue
import threading
import time

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.subscribeoptions import SubscribeOptions

from sensors.config import SubscriberConfig
from sensors.fastpaho import IngestClient
from sensors.sink import ReadingSink, ReceivedMessage
from sensors.stats import SubscriberStats, utcnow

log = logging.getLogger(__name__)
paho_log = logging.getLogger("sensors.paho")


class _QuietShutdownFilter(logging.Filter):
    """paho logs an ERROR when its loop runs once more after our own disconnect(); drop it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Client is not connected")



class Subscriber:
    """Subscribe to telemetry and status; store through `sink`; ack after commit."""

    def __init__(self, config: SubscriberConfig, sink: ReadingSink, *, on_flush=None) -> None:
        self.config = config
        self.sink = sink
        self.on_flush = on_flush  # called with the stats after each committed batch
        self.stats = SubscriberStats()
        self._queue: queue.SimpleQueue[ReceivedMessage] = queue.SimpleQueue()
        self._generation = 0
        self._ack_lock = threading.Lock()
        self._draining = False
        self._drained = threading.Event()
        self._abandon = threading.Event()
        self._connected = threading.Event()
        self._worker = threading.Thread(
            target=self._work, name="germbank-ingest-batch", daemon=True
        )
        self.client = self._make_client()

    # -- paho wiring -------------------------------------------------------------------

    def _make_client(self) -> mqtt.Client:
        config = self.config
        v5 = config.mqtt_version == 5
        client = IngestClient(
            CallbackAPIVersion.VERSION2,
            client_id=config.client_id,
            protocol=mqtt.MQTTv5 if v5 else mqtt.MQTTv311,
            clean_session=None if v5 else False,
            manual_ack=True,
        )
        client.suppress_exceptions = True
        if not any(isinstance(f, _QuietShutdownFilter) for f in paho_log.filters):
            paho_log.addFilter(_QuietShutdownFilter())
        client.enable_logger(paho_log)
        if config.username:
            client.username_pw_set(config.username, config.password)
        if config.tls:
            client.tls_set(
                ca_certs=config.ca_certs, certfile=config.certfile, keyfile=config.keyfile
            )
            client.tls_insecure_set(config.tls_insecure)
        client.reconnect_delay_set(config.reconnect_min, config.reconnect_max)
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_subscribe = self._on_subscribe
        client.on_message = self._on_message
        return client

    def _connect_properties(self) -> Properties:
        properties = Properties(PacketTypes.CONNECT)
        properties.SessionExpiryInterval = self.config.session_expiry
        properties.ReceiveMaximum = self.config.receive_maximum
        return properties

    def _on_connect(self, client, userdata, flags, reason_code, properties) -> None:
        try:
            if reason_code.is_failure:
                log.error("broker %s refused the connection: %s", self.config.url, reason_code)
                return
            self.stats.connects += 1
            self.stats.connected = True
            log.info(
                "connected to %s as %s (session present: %s)",
                self.config.url, self.config.client_id, flags.session_present,
            )
            options = SubscribeOptions(qos=1) if self.config.mqtt_version == 5 else 1
            client.subscribe([(topic, options) for topic in self.config.subscriptions()])
        except Exception:
            self.stats.callback_errors += 1
            log.exception("on_connect failed")

    def _on_subscribe(self, client, userdata, mid, reason_codes, properties) -> None:
        try:
            failures = [str(code) for code in reason_codes if code.is_failure]
            if failures:
                log.error("broker refused subscriptions: %s", ", ".join(failures))
            else:
                log.info("subscribed to %s", ", ".join(self.config.subscriptions()))
                self._connected.set()
        except Exception:
            self.stats.callback_errors += 1
            log.exception("on_subscribe failed")

    def _on_disconnect(self, client, userdata, flags, reason_code, properties) -> None:
        try:
            # Message ids die with the connection: forbid acking anything received before.
            with self._ack_lock:
                self._generation += 1
            self._connected.clear()
            if self.stats.connected:
                self.stats.disconnects += 1
            self.stats.connected = False
            if not self._draining:
                log.warning("disconnected from %s (%s); reconnecting", self.config.url, reason_code)
        except Exception:
            self.stats.callback_errors += 1
            log.exception("on_disconnect failed")

    def _on_message(self, client, userdata, message: mqtt.MQTTMessage) -> None:
        try:
            if self._draining:
                self.stats.held_back += 1  # not acked: the broker keeps it for our next session
                return
            try:
                topic = message.topic
            except UnicodeDecodeError:
                topic = message._topic.decode("utf-8", "replace")
            now = utcnow()
            self._queue.put(
                ReceivedMessage(
                    topic, message.payload, now, message.mid, message.qos,
                    message.retain, self._generation,
                )
            )
            self.stats.received += 1
            self.stats.last_message_at = now
        except Exception:
            self.stats.callback_errors += 1
            log.exception("on_message failed for mid %s", getattr(message, "mid", "?"))

    # -- batch worker ------------------------------------------------------------------

    def _collect(self) -> list[ReceivedMessage]:
        """Wait for a first message, then gather until the batch is full or its time is up."""
        try:
            first = self._queue.get(timeout=0.1)
        except queue.Empty:
            return []
        batch = [first]
        deadline = time.monotonic() + self.config.batch_interval
        size = self.config.batch_size
        while len(batch) < size:
            try:
                batch.append(self._queue.get_nowait())
                continue
            except queue.Empty:
                pass
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self._draining:
                break
            try:
                batch.append(self._queue.get(timeout=remaining))
            except queue.Empty:
                break
        return batch

    def _store(self, batch: list[ReceivedMessage]) -> bool:
        """Store the batch, retrying it with backoff until it commits; False if abandoned.

        An outage (database stopped, locked, restarting) logs its first failure with the
        traceback, each retry on one line, and the recovery, so the log tells how long storage
        was away and that ingest caught up by itself.
        """
        delay = self.config.retry_initial
        failures = 0
        failing_since = 0.0
        while True:
            try:
                result = self.sink.store(batch)
            except Exception as error:
                self.stats.sink_failures += 1
                failures += 1
                if failures == 1:
                    failing_since = time.monotonic()
                    log.exception(
                        "storing a batch of %d messages failed; retrying in %.1f s without acking",
                        len(batch), delay,
                    )
                else:
                    log.error(
                        "storing a batch of %d messages failed again (attempt %d, %s: %s); "
                        "retrying in %.1f s without acking",
                        len(batch), failures, type(error).__name__,
                        str(error).splitlines()[0] if str(error) else "", delay,
                    )
                if self._abandon.wait(delay):
                    self.stats.abandoned_batches += 1
                    log.warning("drain gave up: %d messages left for redelivery", len(batch))
                    return False
                delay = min(delay * 2, self.config.retry_max)
                continue
            if failures:
                log.warning(
                    "storage is back: a batch of %d messages committed after %d failed attempts "
                    "over %.1f s",
                    len(batch), failures, time.monotonic() - failing_since,
                )
            stats = self.stats
            stats.batches += 1
            stats.messages_committed += len(batch)
            stats.stored += result.stored
            stats.duplicates += result.duplicates
            stats.rejected += result.rejected
            stats.statuses += result.statuses
            return True

    def _acknowledge(self, batch: list[ReceivedMessage]) -> None:
        """PUBACK every message of a committed batch that arrived on this connection."""
        with self._ack_lock:
            generation = self._generation
            mids = [m.mid for m in batch if m.qos and m.generation == generation]
            self.client.ack_many(mids)
        self.stats.acked += len(mids)
        self.stats.stale_not_acked += sum(1 for m in batch if m.qos) - len(mids)
        now = utcnow()
        self.stats.last_commit_at = now
        self.stats.last_commit_wait_s = (now - batch[0].received_at).total_seconds()

    def _work(self) -> None:
        while not self._abandon.is_set():
            try:
                batch = self._collect()
                if batch:
                    if self._store(batch):
                        self._acknowledge(batch)
                        self._report()
                elif self._draining:
                    break
            except Exception:  # keep the worker alive: a dead worker would stall ingest
                self.stats.callback_errors += 1
                log.exception("batch worker error")
                time.sleep(0.5)
        self._drained.set()

    def _report(self) -> None:
        self.stats.queue_depth = self._queue.qsize()
        if self.on_flush is not None:
            try:
                self.on_flush(self.stats)
            except Exception:
                self.stats.callback_errors += 1
                log.exception("on_flush hook failed")

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> Subscriber:
        """Connect (retrying until the broker answers) and start both threads."""
        if self.config.mqtt_version == 5:
            self.client.connect_async(
                self.config.host,
                self.config.port,
                keepalive=self.config.keepalive,
                clean_start=False,
                properties=self._connect_properties(),
            )
        else:
            self.client.connect_async(
                self.config.host, self.config.port, keepalive=self.config.keepalive
            )
        self._worker.start()
        self.client.loop_start()
        log.info("subscriber %s starting against %s", self.config.client_id, self.config.url)
        return self

    def wait_subscribed(self, timeout: float = 10.0) -> bool:
        """Block until connected and subscribed (True) or until the timeout (False)."""
        return self._connected.wait(timeout)

    def abort(self) -> None:
        """Stop at once as a crash would: no commit, no ack, no DISCONNECT (for tests)."""
        self._draining = True
        self._abandon.set()
        self.client.loop_stop()
        sock = self.client.socket()
        if sock is not None:
            sock.close()
        self._drained.wait(5)

    def stop(self, timeout: float | None = None) -> None:
        """Drain gracefully: take no new messages, commit and ack what we hold, disconnect.

        Messages that arrive during the drain, or that storage could not commit before the
        timeout, stay unacknowledged in the persistent session and come back next time.
        """
        timeout = self.config.drain_timeout if timeout is None else timeout
        self._draining = True
        if self._worker.is_alive() and not self._drained.wait(timeout):
            self._abandon.set()
            self._drained.wait(5)
        self.client.disconnect()
        self.client.loop_stop()
        log.info(
            "subscriber stopped: %d received, %d stored, %d duplicates, %d rejected, %d held back",
            self.stats.received, self.stats.stored, self.stats.duplicates,
            self.stats.rejected, self.stats.held_back,
        )
