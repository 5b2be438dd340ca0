"""A private Mosquitto broker on a free loopback port, for tests, benchmarks and `make run`.

Why not the machine's broker on 1883: a test that restarts the broker or fills a persistent
session must own it, and must never disturb (or be disturbed by) a broker someone else uses.

The configuration follows what a restart test needs (see docs/mqtt.md, "Test brokers"):
`persistence true` with a `persistence_location` in our own directory, `user <current user>` so
that a broker started as root does not drop to `mosquitto` and then fail to write a directory
root created (a restarted broker would come back without sessions), and `max_queued_messages 0`
so a persistent session queues everything while the subscriber is down.
"""

from __future__ import annotations

import getpass
import logging
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

MOSQUITTO = "/usr/sbin/mosquitto"
MOSQUITTO_PASSWD = "/usr/bin/mosquitto_passwd"


class BrokerError(RuntimeError):
    """The broker could not be started or did not answer in time."""


@dataclass(frozen=True)
class TlsFiles:
    """Server certificate files for a TLS listener (PEM paths)."""

    certfile: str
    keyfile: str
    cafile: str | None = None


def free_port(host: str = "127.0.0.1") -> int:
    """Return a TCP port that nothing listens on right now (the kernel picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def port_answers(host: str, port: int, timeout: float = 0.5) -> bool:
    """True when something accepts TCP connections on host:port."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def mosquitto_available(executable: str = MOSQUITTO) -> bool:
    """True when the Mosquitto binary is installed (tests skip, `make run` falls back)."""
    return Path(executable).exists() or shutil.which("mosquitto") is not None


class MosquittoBroker:
    """Runs `mosquitto -c CONF` on 127.0.0.1:<free port> with its own data directory.

    `restart()` keeps the port and the persistence file, so persistent sessions survive a
    graceful restart; `kill()` is the SIGKILL a real crash would be (sessions since the last
    autosave are lost, as with a real broker).
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int | None = None,
        data_dir: str | os.PathLike | None = None,
        persistence: bool = True,
        autosave_interval: int = 30,
        max_inflight_messages: int = 1000,
        passwords: dict[str, str] | None = None,
        acl: str | None = None,
        tls: TlsFiles | None = None,
        extra_config: str = "",
        executable: str | None = None,
    ) -> None:
        self.host = host
        self.port = port or free_port(host)
        self._own_dir = data_dir is None
        self.data_dir = Path(data_dir or tempfile.mkdtemp(prefix="germbank-mosquitto-"))
        self.persistence = persistence
        self.autosave_interval = autosave_interval
        self.max_inflight_messages = max_inflight_messages
        self.passwords = passwords or {}
        self.acl = acl
        self.tls = tls
        self.extra_config = extra_config
        self.executable = executable or (
            MOSQUITTO if Path(MOSQUITTO).exists() else shutil.which("mosquitto") or MOSQUITTO
        )
        self._process: subprocess.Popen | None = None

    # -- configuration ---------------------------------------------------------------------

    @property
    def config_path(self) -> Path:
        """Where the generated mosquitto.conf lives."""
        return self.data_dir / "mosquitto.conf"

    @property
    def log_path(self) -> Path:
        """The broker's own log file (read it when a test fails)."""
        return self.data_dir / "mosquitto.log"

    @property
    def url(self) -> str:
        """`mqtt://host:port` (or `mqtts://`) for clients and GERMBANK_MQTT_URL."""
        scheme = "mqtts" if self.tls else "mqtt"
        return f"{scheme}://{self.host}:{self.port}"

    def _write_config(self) -> None:
        """Write the configuration and, when asked for, the password and ACL files."""
        lines = [
            f"listener {self.port} {self.host}",
            f"user {getpass.getuser()}",
            f"persistence {'true' if self.persistence else 'false'}",
            f"persistence_location {self.data_dir}/",
            f"autosave_interval {self.autosave_interval}",
            "max_queued_messages 0",
            "max_queued_bytes 0",
            f"max_inflight_messages {self.max_inflight_messages}",
            f"log_dest file {self.log_path}",
            "log_type error",
            "log_type warning",
            "log_type notice",
            "log_type information",
            "connection_messages true",
        ]
        if self.passwords:
            password_file = self.data_dir / "passwords"
            password_file.write_text("")
            for username, password in self.passwords.items():
                subprocess.run(
                    [MOSQUITTO_PASSWD, "-b", str(password_file), username, password],
                    check=True,
                    capture_output=True,
                )
            lines += ["allow_anonymous false", f"password_file {password_file}"]
        else:
            lines.append("allow_anonymous true")
        if self.acl is not None:
            acl_file = self.data_dir / "acl"
            acl_file.write_text(self.acl)
            lines.append(f"acl_file {acl_file}")
        if self.tls:
            lines += [f"certfile {self.tls.certfile}", f"keyfile {self.tls.keyfile}"]
            if self.tls.cafile:
                lines.append(f"cafile {self.tls.cafile}")
        if self.extra_config:
            lines.append(self.extra_config)
        self.config_path.write_text("\n".join(lines) + "\n")

    # -- lifecycle -----------------------------------------------------------------------

    @property
    def is_running(self) -> bool:
        """True while the broker process is alive."""
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        """The broker's process id while it runs."""
        return self._process.pid if self.is_running else None

    def start(self, timeout: float = 10.0) -> MosquittoBroker:
        """Start the broker and return once it accepts connections (BrokerError otherwise)."""
        if self.is_running:
            return self
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._write_config()
        self._process = subprocess.Popen(
            [self.executable, "-c", str(self.config_path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,  # a Ctrl-C meant for us must not kill it before we drain
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                stderr = self._process.stderr.read().decode(errors="replace")
                raise BrokerError(
                    f"mosquitto exited with {self._process.returncode} on port {self.port}: "
                    f"{stderr.strip()} {self._log_tail()}"
                )
            if port_answers(self.host, self.port, timeout=0.2):
                log.info("mosquitto %s listening on %s", self._process.pid, self.url)
                return self
            time.sleep(0.02)
        self.kill()
        raise BrokerError(f"mosquitto did not listen on {self.url} within {timeout} s")

    def stop(self, timeout: float = 10.0) -> None:
        """Stop gracefully (SIGTERM): the broker saves its sessions to disk first."""
        if not self.is_running:
            return
        self._process.send_signal(signal.SIGTERM)
        try:
            self._process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            log.warning("mosquitto %s ignored SIGTERM, killing it", self._process.pid)
            self.kill()
        self._close_pipes()

    def kill(self) -> None:
        """Crash the broker (SIGKILL): sessions since the last autosave are gone."""
        if self._process is None:
            return
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait(timeout=10)
        self._close_pipes()

    def restart(self, downtime: float = 0.0) -> MosquittoBroker:
        """Graceful stop, optional pause, start again on the same port with the same data."""
        self.stop()
        if downtime:
            time.sleep(downtime)
        return self.start()

    def close(self) -> None:
        """Stop the broker and remove the temporary directory we created."""
        self.stop()
        if self._own_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def _close_pipes(self) -> None:
        if self._process is not None and self._process.stderr:
            self._process.stderr.close()

    def _log_tail(self, lines: int = 20) -> str:
        """Last lines of the broker log, to make a start-up failure explain itself."""
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def __enter__(self) -> MosquittoBroker:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "running" if self.is_running else "stopped"
        return f"<MosquittoBroker {self.url} {state} data={self.data_dir}>"
