"""Subscriber settings, from a broker URL and GERMBANK_MQTT_* variables.

Why a frozen dataclass: the subscriber, `python -m sensors`, `make run` and the benchmarks all
build the same settings, and every default (session expiry, inflight window, batch size) is a
decision worth reading in one place.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from urllib.parse import unquote, urlsplit

from sensors.decoders import DEFAULT_MAX_PAYLOAD_BYTES, STATUS_FILTER, TELEMETRY_FILTER

DEFAULT_URL = "mqtt://127.0.0.1:1883"
SHARED_GROUP = "germbank-ingest"


@dataclass(frozen=True)
class SubscriberConfig:
    """How the ingest subscriber connects, subscribes and batches."""

    host: str = "127.0.0.1"
    port: int = 1883
    client_id: str = "germbank-ingest"
    username: str | None = None
    password: str | None = None
    tls: bool = False
    ca_certs: str | None = None
    certfile: str | None = None
    keyfile: str | None = None
    tls_insecure: bool = False
    keepalive: int = 30
    # The broker keeps our subscriptions and queued messages this long while we are down.
    session_expiry: int = 7 * 24 * 3600
    # MQTT v5 Receive Maximum: how many unacknowledged messages the broker may send us. It must
    # exceed the batch size, or a batch could only ever fill on its timer.
    receive_maximum: int = 2000
    # 5 (default) or 311: MQTT 3.1.1 with clean_session=False, for brokers without v5
    # (the embedded demo broker); the session then lasts as long as the broker keeps it.
    mqtt_version: int = 5
    # Set to share the telemetry load between several subscribers ($share/<group>/...).
    shared_group: str | None = None
    batch_size: int = 500
    batch_interval: float = 0.2
    max_payload_bytes: int = DEFAULT_MAX_PAYLOAD_BYTES
    drain_timeout: float = 15.0
    retry_initial: float = 0.5
    # Storage retries back off up to this: after an outage the first commit comes at most this
    # long after the database is back, while a dead database is asked only every few seconds.
    retry_max: float = 10.0
    reconnect_min: int = 1
    reconnect_max: int = 30

    @property
    def url(self) -> str:
        """The broker URL without credentials (safe to log)."""
        return f"{'mqtts' if self.tls else 'mqtt'}://{self.host}:{self.port}"

    def subscriptions(self) -> list[str]:
        """Topic filters: telemetry (shared when configured) and status (never shared).

        Status stays a normal subscription because brokers do not deliver retained messages
        to shared subscriptions, and the retained status is how we learn who is offline.
        """
        telemetry = TELEMETRY_FILTER
        if self.shared_group:
            telemetry = f"$share/{self.shared_group}/{TELEMETRY_FILTER}"
        return [telemetry, STATUS_FILTER]

    def with_(self, **changes) -> SubscriberConfig:
        """A copy with some settings changed."""
        return replace(self, **changes)

    @classmethod
    def from_url(cls, url: str = DEFAULT_URL, **overrides) -> SubscriberConfig:
        """Settings from `mqtt://[user:pass@]host[:port]` or `mqtts://...` plus overrides."""
        parts = urlsplit(url if "://" in url else f"mqtt://{url}")
        if parts.scheme not in ("mqtt", "mqtts", "tcp", "ssl"):
            raise ValueError(f"unsupported broker URL scheme {parts.scheme!r} in {url!r}")
        tls = parts.scheme in ("mqtts", "ssl")
        values = {
            "host": parts.hostname or "127.0.0.1",
            "port": parts.port or (8883 if tls else 1883),
            "tls": tls,
            "username": unquote(parts.username) if parts.username else None,
            "password": unquote(parts.password) if parts.password else None,
        }
        values.update(overrides)
        return cls(**values)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides) -> SubscriberConfig:
        """Settings from GERMBANK_MQTT_URL and the other GERMBANK_MQTT_* variables."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        text_settings = {
            "CLIENT_ID": "client_id", "USERNAME": "username", "PASSWORD": "password",
            "CA_CERTS": "ca_certs", "CERTFILE": "certfile", "KEYFILE": "keyfile",
            "SHARED_GROUP": "shared_group",
        }
        number_settings = {
            "SESSION_EXPIRY": int, "RECEIVE_MAXIMUM": int, "BATCH_SIZE": int,
            "BATCH_INTERVAL": float, "MAX_PAYLOAD_BYTES": int, "KEEPALIVE": int,
            "VERSION": int, "RETRY_INITIAL": float, "RETRY_MAX": float,
        }
        for suffix, name in text_settings.items():
            if env.get(f"GERMBANK_MQTT_{suffix}"):
                values[name] = env[f"GERMBANK_MQTT_{suffix}"]
        for suffix, convert in number_settings.items():
            raw = env.get(f"GERMBANK_MQTT_{suffix}")
            if raw:
                try:
                    if suffix == "VERSION":  # "5", "311" or "3.1.1"
                        values["mqtt_version"] = convert(raw.replace(".", ""))
                    else:
                        values[suffix.lower()] = convert(raw)
                except ValueError as exc:
                    raise ValueError(f"GERMBANK_MQTT_{suffix}={raw!r} is not a number") from exc
        if env.get("GERMBANK_MQTT_TLS_INSECURE", "").lower() in ("1", "true", "yes"):
            values["tls_insecure"] = True
        values.update(overrides)
        if values.get("mqtt_version", 5) not in (5, 311):
            raise ValueError("GERMBANK_MQTT_VERSION must be 5 or 3.1.1")
        return cls.from_url(env.get("GERMBANK_MQTT_URL") or DEFAULT_URL, **values)
