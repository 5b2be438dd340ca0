"""The role matrix: every route, requested as anonymous and as each role, answers as declared.

The routes come from the app's URL map, so a new route is covered as soon as it exists. Each
route's declared policy must also be listed in ``route_policies.txt`` beside this file: adding
a route without writing down who may use it fails here. Regenerate the list after a deliberate
change with ``GERMBANK_WRITE_ROUTE_POLICIES=1 pytest tests/security/test_role_matrix.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from germbank.auth.access import policy_for
from germbank.auth.permissions import ALL_ROLES, roles_for

POLICY_FILE = Path(__file__).with_name("route_policies.txt")
ROLES = sorted(ALL_ROLES)
SKIPPED_METHODS = {"HEAD", "OPTIONS"}
SAMPLE_VALUES = {
    "integer": "1",
    "float": "1.0",
    "path": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
}


def _urls(rule) -> list[str]:
    """Concrete URLs for a rule: sample values, and every choice of an ``any(...)`` part."""
    import itertools

    choices = []
    for name, converter in rule._converters.items():
        items = getattr(converter, "items", None)
        if items:
            choices.append([(name, item) for item in sorted(items)])
            continue
        kind = type(converter).__name__.lower().replace("converter", "")
        choices.append([(name, SAMPLE_VALUES.get(kind, "x"))])
    return [
        rule.build(dict(combination), append_unknown=False)[1]
        for combination in itertools.product(*choices)
    ]


def _routes(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - SKIPPED_METHODS):
            yield rule, method


def _describe(policy) -> str:
    if policy is None:
        return "UNDECLARED"
    return policy.permission if policy.kind == "permission" else policy.kind


def _declared(app) -> list[str]:
    lines = []
    with app.test_request_context():
        for rule, method in _routes(app):
            lines.append(f"{method:6} {rule.rule}  {_describe(policy_for(rule.endpoint, method))}")
    return lines


def test_every_route_has_a_recorded_policy(app):
    """The recorded list and the code agree; no route is left without a decision."""
    lines = _declared(app)
    assert not [line for line in lines if line.endswith("UNDECLARED")]
    if os.environ.get("GERMBANK_WRITE_ROUTE_POLICIES"):
        POLICY_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    recorded = POLICY_FILE.read_text(encoding="utf-8").splitlines()
    assert lines == recorded, "route policies changed: review and regenerate route_policies.txt"


def _expected(policy, identity: str | None) -> str:
    if policy.kind == "public":
        return "allowed"
    if identity is None:
        return "sign-in"
    if policy.kind == "signed_in" or identity in roles_for(policy.permission):
        return "allowed"
    return "forbidden"


def _outcome(response, is_api: bool) -> str:
    if response.status_code == 401:
        return "sign-in"
    if response.status_code == 302 and "/login" in response.headers.get("Location", ""):
        return "sign-in"
    if response.status_code == 403:
        return "forbidden"
    return "allowed"


@pytest.mark.slow
def test_role_matrix(app, login_as):
    """Anonymous and every role get what the policy says, and no route answers 5xx."""
    clients = {None: app.test_client()} | {role: login_as(role) for role in ROLES}
    failures = []
    with app.test_request_context():
        routes = [
            (rule, method, policy_for(rule.endpoint, method)) for rule, method in _routes(app)
        ]
    for rule, method, policy in routes:
        for url in _urls(rule):
            is_api = url.startswith("/api/")
            for identity, client in clients.items():
                if rule.endpoint == "auth.logout" and identity is not None:
                    continue  # signing out would end the session the next routes need
                response = client.open(url, method=method, headers={"Accept-Language": "en"})
                response.close()  # end a streamed body (CSV export) here, in its own context
                outcome = _outcome(response, is_api)
                expected = _expected(policy, identity)
                if policy.kind == "public" and response.status_code == 302:
                    outcome = "allowed"  # a public page may send a visitor on to sign in
                if response.status_code >= 500:
                    failures.append(f"{method} {url} as {identity}: {response.status_code}")
                elif outcome != expected:
                    status = response.status_code
                    failures.append(
                        f"{method} {url} as {identity}: {outcome} {status}, not {expected}"
                    )
    assert not failures, "\n".join(failures)


def test_api_tokens_act_with_their_owners_role(client, api_token):
    """Another person's token acts as that person; a revoked token is refused."""
    import sqlalchemy as sa

    from germbank.extensions import db
    from germbank.models import ApiToken, utcnow

    viewer = api_token("viewer")
    admin = api_token("admin")
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {viewer}"}).get_json()["role"]
        == "viewer"
    )
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {admin}"}).get_json()["role"]
        == "admin"
    )
    for token in db.session.scalars(sa.select(ApiToken)):
        token.revoked_at = utcnow()
    db.session.commit()
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {viewer}"}).status_code == 401
    )
