"""A long-running ingest process: a Subscriber with `run()` / `stop()` and signal handling.

Why a separate object: `germbank sensors run`, `python -m sensors` and `make run` need the same
life cycle — start, log progress now and then, and on SIGTERM or Ctrl-C drain gracefully
(commit and ack what is held, leave the rest in the broker's session) before exiting.
"""

from __future__ import annotations

import logging
import signal
import threading

from sensors.client import Subscriber
from sensors.config import SubscriberConfig
from sensors.sink import ReadingSink

log = logging.getLogger(__name__)


class IngestService:
    """Runs a Subscriber until `stop()` or SIGTERM/SIGINT."""

    def __init__(
        self,
        config: SubscriberConfig,
        sink: ReadingSink,
        *,
        on_flush=None,
        progress_interval: float = 30.0,
    ) -> None:
        self.subscriber = Subscriber(config, sink, on_flush=on_flush)
        self.progress_interval = progress_interval
        self._stop = threading.Event()

    def stop(self, *_signal_args) -> None:
        """Ask `run()` to drain and return (safe from a signal handler or another thread)."""
        self._stop.set()

    def install_signal_handlers(self) -> None:
        """SIGTERM and SIGINT drain gracefully (main thread only, as Python requires)."""
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)

    def run(self, *, handle_signals: bool = True) -> int:
        """Start, log progress periodically, drain on stop; return a process exit code."""
        if handle_signals and threading.current_thread() is threading.main_thread():
            self.install_signal_handlers()
        self.subscriber.start()
        last = 0
        while not self._stop.wait(self.progress_interval):
            stats = self.subscriber.stats
            if stats.received != last:
                log.info(
                    "received %d, stored %d readings, %d duplicates, %d rejected, "
                    "%d sink failures, connected=%s",
                    stats.received, stats.stored, stats.duplicates, stats.rejected,
                    stats.sink_failures, stats.connected,
                )
                last = stats.received
        log.info("stopping: draining held messages")
        self.subscriber.stop()
        return 0
