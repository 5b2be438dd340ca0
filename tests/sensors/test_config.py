"""Subscriber settings from URLs and GERMBANK_MQTT_* variables."""

from __future__ import annotations

import pytest

from sensors.config import SubscriberConfig


def test_defaults_point_at_the_local_broker_with_a_persistent_session():
    config = SubscriberConfig.from_env({})
    assert (config.host, config.port, config.tls) == ("127.0.0.1", 1883, False)
    assert config.session_expiry > 0
    assert config.receive_maximum > config.batch_size
    assert config.subscriptions() == [
        "germbank/v1/+/+/telemetry", "germbank/v1/+/+/status"
    ]


def test_url_with_credentials_and_tls():
    config = SubscriberConfig.from_url("mqtts://ingest:p%40ss@broker.example:8884")
    assert (config.host, config.port, config.tls) == ("broker.example", 8884, True)
    assert (config.username, config.password) == ("ingest", "p@ss")
    assert config.url == "mqtts://broker.example:8884"  # no password in logs


def test_shared_subscription_only_for_telemetry():
    config = SubscriberConfig.from_env({"GERMBANK_MQTT_SHARED_GROUP": "germbank-ingest"})
    assert config.subscriptions() == [
        "$share/germbank-ingest/germbank/v1/+/+/telemetry", "germbank/v1/+/+/status"
    ]


def test_environment_settings():
    config = SubscriberConfig.from_env({
        "GERMBANK_MQTT_URL": "mqtt://10.0.0.5",
        "GERMBANK_MQTT_CLIENT_ID": "ingest-2",
        "GERMBANK_MQTT_BATCH_SIZE": "1000",
        "GERMBANK_MQTT_BATCH_INTERVAL": "0.5",
        "GERMBANK_MQTT_CA_CERTS": "/etc/ssl/ca.pem",
        "GERMBANK_MQTT_RETRY_MAX": "4",
    })
    assert (config.host, config.client_id, config.batch_size) == ("10.0.0.5", "ingest-2", 1000)
    assert config.batch_interval == 0.5
    assert config.ca_certs == "/etc/ssl/ca.pem"
    assert (config.retry_initial, config.retry_max) == (0.5, 4.0)


def test_bad_settings_say_which():
    with pytest.raises(ValueError, match="GERMBANK_MQTT_BATCH_SIZE='lots' is not a number"):
        SubscriberConfig.from_env({"GERMBANK_MQTT_BATCH_SIZE": "lots"})
    with pytest.raises(ValueError, match="unsupported broker URL scheme 'http'"):
        SubscriberConfig.from_url("http://127.0.0.1")


def test_mqtt_311_fallback_for_brokers_without_v5():
    assert SubscriberConfig.from_env({"GERMBANK_MQTT_VERSION": "3.1.1"}).mqtt_version == 311
    with pytest.raises(ValueError, match="must be 5 or 3.1.1"):
        SubscriberConfig.from_env({"GERMBANK_MQTT_VERSION": "4"})
