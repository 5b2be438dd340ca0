"""Run the ingest subscriber against GermBank's database until SIGTERM or Ctrl-C.

Shared by `germbank sensors run` and `python -m sensors`: the database sink, the subscriber
with its graceful drain, and monitoring's offline watcher (devices that fell silent), all
started from one Flask app.
"""

from __future__ import annotations

import logging

from flask import Flask

from sensors.config import SubscriberConfig
from sensors.ingest import DatabaseSink
from sensors.service import IngestService

log = logging.getLogger(__name__)


def run_subscriber(app: Flask, config: SubscriberConfig, *, offline_check_s: float = 30.0) -> int:
    """Block running the subscriber; return the process exit code."""
    sink = DatabaseSink(app, client_id=config.client_id,
                        max_payload_bytes=config.max_payload_bytes)
    service = IngestService(config, sink)
    sink.subscriber_stats = service.subscriber.stats
    watcher = None
    try:
        from germbank.monitoring.hooks import OfflineWatcher
    except ImportError:
        OfflineWatcher = None  # noqa: N806 - monitoring is optional
    if OfflineWatcher is not None and offline_check_s > 0:
        watcher = OfflineWatcher(app, interval=offline_check_s).start()
    log.info("ingest subscriber %s -> %s, storing into %s", config.client_id, config.url,
             app.config.get("SQLALCHEMY_DATABASE_URI", "?").split("@")[-1])
    try:
        return service.run()
    finally:
        if watcher is not None:
            watcher.stop()
