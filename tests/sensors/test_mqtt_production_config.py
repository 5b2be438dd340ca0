"""The production broker example (deploy/mosquitto/) does what its README promises.

A real Mosquitto runs from deploy/mosquitto/mosquitto.conf and deploy/mosquitto/acl, with only
the port, the file paths, the process user and a throwaway CA and server certificate swapped
in. Against it: the GermBank subscriber signs in over TLS and stores what a device publishes
on its own topic; a device cannot publish on another device's topic nor subscribe; anonymous,
wrong-password and plain-TCP connections are refused; the persistent session survives a
broker restart (the example's persistence settings).
"""

from __future__ import annotations

import getpass
import json
import shutil
import subprocess
import threading
from datetime import UTC, datetime
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest
import sqlalchemy as sa
from paho.mqtt.enums import CallbackAPIVersion

from germbank.extensions import db
from germbank.models.sensors import Device, Reading, Series
from sensors.broker import MOSQUITTO_PASSWD, MosquittoBroker, TlsFiles
from sensors.client import Subscriber
from sensors.config import SubscriberConfig
from sensors.ingest import DatabaseSink
from tests.sensors.test_tls import make_certificates

pytestmark = [pytest.mark.mqtt,
              pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl"),
              pytest.mark.skipif(not Path(MOSQUITTO_PASSWD).exists(),
                                 reason="needs mosquitto_passwd")]

EXAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "mosquitto"
SITE = "yuanjiang"
INGEST_USER, INGEST_PASSWORD = "germbank-ingest", "ingest-Secret-2026"
DEVICE, OTHER_DEVICE = "th-st1-r1-01", "th-st1-r1-02"
PASSWORDS = {INGEST_USER: INGEST_PASSWORD, DEVICE: "device-one-pass", OTHER_DEVICE: "device-two"}


def telemetry(device: str) -> str:
    return f"germbank/v1/{SITE}/{device}/telemetry"


def render_example(substitutions: dict[str, str]) -> str:
    """The example configuration with the value of each named directive replaced.

    Every substituted directive must occur exactly once in the example, so a test cannot
    silently keep passing on settings the example no longer has.
    """
    lines = (EXAMPLE / "mosquitto.conf").read_text().splitlines()
    found = {name: 0 for name in substitutions}
    rendered = []
    for line in lines:
        name = line.split(" ", 1)[0]
        if name in substitutions:
            found[name] += 1
            line = f"{name} {substitutions[name]}"
        rendered.append(line)
    assert found == dict.fromkeys(substitutions, 1), f"example directives changed: {found}"
    return "\n".join(rendered) + "\n"


class ExampleBroker(MosquittoBroker):
    """MosquittoBroker's lifecycle (start, wait for the port, restart) on the example file."""

    def __init__(self, directory: Path, tls: TlsFiles) -> None:
        super().__init__(data_dir=directory, tls=tls)
        self.password_file = directory / "passwords"

    def _write_config(self) -> None:
        if not self.password_file.exists():
            for number, (username, password) in enumerate(PASSWORDS.items()):
                # As the README says: -c creates the file for the first account.
                create = ["-c"] if number == 0 else []
                subprocess.run([MOSQUITTO_PASSWD, *create, "-b", str(self.password_file),
                                username, password], check=True, capture_output=True)
        self.config_path.write_text(render_example({
            "listener": f"{self.port} {self.host}",
            "certfile": self.tls.certfile,
            "keyfile": self.tls.keyfile,
            "password_file": str(self.password_file),
            "acl_file": str(EXAMPLE / "acl"),
            "persistence_location": f"{self.data_dir}/",
            "user": getpass.getuser(),
            "log_dest": f"file {self.log_path}",
        }))


@pytest.fixture
def example_broker(tmp_path):
    tls = make_certificates(tmp_path)
    with ExampleBroker(tmp_path / "broker", tls) as broker:
        yield broker


