"""The calls other parts of GermBank make into monitoring.

- The MQTT subscriber calls :func:`after_ingest_commit` with the readings of each batch right
  after committing it, on the same thread and inside the app context, so an alarm opens
  within about a second of the message that makes an excursion outlast its grace period.
- Something long-running (the subscriber, or ``germbank monitoring watch``) runs
  :func:`run_offline_check` every half minute, or starts an :class:`OfflineWatcher`.

Neither ever raises: monitoring trouble is logged and must not stop ingest, whose batch is
already safely committed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from typing import Any

from flask import Flask
from sqlalchemy.exc import IntegrityError

from germbank.extensions import db

log = logging.getLogger(__name__)


def after_ingest_commit(readings: Iterable[Any]):
    """Evaluate a committed batch's readings against thresholds, then commit the alarms.

    ``readings``: the decoder's readings (``device_id``, ``metric``, ``ts``, ``value``) or
    :class:`~germbank.monitoring.services.evaluation.LocatedReading`. Returns the
    :class:`EvaluationResult`, or None when evaluation failed (logged).
    """
    from germbank.monitoring.services.evaluation import evaluate_readings

    readings = list(readings)
    if not readings:
        return None
    for attempt in (1, 2):
        try:
            result = evaluate_readings(db.session, readings)
            db.session.commit()
            return result
        except IntegrityError:
            # Another subscriber opened the same alarm a moment ago: evaluate again on top.
            db.session.rollback()
            if attempt == 2:
                log.exception(
                    "alarm evaluation conflicted twice; batch of %d skipped", len(readings)
                )
        except Exception:  # noqa: BLE001 - ingest must go on; the failure is logged
            db.session.rollback()
            log.exception("alarm evaluation failed for a batch of %d readings", len(readings))
            return None
    return None


def run_offline_check():
    """Open and clear offline alarms once, committing; returns the result or None on failure."""
    from germbank.monitoring.services.offline import check_offline

    try:
        result = check_offline(db.session)
        db.session.commit()
        return result
    except Exception:  # noqa: BLE001 - the watch loop must survive a bad moment
        db.session.rollback()
        log.exception("offline check failed")
        return None


class OfflineWatcher:
    """A daemon thread running :func:`run_offline_check` every ``interval`` seconds."""

    def __init__(self, app: Flask, interval: float = 30.0) -> None:
        self.app = app
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name="germbank-offline-watch", daemon=True
        )

    def start(self) -> OfflineWatcher:
        """Begin watching; returns self."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop after the current check."""
        self._stop.set()
        self._thread.join(timeout=self.interval + 5)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            with self.app.app_context():
                run_offline_check()
                db.session.remove()
