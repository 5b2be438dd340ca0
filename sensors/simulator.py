"""Publish realistic readings for the bank's locations: a backlog of history, then live.

`python -m sensors.simulator` (and `germbank sensors simulate`) stands in for the real devices in
demos and manual tests. Each live device is its own MQTT client with a retained `online` status
and a Last Will `offline`, so the device page shows devices dropping out when a simulated
device goes silent (it closes its connection abruptly and the broker publishes its Will).

The backlog mode publishes N days of history quickly as batch arrays with explicit `ts`, the
way a device that buffered while offline would, so charts have something to show at once.
Values come from sensors.environment and depend only on (seed, device, time).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from sensors.environment import (
    GREENHOUSE_BAY,
    SOIL_PROBE,
    STORE_ROOM,
    DeviceSpec,
    is_silent,
    sample_times,
    sample_values,
)
from sensors.wire import WirePublisher

log = logging.getLogger(__name__)


def default_devices(site: str = "yuanjiang") -> list[DeviceSpec]:
    """The demo bank's devices and the locations they are placed in (docs/FOUNDATION.md)."""
    return [
        DeviceSpec("th-st1-dry-01", STORE_ROOM, site, location="ST1-DRY",
                   setpoint_c=15, setpoint_rh=20),
        DeviceSpec("th-st1-r1-01", STORE_ROOM, site, location="ST1-R1"),
        DeviceSpec("th-st1-r1-02", STORE_ROOM, site, form="flat", location="ST1-R1"),
        DeviceSpec("th-st1-r2-01", STORE_ROOM, site, form="epoch", location="ST1-R2"),
        DeviceSpec("th-st1-r3-01", STORE_ROOM, site, location="ST1-R3",
                   setpoint_c=4, setpoint_rh=35),
        DeviceSpec("env-gh1-b1-01", GREENHOUSE_BAY, site, location="GH1-B1"),
        DeviceSpec("env-gh1-b2-01", GREENHOUSE_BAY, site, form="epoch", location="GH1-B2"),
        DeviceSpec("soil-gh1-b1-01", SOIL_PROBE, site, interval_s=300, location="GH1-B1"),
        DeviceSpec("soil-gh1-b2-01", SOIL_PROBE, site, interval_s=300, form="flat",
                   location="GH1-B2"),
    ]


def load_devices(path: str | Path) -> list[DeviceSpec]:
    """Devices from a JSON list of DeviceSpec fields (device_id, kind, site, interval_s, ...)."""
    return [DeviceSpec(**item) for item in json.loads(Path(path).read_text())]


def telemetry_topic(spec: DeviceSpec) -> str:
    """Where the device publishes readings."""
    return f"germbank/v1/{spec.site}/{spec.device_id}/telemetry"


def status_topic(spec: DeviceSpec) -> str:
    """Where the device's retained online/offline status (and Last Will) goes."""
    return f"germbank/v1/{spec.site}/{spec.device_id}/status"


def _iso(ts: datetime) -> str:
    return ts.astimezone(UTC).isoformat().replace("+00:00", "Z")


def live_payload(spec: DeviceSpec, ts: datetime, values: dict[str, float]) -> bytes:
    """One sample in the device's own form (docs/mqtt.md, "Payloads")."""
    if spec.form == "flat":
        return json.dumps({**values, "linkquality": 96}).encode()  # no ts: receive time
    if spec.form == "epoch":
        return json.dumps({"ts": int(ts.timestamp() * 1000), "values": values}).encode()
    return json.dumps({"ts": _iso(ts), "values": values}).encode()


def batch_payload(samples: Iterable[tuple[datetime, dict[str, float]]]) -> bytes:
    """A batch array, as a device sends what it buffered while offline."""
    return json.dumps([{"ts": _iso(ts), "values": values} for ts, values in samples]).encode()


