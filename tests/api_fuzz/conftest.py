"""Fixtures that drive schemathesis over every operation of GermBank's OpenAPI document.

The fuzzer talks to the WSGI app directly (no server), authenticates with a bearer token
through the document's own ``bearerAuth`` scheme (so its negative cases may also drop the
token), and generates both schema-valid and schema-breaking requests. Failures are collected
per operation and check rather than stopping at the first, so one run lists every finding.

Random record ids almost never name a stored record; :func:`steer_to_demo_records` sends a
share of the requests to small ids, demo location codes and real metrics, so the fuzzer
also reaches the code behind the 404s.
"""

from __future__ import annotations

import collections
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    missing_required_header,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from germbank.api_support import MAX_RECORD_ID
from germbank.extensions import db

OPENAPI_PATH = "/api/v1/openapi.json"

# What the API promises: no 5xx; every status code documented; bodies, headers and media
# types as documented; schema-breaking input refused with a 4xx; a required header (If-Match)
# left out refused; no operation served without a token.
# Not run: ``positive_data_acceptance`` expects every schema-valid request to succeed, but
# GermBank rightly refuses some with 404/412/422 for reasons a schema cannot express (an
# accession id that names no accession, a stale ETag, a finish date before the start).
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
    missing_required_header,
    ignored_auth,
]

SMALL_IDS = st.integers(min_value=1, max_value=12)
METRICS = ("temperature", "humidity", "co2", "light", "soil_moisture", "battery")


@dataclass
class FuzzReport:
    """What one fuzzing run saw: answers per operation and the failed checks."""

    statuses: dict[str, collections.Counter] = field(
        default_factory=lambda: collections.defaultdict(collections.Counter))
    failures: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    documented: dict[str, set[str]] = field(default_factory=dict)

    def record_failure(self, operation: str, failure: Exception, curl: str) -> None:
        """Keep the first two examples of each (operation, kind of failure)."""
        key = (operation, getattr(failure, "title", type(failure).__name__))
        examples = self.failures.setdefault(key, [])
        if len(examples) < 2:
            examples.append(f"{failure}\n    {curl}")

    def describe_failures(self) -> str:
        """Every finding with a request that reproduces it."""
        lines = [f"{len(self.failures)} finding(s):"]
        for (operation, title), examples in sorted(self.failures.items()):
            lines.append(f"\n=== {operation}: {title}")
            lines.extend(examples)
        return "\n".join(lines)

    def operations_answering(self, statuses: Iterable[int]) -> set[str]:
        """Operations that gave at least one of ``statuses``."""
        wanted = set(statuses)
        return {label for label, seen in self.statuses.items() if wanted & set(seen)}


def load_schema(app, token: str):
    """The app's OpenAPI document as schemathesis sees it, authenticated with ``token``."""
    config = schemathesis.Config.from_dict(
        {"auth": {"openapi": {"bearerAuth": {"bearer": token}}}})
    return schemathesis.openapi.from_wsgi(
        OPENAPI_PATH, app, headers={"Authorization": f"Bearer {token}"}, config=config)


def _steered(value: Any, name: str, location_codes: list[str] | None) -> st.SearchStrategy:
    """The generated ``value`` or, sometimes, one that names a demo record.

    ``location_codes`` is None for bodies, where ``code`` and ``metric`` carry rules of their
    own (length, choices) that a replacement could silently make valid.
    """
    if location_codes is not None and name == "code" and isinstance(value, str):
        return st.one_of(st.just(value), st.sampled_from(location_codes))
    if location_codes is not None and name == "metric" and isinstance(value, str):
        return st.one_of(st.just(value), st.sampled_from(METRICS))
    is_record_id = (name.endswith("_id") and isinstance(value, int)
                    and not isinstance(value, bool) and 1 <= value <= MAX_RECORD_ID)
    if is_record_id:
        return st.one_of(st.just(value), SMALL_IDS)
    return st.just(value)


def _steered_mapping(values: Any, location_codes: list[str] | None) -> st.SearchStrategy:
    if not isinstance(values, dict) or not all(isinstance(key, str) for key in values):
        return st.just(values)
    parts = {name: _steered(value, name, location_codes) for name, value in values.items()}
    return st.fixed_dictionaries(parts)


def steer_to_demo_records(schema, location_codes: list[str]) -> None:
    """Make ids, location codes and metrics name stored records part of the time.

    Only values the schema already allows are replaced (ids from 1 up, codes and metrics in
    the URL, which the schema leaves free), so a schema-breaking case stays schema-breaking.
    """

    @schema.hook("flatmap_path_parameters")
    def path_parameters(context, values):
        return _steered_mapping(values, location_codes)

    @schema.hook("flatmap_body")
    def body(context, value):
        return _steered_mapping(value, None)


def fuzz(schema, max_examples: int, only: Iterable[str] | None = None) -> FuzzReport:
    """Run every operation (or those whose label contains one of ``only``)."""
    report = FuzzReport()
    for result in schema.get_all_operations():
        operation = result.ok()
        label = f"{operation.method.upper()} {operation.path}"
        if only is not None and not any(part in label for part in only):
            continue
        report.documented[label] = set(operation.responses.status_codes)
        _fuzz_operation(operation, label, max_examples, report)
    return report


def _fuzz_operation(operation, label: str, max_examples: int, report: FuzzReport) -> None:
    cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE),
                      operation.as_strategy(GenerationMode.NEGATIVE))

    @settings(max_examples=max_examples, derandomize=True, database=None, deadline=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=cases)
    def run(case):
        response = case.call()
        report.statuses[label][response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as group:
            for failure in group.exceptions:
                report.record_failure(label, failure, case.as_curl_command())

    run()


@pytest.fixture
def demo_bank(app) -> list[str]:
    """The demo data of every feature, so that requests meet real records; its location codes."""
    import sqlalchemy as sa

    from germbank.demo import load_all
    from germbank.models import StorageLocation

    load_all()
    db.session.commit()
    return list(db.session.scalars(sa.select(StorageLocation.code).order_by(StorageLocation.code)))


@pytest.fixture
def fuzz_as(app, demo_bank, api_token):
    """Fuzz the API as a new person of ``role``: ``fuzz_as(role, max_examples, only=None)``."""

    def run(role: str, max_examples: int, only: Iterable[str] | None = None) -> FuzzReport:
        schema = load_schema(app, api_token(role))
        steer_to_demo_records(schema, demo_bank)
        try:
            return fuzz(schema, max_examples, only)
        finally:
            db.session.remove()

    return run
