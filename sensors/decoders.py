"""Decode one MQTT message into readings, a device status, or a rejection with its reason.

`decode(topic, payload, received_at)` is a pure function: no I/O, no clock, no globals that
change. It never raises for any bytes or topic: whatever a device sends becomes either
readings or a precise rejection reason that is stored and shown to technicians. That is what
lets the subscriber never crash or stall on bad input.

Speed: a subscriber doing 10,000 messages/s must decode in well under 100 µs. Marshmallow
(schemas.py) is the specification but costs tens of microseconds per message, so
`_fast_samples` accepts the common well-formed shapes with plain Python checks that implement
the same rules, and returns None at the first doubt; the schemas then decide and explain.
tests/sensors/test_decoders_fuzz.py checks that both paths agree.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from marshmallow import ValidationError

from sensors.metrics import FLAT_ALIASES, METRICS
from sensors.schemas import (
    EARLIEST_TS,
    EARLIEST_TS_MS,
    FUTURE_TOLERANCE,
    error_text,
    load_samples,
)

TOPIC_ROOT = "germbank"
TOPIC_VERSION = "v1"
TELEMETRY = "telemetry"
STATUS = "status"
TELEMETRY_FILTER = f"{TOPIC_ROOT}/{TOPIC_VERSION}/+/+/{TELEMETRY}"
STATUS_FILTER = f"{TOPIC_ROOT}/{TOPIC_VERSION}/+/+/{STATUS}"
DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024
MAX_REASON_CHARS = 500
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}\Z")
_RANGES = {key: (m.minimum, m.maximum) for key, m in METRICS.items()}


@dataclass(slots=True)
class Reading:
    """One stored value: a device's metric at an instant (UTC).

    Not frozen: a frozen dataclass's __init__ costs three times as much, and the subscriber
    builds tens of thousands of these a second.
    """

    device_id: str
    site: str
    metric: str
    ts: datetime
    value: float


@dataclass(frozen=True, slots=True)
class DeviceStatus:
    """A device's retained `online` / `offline` (its Last Will publishes `offline`)."""

    device_id: str
    site: str
    online: bool
    received_at: datetime


@dataclass(frozen=True, slots=True)
class DecodeResult:
    """What one message meant: readings, a status, or a rejection (exactly one of them).

    `site` and `device_id` are filled whenever the topic could be parsed, also for a
    rejection, so a rejected message can still be traced to its device.
    """

    topic: str
    readings: tuple[Reading, ...] = ()
    status: DeviceStatus | None = None
    rejection: str | None = None
    site: str | None = None
    device_id: str | None = None

    @property
    def rejected(self) -> bool:
        """True when the message was refused; `rejection` says why."""
        return self.rejection is not None


_TOPIC_CACHE: dict[str, tuple[str, str, str] | str] = {}
_TOPIC_CACHE_SIZE = 10_000


def _cached_topic(topic: str) -> tuple[str, str, str] | str:
    """parse_topic's answer (or its error text), memoised: a device reuses one topic."""
    found = _TOPIC_CACHE.get(topic)
    if found is None:
        try:
            found = parse_topic(topic)
        except ValueError as exc:
            found = str(exc)
        if len(_TOPIC_CACHE) >= _TOPIC_CACHE_SIZE:
            _TOPIC_CACHE.clear()
        _TOPIC_CACHE[topic] = found
    return found


def parse_topic(topic: str) -> tuple[str, str, str]:
    """Split `germbank/v1/{site}/{device}/{kind}`; ValueError with the reason otherwise."""
    parts = topic.split("/")
    if len(parts) != 5 or parts[0] != TOPIC_ROOT or parts[1] != TOPIC_VERSION:
        raise ValueError(
            f"unknown topic {topic[:120]!r} (expected germbank/v1/{{site}}/{{device}}/telemetry "
            "or .../status)"
        )
    _, _, site, device_id, kind = parts
    if kind not in (TELEMETRY, STATUS):
        raise ValueError(f"unknown topic kind {kind[:40]!r} (expected telemetry or status)")
    for label, name in (("site", site), ("device id", device_id)):
        if not _NAME.match(name):
            raise ValueError(
                f"{label} {name[:80]!r} must be 1-64 letters, digits, '-', '_' or '.', "
                "starting with a letter or digit"
            )
    return site, device_id, kind


def decode(
    topic: str,
    payload: bytes,
    received_at: datetime,
    *,
    max_payload_bytes: int = DEFAULT_MAX_PAYLOAD_BYTES,
) -> DecodeResult:
    """Decode a message received at `received_at` (UTC aware). Never raises."""
    try:
        return _decode(topic, payload, received_at, max_payload_bytes)
    except Exception as exc:  # a bug must become a visible rejection, not a dead subscriber
        return DecodeResult(topic, rejection=_cap(f"decoder error: {type(exc).__name__}: {exc}"))