class Simulator:
    """Simulated devices publishing to one broker."""

    def __init__(
        self,
        host: str,
        port: int,
        devices: list[DeviceSpec] | None = None,
        *,
        seed: int = 1,
        interval_s: float | None = None,
        username: str | None = None,
        password: str | None = None,
    ) -> None:
        self.host, self.port = host, port
        self.devices = devices if devices is not None else default_devices()
        self.seed = seed
        self.interval_s = interval_s
        self.username, self.password = username, password
        self._stop = threading.Event()

    # -- backlog -------------------------------------------------------------------------

    def backlog_messages(
        self, days: float, end: datetime, batch_size: int = 60
    ) -> list[tuple[bytes, bytes]]:
        """(topic, payload) batch arrays covering `days` before `end`, silences left out."""
        start = end - timedelta(days=days)
        messages = []
        for spec in self.devices:
            samples = [
                (ts, sample_values(self.seed, spec, ts))
                for ts in sample_times(spec, start, end)
                if not is_silent(self.seed, spec, ts)
            ]
            topic = telemetry_topic(spec).encode()
            for first in range(0, len(samples), batch_size):
                messages.append((topic, batch_payload(samples[first : first + batch_size])))
        return messages

    def publish_backlog(self, days: float, end: datetime | None = None) -> int:
        """Publish `days` of history at QoS 1 as fast as the broker takes it; messages sent."""
        end = end or datetime.now(UTC)
        messages = self.backlog_messages(days, end)
        publisher = WirePublisher(
            self.host, self.port, f"germbank-sim-backlog-{self.seed}",
            username=self.username, password=self.password,
        )
        try:
            publisher.publish_many(messages)
            publisher.wait()
        finally:
            publisher.close()
        readings = sum(len(json.loads(payload)) for _, payload in messages)
        log.info("backlog: %d messages, %d samples over %.1f days", len(messages), readings, days)
        return len(messages)

    # -- live ----------------------------------------------------------------------------

    def stop(self) -> None:
        """End `run()` (from another thread or a signal handler)."""
        self._stop.set()

    def run(self, duration: float | None = None) -> int:
        """Publish live until stop() or `duration` seconds; return messages published."""
        devices = [_LiveDevice(spec, self) for spec in self.devices]
        interval = {d.spec.device_id: self.interval_s or d.spec.interval_s for d in devices}
        next_due = {d.spec.device_id: time.monotonic() + i * 0.2 for i, d in enumerate(devices)}
        deadline = None if duration is None else time.monotonic() + duration
        published = 0
        try:
            while not self._stop.is_set() and (deadline is None or time.monotonic() < deadline):
                for device in devices:
                    key = device.spec.device_id
                    if time.monotonic() < next_due[key]:
                        continue
                    next_due[key] += interval[key]
                    published += device.tick(datetime.now(UTC).replace(microsecond=0))
                self._stop.wait(0.05)
        finally:
            for device in devices:
                device.shut_down()
        return published


class _LiveDevice:
    """One simulated device: its own MQTT connection, status, Last Will and silences."""

    def __init__(self, spec: DeviceSpec, simulator: Simulator) -> None:
        self.spec = spec
        self.seed = simulator.seed
        self.connected = False
        client = mqtt.Client(
            CallbackAPIVersion.VERSION2, client_id=f"germbank-sim-{spec.device_id}"
        )
        if simulator.username:
            client.username_pw_set(simulator.username, simulator.password)
        client.will_set(status_topic(spec), "offline", qos=1, retain=True)
        client.on_connect = self._on_connect
        client.reconnect_delay_set(1, 10)
        self.client = client
        self.host, self.port = simulator.host, simulator.port

    def _on_connect(self, client, userdata, flags, reason_code, properties) -> None:
        if not reason_code.is_failure:
            client.publish(status_topic(self.spec), "online", qos=1, retain=True)

    def _go_online(self) -> None:
        self.client.connect_async(self.host, self.port, keepalive=30)
        self.client.loop_start()
        self.connected = True

    def _go_silent(self) -> None:
        """Drop the connection without DISCONNECT, so the broker publishes our Will."""
        log.info("%s goes silent", self.spec.device_id)
        self.client.loop_stop()
        sock = self.client.socket()
        if sock is not None:
            sock.close()
        self.connected = False

    def tick(self, now: datetime) -> int:
        """Publish one sample unless silent; returns 1 when something was published."""
        if is_silent(self.seed, self.spec, now):
            if self.connected:
                self._go_silent()
            return 0
        if not self.connected:
            self._go_online()
        values = sample_values(self.seed, self.spec, now)
        self.client.publish(telemetry_topic(self.spec), live_payload(self.spec, now, values), qos=1)
        return 1

    def shut_down(self) -> None:
        """A device switched off properly says so before disconnecting."""
        if self.connected:
            info = self.client.publish(status_topic(self.spec), "offline", qos=1, retain=True)
            if self.client.is_connected():
                info.wait_for_publish(2)
            self.client.disconnect()
            self.client.loop_stop()
            self.connected = False


def main(argv: list[str] | None = None) -> int:
    """`python -m sensors.simulator`: optional backlog, then live publishing until Ctrl-C."""
    import argparse
    import signal

    from sensors.config import SubscriberConfig

    parser = argparse.ArgumentParser(description="Simulate GermBank's sensors over MQTT.")
    parser.add_argument("--url", help="broker URL (default: GERMBANK_MQTT_URL or local 1883)")
    parser.add_argument("--backlog-days", type=float, default=0.0,
                        help="publish this many days of history first")
    parser.add_argument("--interval", type=float, help="seconds between samples per device")
    parser.add_argument("--rate", type=float, help="messages per second across all devices")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--devices", help="JSON file listing the devices (default: demo set)")
    parser.add_argument("--duration", type=float, help="stop after this many seconds")
    parser.add_argument("--no-live", action="store_true", help="publish the backlog and exit")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    config = SubscriberConfig.from_url(args.url) if args.url else SubscriberConfig.from_env()
    devices = load_devices(args.devices) if args.devices else default_devices()
    interval = args.interval or (len(devices) / args.rate if args.rate else None)
    simulator = Simulator(config.host, config.port, devices, seed=args.seed,
                          interval_s=interval, username=config.username,
                          password=config.password)
    if args.backlog_days:
        simulator.publish_backlog(args.backlog_days)
    if args.no_live:
        return 0
    signal.signal(signal.SIGTERM, lambda *_: simulator.stop())
    try:
        published = simulator.run(duration=args.duration)
    except KeyboardInterrupt:
        simulator.stop()
        return 0
    log.info("published %d live messages", published)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
