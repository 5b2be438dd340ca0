"""A private PostgreSQL cluster (initdb + pg_ctl) on a free port, for fault-injection tests.

Why private: a test that stops and restarts PostgreSQL must own the server, never the machine's
shared one on 5432 that other tests and people use. initdb refuses to run as root, so when the
tests run as root every server command runs as the `postgres` system user through `runuser`
(the cluster's directory is created for that user); as any other user it runs directly.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import sqlalchemy as sa

from sensors.broker import free_port

PG_BIN = Path(os.environ.get("GERMBANK_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))
SERVER_USER = "postgres"


def _runuser() -> str | None:
    return shutil.which("runuser") or next(
        (path for path in ("/usr/sbin/runuser", "/sbin/runuser") if Path(path).exists()), None
    )


def unavailable_reason() -> str | None:
    """Why a private cluster cannot be started here (None when it can)."""
    for tool in ("initdb", "pg_ctl"):
        if not (PG_BIN / tool).exists():
            return f"{PG_BIN / tool} is missing (PostgreSQL 15 server binaries)"
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError:
        return f"running as root and there is no {SERVER_USER!r} user to run initdb as"
    if _runuser() is None:
        return "running as root and runuser is missing to run initdb as another user"
    return None


class PrivatePostgres:
    """One throw-away cluster: `start()`, `stop()` (pg_ctl -m fast), `url(db)`, `close()`."""

    def __init__(self) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="germbank-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        self._as_root = os.geteuid() == 0
        if self._as_root:
            account = pwd.getpwnam(SERVER_USER)
            os.chown(self.dir, account.pw_uid, account.pw_gid)
        self._command(
            "initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
            "--no-sync", "--locale=C",
        )

    def _command(self, tool: str, *args: str, timeout: float = 120) -> str:
        command = [str(PG_BIN / tool), *args]
        if self._as_root:
            command = [_runuser(), "-u", SERVER_USER, "--", *command]
        done = subprocess.run(command, cwd=self.dir, capture_output=True, text=True,
                              timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"{tool} failed ({done.returncode}): {done.stdout}{done.stderr}"
                               f"\n{self.log_tail()}")
        return done.stdout

    def start(self) -> PrivatePostgres:
        """Start and wait until it accepts connections (pg_ctl -w)."""
        options = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c max_connections=40")
        self._command("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "90",
                      "-o", options, "start")
        return self

    def stop(self, mode: str = "fast") -> None:
        """Stop the server; `fast` ends every session at once, as an admin's restart does."""
        self._command("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "90", "stop")

    @property
    def running(self) -> bool:
        """True while the postmaster's pid file exists (pg_ctl status)."""
        command = [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "status"]
        if self._as_root:
            command = [_runuser(), "-u", SERVER_USER, "--", *command]
        return subprocess.run(command, cwd=self.dir, capture_output=True).returncode == 0

    def url(self, database: str = "postgres") -> str:
        """SQLAlchemy URL of `database` on this cluster (trust auth, user postgres)."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """Create an empty database and return its URL."""
        engine = sa.create_engine(self.url(), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        finally:
            engine.dispose()
        return self.url(name)

    def log_tail(self, lines: int = 30) -> str:
        """The end of the server log, for failure messages."""
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def close(self) -> None:
        """Stop the server if it runs (immediately) and delete the cluster."""
        try:
            if self.running:
                self.stop("immediate")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