def _decode(topic, payload, received_at, max_payload_bytes) -> DecodeResult:
    parsed = _cached_topic(topic)
    if isinstance(parsed, str):
        return DecodeResult(topic, rejection=_cap(parsed))
    site, device_id, kind = parsed

    def reject(reason: str) -> DecodeResult:
        return DecodeResult(topic, rejection=_cap(reason), site=site, device_id=device_id)

    if len(payload) > max_payload_bytes:
        return reject(
            f"payload of {len(payload)} bytes is larger than the {max_payload_bytes}-byte limit"
        )
    try:
        text = bytes(payload).decode("utf-8")
    except UnicodeDecodeError as exc:
        return reject(f"payload is not UTF-8 text ({exc.reason} at byte {exc.start})")

    if kind == STATUS:
        word = text.strip().lower()
        if word not in ("online", "offline"):
            shown = repr(text[:40]) if text else "an empty payload (a cleared retained status)"
            return reject(f"status must be 'online' or 'offline', got {shown}")
        status = DeviceStatus(device_id, site, word == "online", received_at)
        return DecodeResult(topic, status=status, site=site, device_id=device_id)

    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        return reject(f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
    except RecursionError:
        return reject("not JSON we accept: nested too deeply")

    samples = _fast_samples(document, received_at)
    if samples is None:
        try:
            samples = [(s["ts"], s["values"]) for s in load_samples(document, received_at)]
        except ValidationError as exc:
            return reject(error_text(exc.messages))
    readings = tuple([
        Reading(device_id, site, key, ts, value)
        for ts, values in samples
        for key, value in values.items()
    ])
    return DecodeResult(topic, readings=readings, site=site, device_id=device_id)


def _cap(reason: str) -> str:
    """Keep reasons short enough to list on a page."""
    return reason if len(reason) <= MAX_REASON_CHARS else reason[: MAX_REASON_CHARS - 1] + "…"


# -- the fast path: same rules as schemas.py, None at the first doubt -------------------------


def _fast_samples(document, received_at):
    """Accept well-formed documents cheaply; None means "let the schemas decide"."""
    if type(document) is dict:
        if "values" in document:
            sample = _fast_sample(document, received_at)
        else:
            sample = _fast_flat(document, received_at)
        return None if sample is None else [sample]
    if type(document) is list and document:
        samples = []
        for item in document:
            if type(item) is not dict or "values" not in item:
                return None
            sample = _fast_sample(item, received_at)
            if sample is None:
                return None
            samples.append(sample)
        return samples
    return None


def _fast_sample(item: dict, received_at):
    if len(item) > 2 or (len(item) == 2 and "ts" not in item):
        return None
    values = item["values"]
    if type(values) is not dict or not values:
        return None
    checked = _fast_values(values)
    if checked is None:
        return None
    ts = _fast_ts(item.get("ts"), received_at)
    return None if ts is None else (ts, checked)


def _fast_flat(item: dict, received_at):
    values = {}
    for key, value in item.items():
        metric_key = FLAT_ALIASES.get(key)
        if metric_key is None or value is None:
            continue
        if metric_key in values and key != metric_key:
            continue
        values[metric_key] = value
    if not values:
        return None
    checked = _fast_values(values)
    if checked is None:
        return None
    ts = _fast_ts(item.get("ts"), received_at)
    return None if ts is None else (ts, checked)


def _fast_values(values: dict):
    checked = {}
    for key, value in values.items():
        bounds = _RANGES.get(key)
        kind = type(value)
        if bounds is None or (kind is not float and kind is not int):
            return None
        if kind is int and not -(2**53) < value < 2**53:
            return None
        value = float(value)
        if not bounds[0] <= value <= bounds[1]:  # also False for NaN
            return None
        checked[key] = value
    return checked


def _fast_ts(raw, received_at):
    if raw is None:
        return received_at
    kind = type(raw)
    if kind is str:
        try:
            ts = datetime.fromisoformat(raw)
        except ValueError:
            return None
        if ts.tzinfo is None:
            return None
        ts = ts.astimezone(UTC)
        if ts < EARLIEST_TS:
            return None
    elif kind is int or kind is float:
        if not (math.isfinite(raw) and EARLIEST_TS_MS <= raw < 253402300799000):
            return None
        ts = datetime.fromtimestamp(raw / 1000, tz=UTC)
    else:
        return None
    if ts > received_at + FUTURE_TOLERANCE:
        return None
    return ts
