"""Telling people about alarms without slowing ingest: compose in the transaction, send after it.

:func:`queue_for` composes a :class:`Notice` while the alarm and the database are at hand and
parks it on the SQLAlchemy session. Only when that session commits does a listener hand the
notices to the app's :class:`Notifier`, whose own thread sends them by email and webhook (with
retries). A rolled-back transaction sends nothing, and a slow mail server never holds up the
subscriber's acknowledgements.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Flask, current_app, has_app_context

from germbank.monitoring.services.channels import Channel, Notice, channels_from_config

log = logging.getLogger(__name__)

SESSION_KEY = "monitoring_notices"
EXTENSION_KEY = "monitoring_notifier"
DEFAULT_ACTIONS = ("opened", "reopened", "cleared")


def queue_for(alarm, action: str) -> None:
    """Compose the notice of ``alarm``'s ``action`` and send it once the transaction commits."""
    from germbank.extensions import db

    if not has_app_context():
        return
    actions = current_app.config.get("ALARM_NOTIFY_ACTIONS") or DEFAULT_ACTIONS
    if isinstance(actions, str):
        actions = tuple(a.strip() for a in actions.split(","))
    if action not in actions:
        return
    from germbank.monitoring.services.messages import compose

    notice = compose(alarm, action, recipients(current_app.config))
    db.session.info.setdefault(SESSION_KEY, []).append(notice)


def recipients(config: dict[str, Any]) -> tuple[str, ...]:
    """Email addresses of active people of the configured roles, plus the configured list."""
    from germbank.extensions import db
    from germbank.models import User

    roles = _as_list(config.get("ALARM_EMAIL_ROLES", "technician,admin"))
    found: list[str] = []
    if roles:
        found.extend(
            email
            for email in db.session.scalars(
                sa.select(User.email).where(
                    User.role.in_(roles), User.is_active_flag.is_(True), User.email.is_not(None)
                )
            )
            if email
        )
    found.extend(_as_list(config.get("ALARM_EMAIL_TO")))
    return tuple(dict.fromkeys(address.strip() for address in found if address.strip()))


def _as_list(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return [str(part) for part in value]


class Notifier:
    """A queue and one daemon thread that deliver notices to every channel, retrying failures."""

    def __init__(self, channels: list[Channel], attempts: int = 3, backoff: float = 2.0) -> None:
        self.channels = channels
        self.attempts = attempts
        self.backoff = backoff
        self.sent = 0
        self.failed = 0
        self._queue: queue.Queue[Notice | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, notices: list[Notice]) -> None:
        """Queue notices for delivery; returns at once."""
        if not self.channels or not notices:
            return
        self._ensure_thread()
        for notice in notices:
            self._queue.put(notice)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait until everything queued was delivered or gave up (for tests and shutdown)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._queue.unfinished_tasks == 0:
                return True
            time.sleep(0.02)
        return self._queue.unfinished_tasks == 0

    def stop(self) -> None:
        """Let the thread finish what is queued and end."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=30)

    def _ensure_thread(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="germbank-alarm-notifier", daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        while True:
            notice = self._queue.get()
            try:
                if notice is None:
                    return
                for channel in self.channels:
                    self._deliver(channel, notice)
            finally:
                self._queue.task_done()

    def _deliver(self, channel: Channel, notice: Notice) -> None:
        for attempt in range(1, self.attempts + 1):
            try:
                channel.send(notice)
            except Exception as error:  # noqa: BLE001 - any failure is retried, then logged
                log.warning(
                    "alarm %s %s: %s delivery attempt %d failed: %s",
                    notice.alarm_id, notice.action, channel.name, attempt, error,
                )
                if attempt < self.attempts:
                    time.sleep(self.backoff * attempt)
                continue
            with self._lock:
                self.sent += 1
            return
        with self._lock:
            self.failed += 1
        log.error("alarm %s %s: %s delivery gave up", notice.alarm_id, notice.action, channel.name)


def notifier_for(app: Flask) -> Notifier:
    """The app's notifier, built from its configuration on first use."""
    notifier = app.extensions.get(EXTENSION_KEY)
    if notifier is None:
        notifier = Notifier(
            channels_from_config(app.config),
            attempts=int(app.config.get("ALARM_NOTIFY_ATTEMPTS") or 3),
            backoff=float(app.config.get("ALARM_NOTIFY_BACKOFF") or 2.0),
        )
        app.extensions[EXTENSION_KEY] = notifier
    return notifier


def _after_commit(session: so.Session) -> None:
    notices = session.info.pop(SESSION_KEY, None)
    if not notices:
        return
    if not has_app_context():
        log.error("%d alarm notices committed outside an app context; not sent", len(notices))
        return
    notifier_for(current_app._get_current_object()).submit(notices)


def _after_rollback(session: so.Session) -> None:
    session.info.pop(SESSION_KEY, None)


def init_app(app: Flask) -> None:
    """Hook the commit listener (once per process) and check the channel settings early."""
    channels_from_config(app.config)  # a bad webhook format stops start-up with its name
    if not sa.event.contains(so.Session, "after_commit", _after_commit):
        sa.event.listen(so.Session, "after_commit", _after_commit)
        sa.event.listen(so.Session, "after_rollback", _after_rollback)
