"""GermBank under gunicorn for page and API benchmarks: start it, sign in, time requests.

Why a real server: latency "through the API" and "the list page" should include what a user
waits for (WSGI, sessions, templates, JSON), and wrk needs a socket. Gunicorn runs with the
production entry point `wsgi:app`, 2 workers, on a free loopback port, against the benchmark's
database; requests are timed from this process over one keep-alive connection.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from urllib.parse import urlencode

from bench.common import DATA_DIR, REPO_DIR

SECRET_KEY = "bench-only-secret-key"


def free_port() -> int:
    """A loopback TCP port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_answers(port: int) -> bool:
    """True when something accepts connections on 127.0.0.1:port."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class GunicornServer:
    """`gunicorn -w N wsgi:app` on 127.0.0.1:<free port> with the given database."""

    def __init__(self, database_url: str, *, workers: int = 2) -> None:
        self.port = free_port()
        self.database_url = database_url
        self.workers = workers
        self.log_path = DATA_DIR / "gunicorn.log"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60.0) -> GunicornServer:
        """Start and wait until the sign-in page answers (it needs no database schema check,
        unlike /healthz, which says 503 while migration heads are being re-chained)."""
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "GERMBANK_DATABASE_URL": self.database_url,
               "GERMBANK_SECRET_KEY": SECRET_KEY, "PYTHONPATH": str(REPO_DIR)}
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", str(self.workers),
             "-b", f"127.0.0.1:{self.port}", "--timeout", "120", "wsgi:app"],
            cwd=REPO_DIR, env=env, stdout=self._log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log_path.read_text()[-2000:]}")
            if port_answers(self.port):
                status, _body, _headers = Client(self.port).get("/login")
                if status == 200:
                    return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {timeout} s")

    def stop(self) -> None:
        """Stop gunicorn (SIGTERM; its workers finish their request first)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "_log", None):
            self._log.close()

    def __enter__(self) -> GunicornServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


class Client:
    """One keep-alive HTTP connection with optional cookie or bearer token."""

    def __init__(self, port: int, *, headers: dict[str, str] | None = None) -> None:
        self.port = port
        self.headers = dict(headers or {})
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None
                ) -> tuple[int, bytes, http.client.HTTPMessage]:
        """Send one request and read the whole response."""
        all_headers = {**self.headers, **(headers or {})}
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=body, headers=all_headers)
                response = self.connection.getresponse()
                return response.status, response.read(), response.headers
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()  # the worker closed the keep-alive: reconnect once
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def get(self, path: str, params: dict | None = None):
        """GET path?params."""
        return self.request("GET", path + (f"?{urlencode(params)}" if params else ""))

    def timed_get(self, path: str, params: dict | None = None) -> tuple[float, int, bytes]:
        """(milliseconds, status, body) of one GET."""
        started = time.perf_counter()
        status, body, _headers = self.get(path, params)
        return (time.perf_counter() - started) * 1000, status, body


def sign_in(port: int, username: str, password: str) -> str:
    """Sign in through the login form; return the `Cookie` header value of the session."""
    client = Client(port, headers={"Accept-Language": "en"})
    status, body, headers = client.get("/login")
    cookie = _cookies(headers)
    match = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', body) or re.search(
        rb'value="([^"]+)"[^>]*name="csrf_token"', body)
    if status != 200 or match is None:
        raise RuntimeError(f"no sign-in form at /login (status {status})")
    form = urlencode({"csrf_token": match.group(1).decode(), "username": username,
                      "password": password}).encode()
    status, body, headers = client.request("POST", "/login", form, {
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    if status != 302:
        raise RuntimeError(f"sign-in as {username} failed with status {status}")
    return _cookies(headers) or cookie


def _cookies(headers: http.client.HTTPMessage) -> str:
    return "; ".join(value.split(";", 1)[0] for value in headers.get_all("Set-Cookie") or [])
