"""Every accession page, requested by each role with and without existing records, answers as
its access policy says (read for all, write for agronomists and admins) and never with 5xx."""

from __future__ import annotations

import pytest

from germbank.auth.access import policy_for
from germbank.auth.permissions import ALL_ROLES, roles_for


def accession_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("accessions.")]


@pytest.mark.parametrize("existing", [True, False])
def test_every_page_answers_each_role_as_declared(app, login_as, make_accession, make_lot,
                                                  existing):
    ids = {"accession_id": 999_999, "lot_id": 999_999}
    if existing:
        accession = make_accession(ACCENUMB="YJ-ROUTES")
        ids = {"accession_id": accession.id, "lot_id": make_lot(accession).id}
    clients = {role: login_as(role) for role in sorted(ALL_ROLES)}
    failures = []
    for rule in accession_rules(app):
        url = rule.build({name: ids[name] for name in rule.arguments}, append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            with app.test_request_context():
                policy = policy_for(rule.endpoint, method)
            assert policy is not None, rule.rule
            for role, client in clients.items():
                status = client.open(url, method=method).status_code
                allowed = policy.kind != "permission" or role in roles_for(policy.permission)
                if status >= 500 or (status == 403) == allowed:
                    failures.append(f"{method} {url} as {role}: {status}")
    assert not failures, "\n".join(failures)
