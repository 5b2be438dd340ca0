"""The subscriber over TLS (mqtts://) against a Mosquitto TLS listener with our own CA."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from sensors.broker import MosquittoBroker, TlsFiles
from sensors.client import Subscriber
from sensors.config import SubscriberConfig
from sensors.publisher import BulkPlan
from sensors.sink import MemorySink

pytestmark = [pytest.mark.mqtt,
              pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")]


def make_certificates(directory) -> TlsFiles:
    """A throwaway CA and a server certificate for 127.0.0.1."""
    def run(*args):
        subprocess.run(["openssl", *args], cwd=directory, check=True, capture_output=True)

    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=test-ca",
        "-keyout", "ca.key", "-out", "ca.pem")
    run("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
        "-keyout", "server.key", "-out", "server.csr")
    (directory / "san.ext").write_text("subjectAltName=IP:127.0.0.1\n")
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-days", "2", "-extfile", "san.ext", "-out", "server.pem")
    return TlsFiles(str(directory / "server.pem"), str(directory / "server.key"),
                    str(directory / "ca.pem"))


def test_subscriber_over_tls(tmp_path, wait_until):
    tls = make_certificates(tmp_path)
    with MosquittoBroker(data_dir=tmp_path / "broker", tls=tls) as broker:
        sink = MemorySink()
        config = SubscriberConfig.from_url(broker.url, ca_certs=tls.cafile, batch_interval=0.05)
        assert config.tls
        subscriber = Subscriber(config, sink).start()
        try:
            assert subscriber.wait_subscribed(10)
            import paho.mqtt.client as mqtt
            from paho.mqtt.enums import CallbackAPIVersion

            plan = BulkPlan(200, devices=4)
            client = mqtt.Client(CallbackAPIVersion.VERSION2)
            client.tls_set(ca_certs=tls.cafile)
            client.connect(broker.host, broker.port)
            client.loop_start()
            for i in range(plan.messages):
                client.publish(plan.topic(i), plan.payload(i), qos=1)
            wait_until(lambda: sink.count() == 600, what="600 readings over TLS")
            client.disconnect()
            client.loop_stop()
            assert set(sink.readings) == plan.expected_keys()
        finally:
            subscriber.stop()
