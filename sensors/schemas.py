"""Marshmallow schemas: the authoritative definition of a valid telemetry payload.

Why marshmallow: every rule (types, known metrics, physical ranges, timestamp forms and bounds)
is declared once here and produces a precise, path-qualified message such as
`[3].values.humidity: 150 is outside the possible range 0 to 100 %RH`. The decoder runs a
faster hand-written check first for well-formed messages (see decoders.py) and falls back to
these schemas whenever anything is off, so rejections always carry the schemas' reasons; a
property test keeps both in agreement.

The receive time (for a missing `ts` and the future bound) is passed through a context
variable because marshmallow 4 schemas have no `context` and building a schema per message
would cost more than decoding it.
"""

from __future__ import annotations

import contextvars
import math
import re
from datetime import UTC, datetime, timedelta

from marshmallow import (
    EXCLUDE,
    RAISE,
    Schema,
    ValidationError,
    fields,
    pre_load,
    validates_schema,
)

from sensors.metrics import FLAT_ALIASES, METRICS

FUTURE_TOLERANCE = timedelta(minutes=10)
EARLIEST_TS = datetime(2000, 1, 1, tzinfo=UTC)
EARLIEST_TS_MS = int(EARLIEST_TS.timestamp() * 1000)

_DICT_VALUE_PATH = re.compile(r"(^|\.)values\.[^.]+$")  # marshmallow's Dict nests "value"
received_at_var: contextvars.ContextVar[datetime] = contextvars.ContextVar("received_at")


def is_number(value: object) -> bool:
    """True for JSON numbers; False for booleans, which Python counts as integers."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def timestamp_from_epoch_ms(value: int | float) -> datetime:
    """A UTC datetime from epoch milliseconds, with a reason when it cannot be one."""
    if not math.isfinite(value):
        raise ValidationError("must be a finite number of epoch milliseconds")
    if value < EARLIEST_TS_MS:
        raise ValidationError(
            f"{value} ms is before 2000-01-01 (epoch seconds sent instead of milliseconds?)"
        )
    try:
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise ValidationError(f"{value} ms is not a representable time") from exc


def timestamp_from_iso(value: str) -> datetime:
    """A UTC datetime from an ISO-8601 string that states its offset (`Z` or `+08:00`)."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ValidationError(f"{value[:40]!r} is not an ISO-8601 timestamp") from exc
    if parsed.tzinfo is None:
        raise ValidationError(f"{value[:40]!r} has no UTC offset (add Z or +08:00)")
    if parsed < EARLIEST_TS:
        raise ValidationError(f"{value[:40]!r} is before 2000-01-01")
    return parsed.astimezone(UTC)


class Timestamp(fields.Field):
    """`ts`: ISO-8601 with an offset, or epoch milliseconds; at most 10 minutes ahead."""

    def _deserialize(self, value, attr, data, **kwargs) -> datetime:
        if isinstance(value, str):
            ts = timestamp_from_iso(value)
        elif is_number(value):
            ts = timestamp_from_epoch_ms(value)
        else:
            raise ValidationError(
                f"must be an ISO-8601 string or epoch milliseconds, not {json_type(value)}"
            )
        limit = received_at_var.get() + FUTURE_TOLERANCE
        if ts > limit:
            raise ValidationError(
                f"{ts.isoformat()} is more than 10 minutes after the receive time "
                f"{received_at_var.get().isoformat()} (device clock wrong?)"
            )
        return ts


class MetricValue(fields.Field):
    """A finite JSON number (no strings, no booleans, no NaN)."""

    def _deserialize(self, value, attr, data, **kwargs) -> float:
        if not is_number(value):
            raise ValidationError(f"must be a number, not {json_type(value)}")
        try:
            number = float(value)
        except OverflowError as exc:
            raise ValidationError("is too large to be a measurement") from exc
        if not math.isfinite(number):
            raise ValidationError("must be a finite number")
        return number


