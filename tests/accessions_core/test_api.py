"""The JSON API: CRUD, optimistic concurrency, permissions and error shapes."""

from __future__ import annotations

import json
from datetime import date

import pytest

NEW = {"instcode": "CHN001", "accenumb": "ZM-0100", "genus": "Boehmeria", "species": "nivea",
       "accename": ["黄壳早", "Huangke zao"], "sampstat": "300", "origcty": "CHN",
       "latitude": "282030N", "longitude": "1122130E", "storage": [20],
       "name_zh": "黄壳早", "extra": {"plot": "A3"}}


@pytest.fixture
def headers(bank, api_token):
    """Bearer headers per role (each a different person)."""
    tokens = {}

    def for_role(role: str) -> dict:
        if role not in tokens:
            tokens[role] = {"Authorization": f"Bearer {api_token(role)}"}
        return dict(tokens[role])

    return for_role


def create(client, headers, **changes) -> dict:
    response = client.post("/api/v1/accessions", json={**NEW, **changes},
                           headers=headers("agronomist"))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_create_read_and_list_show_the_same_data(client, headers):
    created = create(client, headers)
    assert created["accename"] == "黄壳早;Huangke zao" and created["sampstat"] == 300
    assert created["declatitude"] == pytest.approx(28.341667)
    assert created["storage"] == "20" and created["version"] == 1
    one = client.get(f"/api/v1/accessions/{created['id']}", headers=headers("viewer"))
    assert one.status_code == 200 and one.headers["ETag"]
    assert one.get_json() == created
    listed = client.get("/api/v1/accessions?q=黄壳&sampstat=300", headers=headers("viewer"))
    assert listed.get_json() == [created]
    assert json.loads(listed.headers["X-Pagination"])["total"] == 1


def test_list_paginates_and_sorts(client, headers):
    for number in ("B", "A", "C"):
        create(client, headers, accenumb=number)
    response = client.get("/api/v1/accessions?sort=-accenumb&page=1&page_size=2",
                          headers=headers("viewer"))
    assert [a["accenumb"] for a in response.get_json()] == ["C", "B"]
    assert json.loads(response.headers["X-Pagination"])["total_pages"] == 2


def test_validation_errors_are_422_per_field(client, headers):
    response = client.post("/api/v1/accessions", headers=headers("agronomist"),
                           json={**NEW, "origcty": "CN", "sampstat": "7", "acqdate": "20191301"})
    body = response.get_json()
    assert response.status_code == 422
    assert set(body["errors"]) == {"origcty", "sampstat", "acqdate"}
    assert set(body) == {"status", "title", "detail", "errors"}


def test_shape_errors_are_422_per_field_too(client, headers):
    response = client.post("/api/v1/accessions", headers=headers("agronomist"),
                           json={**NEW, "accename": {"zh": "x"}, "colour": "red"})
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"accename", "colour"}


def test_bad_filters_are_422(client, headers):
    response = client.get("/api/v1/accessions?origcty=CN", headers=headers("viewer"))
    assert response.status_code == 422 and "origcty" in response.get_json()["errors"]


def test_duplicate_number_is_409(client, headers):
    create(client, headers)
    response = client.post("/api/v1/accessions", json=NEW, headers=headers("agronomist"))
    assert response.status_code == 409
    assert "accenumb" in response.get_json()["errors"]


def test_second_writer_with_an_old_etag_gets_412_and_overwrites_nothing(client, headers):
    created = create(client, headers)
    url = f"/api/v1/accessions/{created['id']}"
    first, second = headers("agronomist"), headers("admin")
    etag_first = client.get(url, headers=first).headers["ETag"]
    etag_second = client.get(url, headers=second).headers["ETag"]
    saved = client.patch(url, json={"accename": "first edit"},
                         headers={**first, "If-Match": etag_first})
    assert saved.status_code == 200 and saved.get_json()["version"] == 2
    stale = client.patch(url, json={"accename": "second edit"},
                         headers={**second, "If-Match": etag_second})
    assert stale.status_code == 412
    assert client.get(url, headers=first).get_json()["accename"] == "first edit"


def test_writes_without_if_match_get_428(client, headers):
    created = create(client, headers)
    url = f"/api/v1/accessions/{created['id']}"
    assert client.patch(url, json={"accename": "x"}, headers=headers("agronomist")
                        ).status_code == 428
    assert client.delete(url, headers=headers("agronomist")).status_code == 428


