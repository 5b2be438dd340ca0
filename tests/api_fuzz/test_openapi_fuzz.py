"""The API keeps the promises of its OpenAPI document under generated, hostile input.

schemathesis generates valid and invalid requests for every operation of
``/api/v1/openapi.json`` and checks each answer: never a 5xx, only documented status codes,
bodies and headers as documented, invalid input refused. Findings are fixed in the product
(the document or the view), never by loosening this test. Bounded and deterministic:
a fixed number of examples per operation, derandomized. The machinery is in ``conftest.py``.
"""

from __future__ import annotations

import os

import pytest

pytestmark = pytest.mark.slow

# Examples per operation; GERMBANK_FUZZ_EXAMPLES=200 runs a deeper search (minutes more).
ADMIN_EXAMPLES = int(os.environ.get("GERMBANK_FUZZ_EXAMPLES", "25"))
VIEWER_EXAMPLES = max(8, ADMIN_EXAMPLES // 3)


def test_every_operation_keeps_its_documented_promises_for_an_admin(fuzz_as):
    report = fuzz_as("admin", ADMIN_EXAMPLES)

    assert not report.failures, report.describe_failures()
    assert len(report.statuses) >= 80, "the document lost operations"
    # The token was used: every operation answered something other than 401 ...
    assert all(set(seen) - {401} for seen in report.statuses.values()), report.statuses
    # ... and at least half reached stored records and succeeded at least once (changes
    # need the record's current ETag, which random requests rarely send).
    succeeded = report.operations_answering(range(200, 300))
    assert len(succeeded) >= 0.5 * len(report.statuses), {
        label: dict(seen) for label, seen in report.statuses.items() if label not in succeeded}


def test_a_viewer_can_read_but_every_write_answers_403(fuzz_as):
    report = fuzz_as("viewer", VIEWER_EXAMPLES)

    assert not report.failures, report.describe_failures()
    # An operation documents 403 when some role lacks its permission; a viewer holds only
    # "read", so each of them must refuse the viewer, and never run.
    forbidden = {label for label, codes in report.documented.items() if "403" in codes}
    # Every change is among them; the what-if is only a calculation sent by POST.
    writes = {label for label in report.statuses if not label.startswith("GET ")}
    assert writes - {"POST /api/v1/forecasts/whatif"} <= forbidden
    for label in forbidden:
        seen = report.statuses[label]
        # (400 only for text with NUL, refused before anything else)
        assert 403 in seen and set(seen) <= {400, 401, 403, 404}, (label, seen)
    readable = set(report.statuses) - forbidden
    assert report.operations_answering(range(200, 300)) & readable, "a viewer read nothing"
