"""Child processes that speak JSON lines: the subscribers a benchmark starts, watches and kills.

Why: the subscriber under test must run in its own process (its CPU is measured on its own,
SIGKILL must be real), and the parent needs to wait for its "ready" and "done" events without
blocking forever when it dies. A reader thread turns stdout lines into events on a queue;
stderr goes to a log file under bench/.data so a failure can be read afterwards.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.common import DATA_DIR, REPO_DIR


class ChildFailed(RuntimeError):
    """The child exited, or did not report what we waited for in time."""


class JsonChild:
    """`python -m <module> <args>` with its stdout parsed as JSON events."""

    def __init__(self, module: str, args: list[str], *, label: str) -> None:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        self.label = label
        self.stderr_path = DATA_DIR / f"{label}.stderr.log"
        self._stderr = self.stderr_path.open("w")
        env = {**os.environ, "PYTHONPATH": _pythonpath()}
        self.process = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            stdout=subprocess.PIPE, stderr=self._stderr, text=True, cwd=REPO_DIR, env=env,
        )
        self.events: queue.Queue[dict] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True, name=f"{label}-stdout")
        self._reader.start()

    @property
    def pid(self) -> int:
        """The child's process id."""
        return self.process.pid

    def _read(self) -> None:
        for line in self.process.stdout:
            line = line.strip()
            if not line:
                continue
            try:
                self.events.put(json.loads(line))
            except json.JSONDecodeError:
                self.events.put({"event": "output", "text": line})
        self.events.put({"event": "exit", "code": self.process.wait()})

    def wait_for(self, name: str, timeout: float) -> dict:
        """The next event called `name` (earlier other events are dropped)."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ChildFailed(f"{self.label}: no {name!r} within {timeout:.0f} s{self._tail()}")
            try:
                event = self.events.get(timeout=remaining)
            except queue.Empty:
                continue
            if event.get("event") == name:
                return event
            if event.get("event") in ("exit", "error"):
                raise ChildFailed(f"{self.label}: {event} while waiting for {name!r}{self._tail()}")

    def kill(self) -> None:
        """SIGKILL, as a crash or an OOM kill would."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def terminate(self, timeout: float = 30.0) -> None:
        """SIGTERM (graceful drain), then SIGKILL if it does not exit in time."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        self.close()

    def close(self) -> None:
        """Make sure the child is gone and its log is closed."""
        if self.process.poll() is None:
            self.kill()
        self._reader.join(timeout=5)
        self._stderr.close()

    def _tail(self, lines: int = 15) -> str:
        self._stderr.flush()
        try:
            text = Path(self.stderr_path).read_text(errors="replace").splitlines()[-lines:]
        except OSError:
            return ""
        return ("\n" + "\n".join(text)) if text else ""


def _pythonpath() -> str:
    existing = os.environ.get("PYTHONPATH", "")
    return f"{REPO_DIR}{os.pathsep}{existing}" if existing else str(REPO_DIR)