class Attempt:
    """One MQTT v5 client connection: what the broker answered to CONNECT, PUBLISH, SUBSCRIBE."""

    def __init__(self, broker, username=None, password=None, *, tls=True, client_id=None):
        self.connack = None
        self.acks: dict[int, object] = {}
        self.subacks: dict[int, list] = {}
        self.messages: list[tuple[str, bytes]] = []
        self.done = threading.Event()
        self.acked = threading.Condition()
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id or "",
                                  protocol=mqtt.MQTTv5)
        if username:
            self.client.username_pw_set(username, password)
        if tls:
            self.client.tls_set(ca_certs=broker.tls.cafile)
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = lambda *args: self.done.set()
        self.client.on_publish = self._on_publish
        self.client.on_subscribe = self._on_subscribe
        self.client.on_message = self._on_message
        self.client.connect_async(broker.host, broker.port)
        self.client.loop_start()

    def _on_connect(self, client, userdata, flags, reason_code, properties):
        self.connack = reason_code
        self.done.set()

    def _on_publish(self, client, userdata, mid, reason_code, properties):
        with self.acked:
            self.acks[mid] = reason_code
            self.acked.notify_all()

    def _on_subscribe(self, client, userdata, mid, reason_codes, properties):
        with self.acked:
            self.subacks[mid] = reason_codes
            self.acked.notify_all()

    def _on_message(self, client, userdata, message):
        self.messages.append((message.topic, message.payload))

    def wait_answer(self) -> Attempt:
        assert self.done.wait(10), "no CONNACK and no disconnect within 10 s"
        return self

    @property
    def connected(self) -> bool:
        return self.connack is not None and not self.connack.is_failure

    def publish(self, topic, payload, retain=False):
        """Publish with QoS 1 and return the broker's PUBACK reason code."""
        info = self.client.publish(topic, payload, qos=1, retain=retain)
        with self.acked:
            assert self.acked.wait_for(lambda: info.mid in self.acks, 10), "no PUBACK"
            return self.acks[info.mid]

    def subscribe(self, topic):
        """Subscribe and return the SUBACK reason codes.

        The SUBACK also serves as a barrier: the broker writes it after every message it had
        already routed to this client, and paho handles packets in order.
        """
        result, mid = self.client.subscribe(topic, qos=1)
        assert result == mqtt.MQTT_ERR_SUCCESS, result
        with self.acked:
            assert self.acked.wait_for(lambda: mid in self.subacks, 10), "no SUBACK"
            return self.subacks[mid]

    def close(self):
        self.client.disconnect()
        self.client.loop_stop()


def reading(ts: str, temperature: float) -> str:
    return json.dumps({"ts": ts, "values": {"temperature": temperature}})


def subscriber_config(broker) -> SubscriberConfig:
    """The subscriber configured the way the README tells an operator to configure it."""
    config = SubscriberConfig.from_env({
        "GERMBANK_MQTT_URL": f"mqtts://{broker.host}:{broker.port}",
        "GERMBANK_MQTT_USERNAME": INGEST_USER,
        "GERMBANK_MQTT_PASSWORD": INGEST_PASSWORD,
        "GERMBANK_MQTT_CA_CERTS": broker.tls.cafile,
        "GERMBANK_MQTT_CLIENT_ID": "germbank-ingest-prod-test",
        "GERMBANK_MQTT_SHARED_GROUP": "germbank-ingest",
        "GERMBANK_MQTT_BATCH_INTERVAL": "0.05",
    }, retry_initial=0.05, retry_max=0.2, drain_timeout=5.0)
    return config


def stored() -> dict[tuple[str, int], float]:
    """(device code, ts) -> temperature, read afresh from the database."""
    db.session.rollback()
    rows = db.session.execute(
        sa.select(Device.code, Reading.ts, Reading.value)
        .join(Series, Series.id == Reading.series_id).join(Device, Device.id == Series.device_id)
    ).all()
    db.session.rollback()
    return {(code, ts): value for code, ts, value in rows}


T1, T2, T3 = (int(datetime(2026, 11, 27, 8, minute, tzinfo=UTC).timestamp() * 1000)
              for minute in (0, 1, 2))


