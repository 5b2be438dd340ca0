"""`python -m sensors.stack` (what `make run` starts after migrations and demo data).

Brings up everything a demo needs, each as a child process with prefixed logs:
1. a broker: the one at GERMBANK_MQTT_URL (default mqtt://127.0.0.1:1883) if it answers,
   else Mosquitto on that port if installed (sessions kept under .run/mosquitto), else the
   embedded amqtt broker (demo only, MQTT 3.1.1) — and it says which;
2. the ingest subscriber (`python -m sensors`);
3. the simulator with a backlog of a few days, then live readings;
4. the web app under gunicorn on 127.0.0.1:8000.
Ctrl-C (or SIGTERM) stops them all, the subscriber first draining what it holds.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from sensors.broker import MosquittoBroker, mosquitto_available, port_answers
from sensors.config import SubscriberConfig

RUN_DIR = Path(".run")


def say(prefix: str, line: str) -> None:
    """One prefixed log line on stdout."""
    sys.stdout.write(f"[{prefix:>9}] {line}\n")
    sys.stdout.flush()


class Child:
    """A child process whose output lines are echoed with a prefix."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str],
                 ready_text: str | None = None) -> None:
        self.name = name
        self.ready = threading.Event()
        self._ready_text = ready_text
        self.process = subprocess.Popen(
            argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            bufsize=1, start_new_session=True,
        )
        self._pump = threading.Thread(target=self._echo, daemon=True)
        self._pump.start()

    def _echo(self) -> None:
        for line in self.process.stdout:
            say(self.name, line.rstrip())
            if self._ready_text and self._ready_text in line:
                self.ready.set()

    def alive(self) -> bool:
        """True while the process runs."""
        return self.process.poll() is None

    def stop(self, timeout: float = 20.0) -> None:
        """SIGTERM, wait, SIGKILL if it will not go."""
        if not self.alive():
            return
        self.process.terminate()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            say("stack", f"{self.name} did not stop in {timeout:.0f} s: killing it")
            self.process.kill()
            self.process.wait(5)


def choose_broker(url: str, env: dict[str, str]) -> tuple[str, MosquittoBroker | None,
                                                          Child | None]:
    """Use, start or embed a broker; returns (url, mosquitto we started, embedded child)."""
    config = SubscriberConfig.from_url(url)
    if port_answers(config.host, config.port):
        say("stack", f"broker: using the one already answering at {config.url}")
        return url, None, None
    if mosquitto_available():
        data = RUN_DIR / "mosquitto"
        data.mkdir(parents=True, exist_ok=True)
        broker = MosquittoBroker(host=config.host, port=config.port, data_dir=data).start()
        say("stack", f"broker: started Mosquitto at {broker.url} (sessions kept in {data})")
        return broker.url, broker, None
    child = Child("broker", [sys.executable, "-m", "sensors.embedded_broker",
                             "--host", config.host, "--port", str(config.port)], env)
    for _ in range(100):
        if port_answers(config.host, config.port):
            break
        time.sleep(0.1)
    env["GERMBANK_MQTT_VERSION"] = "311"
    say("stack", f"broker: no broker and no Mosquitto here, started the embedded amqtt "
                 f"broker at {config.url} (demo only: MQTT 3.1.1, sessions in memory)")
    return url, None, child


def main(argv: list[str] | None = None) -> int:
    """Start the stack and wait for Ctrl-C."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backlog-days", type=float, default=3.0)
    parser.add_argument("--interval", type=float, default=10.0,
                        help="seconds between live samples per simulated device")
    parser.add_argument("--bind", default="127.0.0.1:8000")
    parser.add_argument("--no-simulator", action="store_true")
    args = parser.parse_args(argv)

    env = dict(os.environ)
    env.setdefault("GERMBANK_DEMO", "1")
    env["PYTHONUNBUFFERED"] = "1"
    url = env.get("GERMBANK_MQTT_URL") or "mqtt://127.0.0.1:1883"
    url, mosquitto, embedded = choose_broker(url, env)
    env["GERMBANK_MQTT_URL"] = url

    children: list[Child] = [c for c in (embedded,) if c is not None]
    subscriber = Child("subscriber", [sys.executable, "-m", "sensors"], env,
                       ready_text="subscribed to")
    children.append(subscriber)
    # The backlog must find the subscriber's session, or the broker has nobody to keep it for.
    if not subscriber.ready.wait(60):
        say("stack", "the subscriber did not subscribe within 60 s; starting the rest anyway")
    if not args.no_simulator:
        children.append(Child("simulator", [
            sys.executable, "-m", "sensors.simulator", "--url", url,
            "--backlog-days", str(args.backlog_days), "--interval", str(args.interval),
        ], env))
    children.append(Child("web", [
        sys.executable, "-m", "gunicorn", "--bind", args.bind, "--workers", "2",
        "--access-logfile", "-", "wsgi:app",
    ], env))
    _announce(args.bind)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())  # also when started in the background
    try:
        while not stop.wait(1.0):
            for child in children:
                if not child.alive():
                    say("stack", f"{child.name} exited with {child.process.returncode}; "
                                 "stopping everything")
                    stop.set()
    except KeyboardInterrupt:
        pass
    say("stack", "stopping (the subscriber drains what it holds first)")
    for child in reversed(children):
        child.stop()
    if mosquitto is not None:
        mosquitto.stop()
    say("stack", "stopped")
    return 0


def _announce(bind: str) -> None:
    """Print where to go and who to sign in as (the demo users of germbank.demo)."""
    try:
        from germbank.demo import DEMO_PASSWORD, DEMO_USERS
    except ImportError:  # pragma: no cover - the foundation always has them
        DEMO_PASSWORD, DEMO_USERS = "", ()  # noqa: N806
    say("stack", f"GermBank: http://{bind}/  (Ctrl-C stops everything)")
    if DEMO_USERS:
        users = ", ".join(f"{name} ({role})" for name, role, _full in DEMO_USERS)
        say("stack", f"demo sign-ins, password {DEMO_PASSWORD}: {users}")
    say("stack", "devices: /devices/ · ingest health: /devices/health · monitoring: /monitoring/")


if __name__ == "__main__":
    sys.exit(main())