def test_put_replaces_the_passport(client, headers):
    created = create(client, headers)
    url = f"/api/v1/accessions/{created['id']}"
    etag = client.get(url, headers=headers("agronomist")).headers["ETag"]
    replaced = client.put(url, headers={**headers("agronomist"), "If-Match": etag},
                          json={"instcode": "CHN001", "accenumb": "ZM-0100",
                                "genus": "Boehmeria"})
    body = replaced.get_json()
    assert replaced.status_code == 200
    assert body["accename"] is None and body["latitude"] is None and body["extra"] == {}


def test_delete_with_etag(client, headers):
    created = create(client, headers)
    url = f"/api/v1/accessions/{created['id']}"
    etag = client.get(url, headers=headers("agronomist")).headers["ETag"]
    response = client.delete(url, headers={**headers("agronomist"), "If-Match": etag})
    assert response.status_code == 204
    assert client.get(url, headers=headers("viewer")).status_code == 404


@pytest.mark.parametrize("role", ["viewer", "technician", "project_manager"])
def test_other_roles_read_but_cannot_write(client, headers, role):
    created = create(client, headers)
    url = f"/api/v1/accessions/{created['id']}"
    assert client.get(url, headers=headers(role)).status_code == 200
    assert client.post("/api/v1/accessions", json={**NEW, "accenumb": "X"},
                       headers=headers(role)).status_code == 403
    etag = client.get(url, headers=headers(role)).headers["ETag"]
    assert client.patch(url, json={"accename": "x"},
                        headers={**headers(role), "If-Match": etag}).status_code == 403
    assert client.post("/api/v1/lots", headers=headers(role), json={
        "accession_id": created["id"], "kind": "seed", "lot_number": "L", "location_id": 1,
    }).status_code == 403


def test_anonymous_calls_get_401(client, bank):
    for url in ("/api/v1/accessions", "/api/v1/lots", "/api/v1/locations",
                "/api/v1/germination-tests", "/api/v1/observations",
                "/api/v1/regeneration-due"):
        response = client.get(url)
        assert response.status_code == 401, url
        assert response.get_json()["title"] == "Sign-in required"


def test_lots_moves_tests_and_regeneration_due(client, headers, location):
    accession = create(client, headers, genus="Hibiscus", species="cannabinus",
                       latitude=None, longitude=None)
    writer = headers("agronomist")
    lot = client.post("/api/v1/lots", headers=writer, json={
        "accession_id": accession["id"], "kind": "seed", "lot_number": "HM-2024-01",
        "location_id": location("ST1-R2-S01").id, "seed_count": 1200,
        "initial_germination_pct": 90, "storage_type": 11}).get_json()
    assert lot["location_id"] == location("ST1-R2-S01").id
    moved = client.post(f"/api/v1/lots/{lot['id']}/move", headers=writer,
                        json={"to_location_id": location("ST1-R1-S01").id, "reason": "repair"})
    assert moved.status_code == 201 and moved.get_json()["moved_by"] == "agronomist-api"
    movements = client.get(f"/api/v1/lots/{lot['id']}/movements", headers=writer).get_json()
    assert [m["from_location_id"] for m in movements] == [None, location("ST1-R2-S01").id]
    test = client.post("/api/v1/germination-tests", headers=writer, json={
        "lot_id": lot["id"], "tested_on": date.today().isoformat(), "replicates": 4,
        "seeds_per_replicate": 50, "normal_counts": [30, 30, 30, 30]})
    assert test.status_code == 201 and test.get_json()["result_pct"] == 60.0
    bad = client.post("/api/v1/germination-tests", headers=writer, json={
        "lot_id": lot["id"], "tested_on": "2024-01-01", "replicates": 2,
        "seeds_per_replicate": 50, "normal_counts": [30, 30, 30]})
    assert bad.status_code == 422 and "normal_counts" in bad.get_json()["errors"]
    [item] = client.get("/api/v1/regeneration-due", headers=headers("viewer")).get_json()
    assert item["accenumb"] == "ZM-0100"
    assert [r["code"] for r in item["reasons"]] == ["low_germination", "low_stock"]
    assert item["reasons"][0]["message"].startswith("批次 HM-2024-01：发芽率 60 % < 76.5 %")
    lots = client.get(f"/api/v1/accessions/{accession['id']}/lots", headers=writer).get_json()
    assert lots[0]["location_id"] == location("ST1-R1-S01").id
    assert client.get("/api/v1/lots?location=ST1-R1", headers=writer).get_json()[0]["id"] \
        == lot["id"]