def test_subscriber_with_credentials_and_tls_stores_only_what_devices_may_publish(
        app, example_broker, wait_until):
    config = subscriber_config(example_broker)
    assert config.tls and config.username == INGEST_USER
    assert config.subscriptions()[0].startswith("$share/germbank-ingest/")
    subscriber = Subscriber(config, DatabaseSink(app, client_id=config.client_id)).start()
    device = Attempt(example_broker, DEVICE, PASSWORDS[DEVICE], client_id=DEVICE)
    snoop = Attempt(example_broker, OTHER_DEVICE, PASSWORDS[OTHER_DEVICE])
    try:
        assert subscriber.wait_subscribed(15), example_broker._log_tail()
        assert device.wait_answer().connected, device.connack
        # Another device may send SUBSCRIBE (Mosquitto checks "read" per message), but the ACL
        # lets no reading through to it.
        assert snoop.wait_answer().connected, snoop.connack
        snoop.subscribe("germbank/v1/+/+/+")

        # A device writing readings for another device: refused (and Mosquitto drops an MQTT
        # v5 client that does so, hence a connection of its own). The broker decides before
        # it acknowledges, so this happens before the allowed messages below are routed.
        rogue = Attempt(example_broker, DEVICE, PASSWORDS[DEVICE]).wait_answer()
        refused = rogue.publish(telemetry(OTHER_DEVICE), reading("2026-11-27T08:00:00Z", 30))
        rogue.close()
        assert refused.getName() == "Not authorized"

        assert not device.publish(f"germbank/v1/{SITE}/{DEVICE}/status", "online",
                                  retain=True).is_failure
        assert not device.publish(telemetry(DEVICE),
                                  reading("2026-11-27T08:00:00Z", 12.5)).is_failure
        assert not device.publish(telemetry(DEVICE),
                                  reading("2026-11-27T08:01:00Z", 12.75)).is_failure
        wait_until(lambda: len(stored()) == 2, what="the device's two readings")
        assert stored() == {(DEVICE, T1): 12.5, (DEVICE, T2): 12.75}
        snoop.subscribe(f"germbank/v1/{SITE}/{DEVICE}/status")  # barrier, see subscribe()
        assert snoop.messages == []
        snoop.close()
        wait_until(lambda: db.session.scalar(
            sa.select(Device.status_online).where(Device.code == DEVICE)) is True,
            what="the retained online status")
        assert db.session.scalar(sa.select(Device).where(Device.code == OTHER_DEVICE)) is None

        # The example persists sessions: published while GermBank is down and across a
        # broker restart, the reading still arrives.
        subscriber.stop()
        assert not device.publish(telemetry(DEVICE),
                                  reading("2026-11-27T08:02:00Z", 13.0)).is_failure
        device.close()
        example_broker.restart()
        subscriber = Subscriber(config, DatabaseSink(app, client_id=config.client_id)).start()
        wait_until(lambda: len(stored()) == 3, what="the reading queued in the session")
        assert stored()[(DEVICE, T3)] == 13.0
    finally:
        subscriber.stop()
        device.close()
        snoop.close()


@pytest.mark.parametrize("username, password", [
    (None, None),
    (DEVICE, "wrong-password"),
    ("nobody", PASSWORDS[DEVICE]),
], ids=["anonymous", "wrong-password", "unknown-user"])
def test_connections_without_valid_credentials_are_refused(example_broker, username, password):
    refused = Attempt(example_broker, username, password).wait_answer()
    try:
        assert refused.connack is not None and refused.connack.is_failure
        assert refused.connack.getName() in ("Not authorized", "Bad user name or password")
    finally:
        refused.close()
    # The same broker lets the right account in, so the refusal is about the credentials.
    accepted = Attempt(example_broker, DEVICE, PASSWORDS[DEVICE]).wait_answer()
    accepted.close()
    assert accepted.connected


def test_plain_tcp_to_the_tls_listener_gets_no_mqtt_session(example_broker):
    plain = Attempt(example_broker, DEVICE, PASSWORDS[DEVICE], tls=False).wait_answer()
    plain.close()
    assert plain.connack is None, "the broker answered MQTT over plain TCP"
    # ... while the same account over TLS gets its CONNACK.
    secure = Attempt(example_broker, DEVICE, PASSWORDS[DEVICE]).wait_answer()
    secure.close()
    assert secure.connected


def test_the_example_has_no_plain_listener_and_no_anonymous_access():
    conf = (EXAMPLE / "mosquitto.conf").read_text().splitlines()
    directives = [line.split() for line in conf if line.strip() and not line.startswith("#")]
    listeners = [words for words in directives if words[0] == "listener"]
    assert listeners == [["listener", "8883", "0.0.0.0"]]
    assert ["allow_anonymous", "false"] in directives
    assert ["persistence", "true"] in directives
    assert ["max_queued_messages", "0"] in directives
    assert not any(words[0] == "port" for words in directives)  # the default 1883 listener
