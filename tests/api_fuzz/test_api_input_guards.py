"""What the fuzzer found, pinned as plain examples: bad input is refused, never a 500.

Each of these was a 500 (or an answer the OpenAPI document did not promise) before; they
run on every configured backend, PostgreSQL included, where NUL text used to fail.
"""

from __future__ import annotations

ERROR_KEYS = {"status", "title", "detail", "errors"}


def auth(api_token, role: str = "admin") -> dict:
    return {"Authorization": f"Bearer {api_token(role)}", "Accept-Language": "en"}


def test_text_with_a_nul_character_is_refused_with_the_places_named(client, api_token):
    headers = auth(api_token)
    body = client.post("/api/v1/projects", headers=headers, json={
        "code": "P\x00", "name": "ok", "total_budget": "1", "planned_start": "2026-01-01",
        "planned_finish": "2026-02-01", "tags": ["a", "b\x00"]})
    query = client.get("/api/v1/accessions?q=a%00b", headers=headers)
    path = client.get("/api/v1/monitoring/locations/ST1%00/thresholds", headers=headers)

    assert body.status_code == 400
    assert set(body.get_json()["errors"]) == {"json.code", "json.tags[1]"}
    assert query.status_code == 400 and set(query.get_json()["errors"]) == {"query.q"}
    assert path.status_code == 400 and set(path.get_json()) == ERROR_KEYS


def test_ids_beyond_the_integer_keys_are_not_found_or_refused(client, api_token):
    headers = auth(api_token)
    huge = 2**63
    in_url = client.get(f"/api/v1/projects/{huge}/tasks", headers=headers)
    project = client.post("/api/v1/projects", headers=headers, json={
        "code": "P-1", "name": "Test", "total_budget": "100", "planned_start": "2026-01-01",
        "planned_finish": "2026-12-31"}).get_json()
    in_body = client.post(f"/api/v1/projects/{project['id']}/budget-lines", headers=headers,
                          json={"code": "B1", "name": "Line", "planned": "10",
                                "task_id": -huge})

    assert in_url.status_code == 404 and set(in_url.get_json()) == ERROR_KEYS
    assert in_body.status_code == 422 and "task_id" in in_body.get_json()["errors"]["json"]


def test_the_document_promises_the_error_answers_every_operation_gives(client, api_token):
    spec = client.get("/api/v1/openapi.json", headers=auth(api_token, "viewer")).get_json()

    error = spec["components"]["schemas"]["Error"]
    assert set(error["properties"]) == ERROR_KEYS and error["properties"]["status"] == {
        "type": "integer"}
    lot = spec["paths"]["/api/v1/lots/{lot_id}"]
    assert {"400", "401", "404"} <= set(lot["get"]["responses"])
    assert {"400", "401", "403", "404", "412", "422", "428"} <= set(lot["patch"]["responses"])
    assert "403" not in lot["get"]["responses"]  # every role may read
    assert all("default" not in operation["responses"]
               for path in spec["paths"].values() for operation in path.values()
               if isinstance(operation, dict) and "responses" in operation)
    assert lot["parameters"][0]["schema"] == {"type": "integer", "minimum": 0,
                                              "maximum": 2**31 - 1}