def test_observations(client, headers):
    accession = create(client, headers)
    writer = headers("agronomist")
    response = client.post("/api/v1/observations", headers=writer, json={
        "accession_id": accession["id"], "descriptor": "plant height", "value": "182",
        "unit": "cm", "observed_on": "2024-07-10", "cut_number": 1})
    assert response.status_code == 201
    assert client.post("/api/v1/observations", headers=writer, json={
        "accession_id": accession["id"], "descriptor": "plant height", "value": "190",
        "cut_number": 4}).status_code == 422
    listed = client.get(f"/api/v1/observations?accession_id={accession['id']}&cut_number=1",
                        headers=headers("viewer")).get_json()
    assert [o["value"] for o in listed] == ["182"]


def test_locations_tree_read_and_edit(client, headers, location):
    listed = client.get("/api/v1/locations", headers=headers("viewer")).get_json()
    assert {"ST1", "ST1-R1-S01", "GH1-B1-BED01"} <= {loc["code"] for loc in listed}
    created = client.post("/api/v1/locations", headers=headers("agronomist"), json={
        "code": "ST1-R1-S03", "name": "Room 1 shelf 03", "kind": "shelf",
        "parent_id": location("ST1-R1").id})
    assert created.status_code == 201
    wrong = client.post("/api/v1/locations", headers=headers("agronomist"), json={
        "code": "X", "name": "Shelf in a greenhouse", "kind": "shelf",
        "parent_id": location("GH1").id})
    assert wrong.status_code == 422 and "parent_id" in wrong.get_json()["errors"]
    taken = client.post("/api/v1/locations", headers=headers("agronomist"), json={
        "code": "ST1-R1-S03", "name": "again", "kind": "shelf",
        "parent_id": location("ST1-R1").id})
    assert taken.status_code == 409


def test_openapi_documents_every_accessions_path(client, headers):
    spec = client.get("/api/v1/openapi.json", headers=headers("viewer")).get_json()
    for path in ("/api/v1/accessions", "/api/v1/accessions/{accession_id}",
                 "/api/v1/accessions/{accession_id}/lots", "/api/v1/lots/{lot_id}/move",
                 "/api/v1/lots/{lot_id}/movements", "/api/v1/locations",
                 "/api/v1/germination-tests", "/api/v1/observations",
                 "/api/v1/regeneration-due"):
        assert path in spec["paths"], path
    schema = spec["components"]["schemas"]["Accession"]["properties"]
    assert {"accenumb", "declatitude", "mlsstat", "version"} <= set(schema)


def test_messages_follow_the_readers_language(client, headers):
    chinese = client.post("/api/v1/accessions", json={**NEW, "genus": ""},
                          headers={**headers("agronomist"), "Accept-Language": "zh-CN"})
    assert chinese.get_json()["errors"]["genus"] == ["必填：每份种质都须有 GENUS。"]
    english = client.post("/api/v1/accessions", json={**NEW, "genus": ""},
                          headers={**headers("agronomist"), "Accept-Language": "en"})
    assert english.get_json()["errors"]["genus"] == ["Required: every accession needs GENUS."]


def test_ids_beyond_the_database_range_are_404(client, headers):
    huge = 2 ** 63 + 5
    assert client.get(f"/api/v1/accessions/{huge}", headers=headers("viewer")).status_code == 404
    assert client.get(f"/api/v1/lots/{huge}/movements",
                      headers=headers("viewer")).status_code == 404
    response = client.post("/api/v1/lots", headers=headers("agronomist"), json={
        "accession_id": huge, "kind": "seed", "lot_number": "L", "location_id": huge})
    assert response.status_code == 404


def test_absurd_numbers_and_pages_are_refused_not_crashed(client, headers, location):
    accession = create(client, headers)
    response = client.post("/api/v1/lots", headers=headers("agronomist"), json={
        "accession_id": accession["id"], "kind": "seed", "lot_number": "L-big",
        "location_id": location("ST1-R1-S01").id, "grams": 1e308})
    assert response.status_code == 422 and "grams" in response.get_json()["errors"]
    far = client.get(f"/api/v1/accessions?page={2 ** 63}", headers=headers("viewer"))
    assert far.status_code == 200 and far.get_json() == []
