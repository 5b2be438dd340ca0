"""Property tests: any bytes become readings or a reasoned rejection, and both paths agree.

`decode` turns an internal error into a "decoder error: ..." rejection so the subscriber can
never die on input; these tests fail on such a rejection, so a bug is still found here.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError

from sensors.decoders import _fast_samples, decode
from sensors.metrics import METRICS
from sensors.schemas import load_samples

NOW = datetime(2026, 11, 27, 8, 5, tzinfo=UTC)
TOPIC = "germbank/v1/yuanjiang/th-st1-01/telemetry"


def assert_well_formed(result) -> None:
    outcomes = [bool(result.readings), result.status is not None, result.rejection is not None]
    assert sum(outcomes) == 1, result
    if result.rejection is not None:
        assert result.rejection and not result.rejection.startswith("decoder error"), result
    for reading in result.readings:
        assert METRICS[reading.metric].in_range(reading.value)
        assert reading.ts.tzinfo is not None
        assert reading.ts <= NOW + timedelta(minutes=10)


topics = st.one_of(
    st.just(TOPIC),
    st.just("germbank/v1/yuanjiang/th-st1-01/status"),
    st.text(max_size=60),
    st.builds("/".join, st.lists(st.sampled_from(["germbank", "v1", "a", "", "+", "telemetry",
                                                   "status", "é", "#"]), max_size=6)),
)


@settings(max_examples=600, deadline=None)
@given(topic=topics, payload=st.binary(max_size=300))
def test_any_bytes_on_any_topic_never_raise(topic, payload):
    assert_well_formed(decode(topic, payload, NOW))


json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)
metric_keys = st.sampled_from(
    [*METRICS, "illuminance", "illuminance_lux", "soil-moisture", "pressure", "linkquality"]
)
numbers = st.one_of(
    st.floats(min_value=-100, max_value=250_000), st.just(math.nan),
    st.integers(min_value=-100, max_value=250_000),
    st.sampled_from([0, 100, -40, 85, 40_000, 200_000, 1e308, -0.0]),
)
metric_values = st.dictionaries(metric_keys, st.one_of(numbers, json_scalars), max_size=4)
timestamps = st.one_of(
    st.none(),
    st.integers(min_value=0, max_value=2 * 10**12),
    st.floats(min_value=9e11, max_value=2e12),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2030, 1, 1),
                 timezones=st.sampled_from([UTC, None])).map(lambda d: d.isoformat()),
    json_values,
)
samples = st.fixed_dictionaries(
    {"values": st.one_of(metric_values, json_values)},
    optional={"ts": timestamps, "seq": st.integers()},
)
flat = st.dictionaries(metric_keys, st.one_of(numbers, json_scalars), max_size=4).flatmap(
    lambda values: st.fixed_dictionaries({}, optional={"ts": timestamps}).map(
        lambda extra: {**values, **extra}
    )
)
in_range = st.sampled_from(list(METRICS)).flatmap(
    lambda key: st.tuples(
        st.just(key),
        st.one_of(
            st.floats(min_value=METRICS[key].minimum, max_value=METRICS[key].maximum),
            st.integers(min_value=int(METRICS[key].minimum), max_value=int(METRICS[key].maximum)),
        ),
    )
)
good_ts = st.one_of(
    st.none(),
    st.integers(min_value=946_684_800_000, max_value=int(NOW.timestamp() * 1000) + 700_000),
    st.datetimes(min_value=datetime(2000, 1, 2), max_value=datetime(2026, 11, 27, 8, 14),
                 timezones=st.sampled_from([UTC, timezone(timedelta(hours=8))])).map(
        lambda d: d.isoformat().replace("+00:00", "Z")),
)
good_samples = st.builds(
    lambda pairs, ts: {"values": dict(pairs), **({} if ts == "omit" else {"ts": ts})},
    st.lists(in_range, min_size=1, max_size=4),
    st.one_of(good_ts, st.just("omit")),
)
good_flat = st.builds(
    lambda pairs, alias, ts: {**{(alias if k == "light" and alias else k): v for k, v in pairs},
                              "linkquality": 3, **({} if ts is None else {"ts": ts})},
    st.lists(in_range, min_size=1, max_size=4),
    st.sampled_from([None, "illuminance", "illuminance_lux"]),
    good_ts,
)
documents = st.one_of(
    good_samples, good_flat, st.lists(good_samples, min_size=1, max_size=4),
    samples, flat, st.lists(st.one_of(samples, good_samples, json_values), max_size=4),
    json_values,
)


def _normalise(samples_):
    return [(ts, dict(values)) for ts, values in samples_]


@settings(max_examples=1000, deadline=None)
@given(document=documents)
def test_fast_path_agrees_with_the_schemas(document):
    """Whatever the fast path accepts, the marshmallow schemas accept identically."""
    fast = _fast_samples(document, NOW)
    try:
        slow = [(s["ts"], s["values"]) for s in load_samples(document, NOW)]
    except ValidationError:
        slow = None
    if fast is not None:
        assert slow is not None, document
        assert _normalise(fast) == _normalise(slow)


@settings(max_examples=500, deadline=None)
@given(document=documents)
def test_json_documents_decode_to_readings_or_reasons(document):
    payload = json.dumps(document, allow_nan=True).encode()
    assert_well_formed(decode(TOPIC, payload, NOW))


valid_values = st.dictionaries(
    st.sampled_from(list(METRICS)),
    st.floats(min_value=0, max_value=40, allow_nan=False),
    min_size=1,
)


@settings(max_examples=300, deadline=None)
@given(
    batch=st.lists(
        st.tuples(st.integers(min_value=0, max_value=10**6), valid_values),
        min_size=1, max_size=5,
    )
)
def test_valid_batches_keep_every_value(batch):
    """Every valid sample of a batch comes out as readings with its exact values."""
    document = [
        {"ts": int((NOW - timedelta(seconds=offset)).timestamp() * 1000), "values": values}
        for offset, values in batch
    ]
    result = decode(TOPIC, json.dumps(document).encode(), NOW)
    assert result.rejection is None
    expected = sorted(
        (metric, value) for _, values in batch for metric, value in values.items()
    )
    got = sorted((r.metric, r.value) for r in result.readings)
    assert len(got) == len(expected)
    assert all(a[0] == b[0] and math.isclose(a[1], b[1]) for a, b in zip(got, expected,
                                                                          strict=True))
