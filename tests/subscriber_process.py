"""The subscriber as deployed (`python -m sensors`), run as a child process by fault tests.

Fault tests kill, restart and starve the real process, so it runs exactly as in production:
its own interpreter, its settings from the environment, its log in a file the test reads.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class SubscriberProcess:
    """`python -m sensors` against a test broker and database, logging to ``log_path``."""

    def __init__(self, broker, database_url: str, log_path: Path, client_id: str) -> None:
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "GERMBANK_DATABASE_URL": database_url,
            "GERMBANK_MQTT_URL": broker.url,
            "GERMBANK_MQTT_CLIENT_ID": client_id,
            "GERMBANK_SECRET_KEY": "subscriber-test-secret-key",
        }
        self.log_path = log_path
        self.process: subprocess.Popen | None = None
        self._starts_before = 0

    def start(self) -> SubscriberProcess:
        """Start (again); the log file keeps every start's lines."""
        self._starts_before = self.log().count("starting against")
        with self.log_path.open("a") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "sensors"], env=self.env,
                                            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        return self

    def log(self) -> str:
        """Everything the process has logged so far."""
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    @property
    def alive(self) -> bool:
        """True while the latest start is still running."""
        return self.process is not None and self.process.poll() is None

    def wait_subscribed(self, timeout: float = 90.0) -> None:
        """Until the latest start has logged its subscription; fail with the log if it died."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.log()
            starts = text.count("starting against")
            if starts > self._starts_before and text.count("subscribed to") >= starts:
                return
            assert self.alive, text[-3000:]
            time.sleep(0.05)
        raise AssertionError("subscriber did not subscribe:\n" + self.log()[-3000:])

    def kill(self) -> None:
        """SIGKILL: a crash, with no chance to drain."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def terminate(self) -> int | None:
        """SIGTERM (graceful drain) and the exit code."""
        if self.alive:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        return self.process.returncode if self.process else None
