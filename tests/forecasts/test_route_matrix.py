"""Every forecasts route, as anonymous and as each role, answers as its policy says, never 5xx
(on empty data and on a lot that exists)."""

from __future__ import annotations

import pytest

from germbank.auth.access import policy_for
from germbank.auth.permissions import ALL_ROLES, roles_for


def _forecast_routes(app):
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "forecasts" not in rule.rule:
                continue
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method, policy_for(rule.endpoint, method)


def _expected(policy, role):
    if role is None:
        return "sign-in"
    return (
        "allowed"
        if policy.kind != "permission" or role in roles_for(policy.permission)
        else "forbidden"
    )


def _outcome(response):
    if response.status_code == 401 or (
        response.status_code == 302 and "/login" in response.headers.get("Location", "")
    ):
        return "sign-in"
    return "forbidden" if response.status_code == 403 else "allowed"


@pytest.mark.parametrize("existing", [False, True])
def test_forecast_routes_follow_their_policy(app, login_as, stores, make_lot, clock, existing):
    lot_id = crop_id = accession_id = 999
    if existing:
        lot = make_lot(
            stores["cool"], placed_at=clock.days_ago(50), tests=[(clock.date_ago(5), 85)]
        )
        lot_id, crop_id, accession_id = lot.id, lot.accession.crop_id, lot.accession_id
    values = {"lot_id": lot_id, "crop_id": crop_id, "accession_id": accession_id}
    clients = {None: app.test_client()} | {role: login_as(role) for role in sorted(ALL_ROLES)}
    failures = []
    for rule, method, policy in list(_forecast_routes(app)):
        assert policy is not None, rule.rule
        url = rule.build({k: v for k, v in values.items() if k in rule.arguments})[1]
        for role, client in clients.items():
            response = client.open(url, method=method)
            if response.status_code >= 500 or _outcome(response) != _expected(policy, role):
                failures.append(f"{method} {url} as {role}: {response.status_code}")
    assert not failures, "\n".join(failures)