def json_type(value: object) -> str:
    """The JSON name of a Python value's type, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "a number"


class SampleSchema(Schema):
    """One sample: `{"ts": ..., "values": {"temperature": 12.4, ...}}`."""

    class Meta:
        unknown = RAISE

    ts = Timestamp(load_default=None, allow_none=True)
    values = fields.Dict(keys=fields.String(), values=MetricValue(), required=True)

    @pre_load
    def require_object(self, data, **kwargs):
        """Reject a non-object sample with its type rather than marshmallow's wording."""
        if not isinstance(data, dict):
            raise ValidationError(f"a sample must be an object, not {json_type(data)}")
        return data

    @validates_schema
    def metrics_known_and_possible(self, data, **kwargs) -> None:
        """Each metric must be one we store and its value physically possible."""
        values = data.get("values") or {}
        if not values:
            raise ValidationError("holds no metric", "values")
        errors: dict[str, list[str]] = {}
        for key, value in values.items():
            known = METRICS.get(key)
            if known is None:
                errors[key] = [f"unknown metric (known: {', '.join(METRICS)})"]
            elif not known.in_range(value):
                errors[key] = [
                    f"{value:g} is outside the possible range {known.range_text()}"
                ]
        if errors:
            raise ValidationError({"values": errors})


class FlatSchema(SampleSchema):
    """The flat form (Zigbee2MQTT and many cheap sensors): metrics as top-level keys.

    Keys that are not metrics (linkquality, voltage, last_seen, ...) are ignored, a null value
    means "not reported", and at least one metric must remain.
    """

    class Meta:
        unknown = EXCLUDE

    @pre_load
    def to_sample(self, data, **kwargs):
        """Gather the metric keys (and their aliases) under `values`."""
        if not isinstance(data, dict):
            raise ValidationError(f"a sample must be an object, not {json_type(data)}")
        values: dict[str, object] = {}
        for key, value in data.items():
            metric_key = FLAT_ALIASES.get(key)
            if metric_key is None or value is None:
                continue
            if metric_key in values and key != metric_key:
                continue  # the canonical key wins over an alias
            values[metric_key] = value
        if not values:
            keys = ", ".join(sorted(map(str, data))[:10]) or "none"
            raise ValidationError(
                f"no known metric in the payload (keys: {keys}; known: {', '.join(METRICS)})"
            )
        return {"ts": data.get("ts"), "values": values}


SAMPLE_SCHEMA = SampleSchema()
FLAT_SCHEMA = FlatSchema()


def error_text(messages: object, path: str = "") -> str:
    """Flatten marshmallow's nested messages into `path: message; path: message`."""
    parts: list[str] = []

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            for key, child in node.items():
                if key == "_schema" or (key == "value" and _DICT_VALUE_PATH.search(where)):
                    walk(child, where)
                elif isinstance(key, int):
                    walk(child, f"{where}[{key}]")
                else:
                    walk(child, f"{where}.{key}" if where else str(key))
        elif isinstance(node, list):
            for child in node:
                walk(child, where)
        else:
            parts.append(f"{where}: {node}" if where else str(node))

    walk(messages, path)
    return "; ".join(parts)


def _load_batch(document: list) -> list[dict]:
    """Load each sample of a batch array, reporting every failing one by its index."""
    samples: list[dict] = []
    errors: dict[int, object] = {}
    for index, item in enumerate(document):
        try:
            samples.append(SAMPLE_SCHEMA.load(item))
        except ValidationError as exc:
            errors[index] = exc.messages
    if errors:
        raise ValidationError(errors)
    return samples


def load_samples(document: object, received_at: datetime) -> list[dict]:
    """Validate a parsed JSON document; return `[{"ts": datetime, "values": {...}}, ...]`.

    Raises ValidationError with path-qualified messages. A missing `ts` becomes `received_at`.
    """
    token = received_at_var.set(received_at)
    try:
        if isinstance(document, list):
            if not document:
                raise ValidationError("the batch array is empty")
            samples = _load_batch(document)
        elif isinstance(document, dict):
            schema = SAMPLE_SCHEMA if "values" in document else FLAT_SCHEMA
            samples = [schema.load(document)]
        else:
            raise ValidationError(
                f"expected a JSON object or array, not {json_type(document)}"
            )
    finally:
        received_at_var.reset(token)
    for sample in samples:
        if sample["ts"] is None:
            sample["ts"] = received_at
    return samples
