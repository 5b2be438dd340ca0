"""Every accessions API answer matches what the OpenAPI document promises (2xx bodies).

A small checker for the parts of OpenAPI 3.0 flask-smorest emits (types, nullable, enum,
required, items, properties, $ref) keeps this test free of extra packages.
"""

from __future__ import annotations

import re
from datetime import date

TYPES = {"object": dict, "array": list, "string": str, "boolean": bool}
DATE = re.compile(r"\d{4}-\d\d-\d\d")


def problems(value, schema: dict, spec: dict, where: str = "$") -> list[str]:
    """Where ``value`` breaks ``schema`` (empty when it conforms)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return problems(value, spec["components"]["schemas"][name], spec, where)
    if value is None:
        return [] if schema.get("nullable") or not schema else [f"{where}: null not allowed"]
    kind = schema.get("type")
    found: list[str] = []
    if kind == "integer":
        if not isinstance(value, int) or isinstance(value, bool):
            found.append(f"{where}: {value!r} is not an integer")
    elif kind == "number":
        if not isinstance(value, int | float) or isinstance(value, bool):
            found.append(f"{where}: {value!r} is not a number")
    elif kind in TYPES and not isinstance(value, TYPES[kind]):
        found.append(f"{where}: {value!r} is not {kind}")
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: {value!r} not in {schema['enum']}")
    if schema.get("format") == "date" and not DATE.fullmatch(str(value)):
        found.append(f"{where}: {value!r} is not a date")
    if isinstance(value, dict):
        for name in schema.get("required", []):
            if name not in value:
                found.append(f"{where}.{name}: missing")
        for name, item in value.items():
            inner = schema.get("properties", {}).get(name)
            if inner is None and schema.get("properties"):
                found.append(f"{where}.{name}: not documented")
            elif inner is not None:
                found += problems(item, inner, spec, f"{where}.{name}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            found += problems(item, schema["items"], spec, f"{where}[{index}]")
    return found


def response_schema(spec: dict, path: str, method: str, status: int) -> dict:
    response = spec["paths"][path][method]["responses"][str(status)]
    return response.get("content", {}).get("application/json", {}).get("schema", {})


def test_answers_match_the_document(bank, client, api_token, location):
    auth = {"Authorization": f"Bearer {api_token('agronomist')}"}
    spec = client.get("/api/v1/openapi.json", headers=auth).get_json()
    calls = []

    def call(method: str, path: str, template: str, status: int, **kwargs):
        response = getattr(client, method)(path, headers={**auth, **kwargs.pop("headers", {})},
                                           **kwargs)
        assert response.status_code == status, (path, response.get_json())
        calls.append((response.get_json(), template, method, status))
        return response

    accession = call("post", "/api/v1/accessions", "/api/v1/accessions", 201, json={
        "instcode": "CHN001", "accenumb": "A-1", "genus": "Hibiscus", "species": "cannabinus",
        "sampstat": 300, "latitude": "282030N", "storage": [11], "extra": {"plot": 3}}
    ).get_json()
    item = f"/api/v1/accessions/{accession['id']}"
    etag = call("get", item, "/api/v1/accessions/{accession_id}", 200).headers["ETag"]
    call("patch", item, "/api/v1/accessions/{accession_id}", 200, json={"elevation": "35"},
         headers={"If-Match": etag})
    call("get", "/api/v1/accessions?q=a-1", "/api/v1/accessions", 200)
    lot = call("post", "/api/v1/lots", "/api/v1/lots", 201, json={
        "accession_id": accession["id"], "kind": "seed", "lot_number": "L-1",
        "location_id": location("ST1-R2-S01").id, "seed_count": 900, "grams": 27.5,
        "harvest_date": "2024-10-01", "storage_type": 11}).get_json()
    lot_url = f"/api/v1/lots/{lot['id']}"
    call("get", lot_url, "/api/v1/lots/{lot_id}", 200)
    call("get", f"{item}/lots", "/api/v1/accessions/{accession_id}/lots", 200)
    call("post", f"{lot_url}/move", "/api/v1/lots/{lot_id}/move", 201,
         json={"to_location_id": location("ST1-R1-S01").id})
    call("get", f"{lot_url}/movements", "/api/v1/lots/{lot_id}/movements", 200)
    call("get", "/api/v1/lots?location=ST1", "/api/v1/lots", 200)
    test = call("post", "/api/v1/germination-tests", "/api/v1/germination-tests", 201, json={
        "lot_id": lot["id"], "tested_on": date.today().isoformat(), "replicates": 2,
        "seeds_per_replicate": 50, "normal_counts": [30, 31], "dead_count": 4}).get_json()
    call("get", f"/api/v1/germination-tests/{test['id']}",
         "/api/v1/germination-tests/{test_id}", 200)
    call("get", f"/api/v1/germination-tests?lot_id={lot['id']}", "/api/v1/germination-tests",
         200)
    observation = call("post", "/api/v1/observations", "/api/v1/observations", 201, json={
        "accession_id": accession["id"], "descriptor": "plant height", "value": "182",
        "unit": "cm", "cut_number": 2}).get_json()
    call("get", f"/api/v1/observations/{observation['id']}",
         "/api/v1/observations/{observation_id}", 200)
    call("get", "/api/v1/observations", "/api/v1/observations", 200)
    call("get", "/api/v1/locations", "/api/v1/locations", 200)
    call("get", f"/api/v1/locations/{location('ST1').id}", "/api/v1/locations/{location_id}",
         200)
    due = call("get", "/api/v1/regeneration-due", "/api/v1/regeneration-due", 200).get_json()
    assert due and due[0]["reasons"]

    one = response_schema(spec, "/api/v1/accessions/{accession_id}", "get", 200)
    assert problems({**accession, "sampstat": "300", "colour": "red"}, one, spec) == [
        "$.sampstat: '300' is not an integer", "$.colour: not documented"]
    for body, template, method, status in calls:
        schema = response_schema(spec, template, method, status)
        assert schema, (template, method)
        assert problems(body, schema, spec) == [], (template, method)
