"""Hostile input against the web app: markup in stored text, SQL in every filter, oversized
and exploding uploads.

What the other tests already cover is not repeated here: password policy and signing out
other sessions on a password change (tests/germbank/test_auth.py), escaping of one field on
single pages (tests/accessions_pages), the CSP header on one page
(tests/germbank/test_i18n_health_errors.py), reader limits on bytes (tests/mcpd).
"""

from __future__ import annotations

import functools
import io
import json
import re
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from germbank.extensions import db

# Every stored text carries all the classic payloads at once: a script tag, an attribute
# break-out with an event handler, a template expression, and a javascript: URL.
HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>{{7*7}} javascript:alert(3)'
SHORT = "<script>alert(1)</script>{{7*7}}"  # for fields of 64 characters or fewer
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
RAW_MARKUP = ("<script>alert(", "<img src=x", "onerror=alert(2)>")
JAVASCRIPT_HREF = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


def assert_escaped(response, *, rendered: bool = True) -> str:
    """The page shows the hostile text as text: no live markup, CSP present.

    ``rendered`` also demands the escaped text is on the page, so the check cannot pass just
    because the page never showed the field.
    """
    page = response.get_data(as_text=True)
    where = f"{response.request.path}?{response.request.query_string.decode()}"
    for raw in RAW_MARKUP:
        assert raw not in page, f"raw {raw!r} on {where}"
    assert not JAVASCRIPT_HREF.search(page), f"javascript: URL in a link on {where}"
    if rendered:
        assert ESCAPED_SCRIPT in page, f"the hostile text is not shown on {where}"
        assert "{{7*7}}" in page, f"the template expression was evaluated on {where}"
    policy = response.headers.get("Content-Security-Policy", "")
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split(
        "style-src")[0], f"no strict CSP on {where}: {policy!r}"
    return page


def api(client, method: str, url: str, token: str, body=None, expect: int = 201) -> dict:
    response = client.open(url, method=method, json=body,
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == expect, (url, response.get_json())
    return response.get_json()


@pytest.fixture
def hostile(app, bank, api_token, login_as):
    """Records whose every free text is HOSTILE, made through the API and the forms."""
    from sensors.ingest import DatabaseSink
    from sensors.sink import ReceivedMessage

    client = app.test_client()
    token = api_token("admin")
    admin = login_as("admin")
    ids: dict[str, object] = {"client": admin}

    shelf = db.session.execute(sa.text(
        "SELECT id FROM storage_locations WHERE code = 'ST1-R1'")).scalar_one()
    location = api(client, "POST", "/api/v1/locations", token,
                   {"code": "EVIL-SHELF", "name": HOSTILE, "kind": "shelf", "parent_id": shelf})
    ids["location"] = location
    accession = api(client, "POST", "/api/v1/accessions", token, {
        "instcode": "CHN121", "accenumb": "EVIL-1", "genus": "Hibiscus",
        "species": "cannabinus", "accename": HOSTILE, "remarks": HOSTILE,
        "name_zh": HOSTILE, "extra": {"NOTE": HOSTILE, "LINK": "javascript:alert(4)"}})
    ids["accession"] = accession
    lot = api(client, "POST", "/api/v1/lots", token, {
        "accession_id": accession["id"], "lot_number": "EVIL-L1", "kind": "seed",
        "location_id": location["id"], "seed_count": 500, "container": SHORT,
        "notes": HOSTILE})
    ids["lot"] = lot

    project = api(client, "POST", "/api/v1/projects", token, {
        "code": "EVIL", "name": HOSTILE, "name_zh": HOSTILE, "site": HOSTILE,
        "total_budget": "1000.00", "planned_start": "2026-01-01",
        "planned_finish": "2026-12-31"})
    ids["project"] = project
    base = f"/api/v1/projects/{project['id']}"
    ids["task"] = api(client, "POST", f"{base}/tasks", token, {
        "code": "T1", "name": HOSTILE, "planned_start": "2026-01-05",
        "planned_finish": "2026-03-01", "notes": HOSTILE, "owner_unit": HOSTILE})
    api(client, "POST", f"{base}/risks", token, {"title": HOSTILE, "description": HOSTILE,
                                                  "response": HOSTILE})
    api(client, "POST", f"{base}/deliverables", token, {
        "code": "D1", "name": HOSTILE, "unit": "m2", "target": "10",
        "evidence": "javascript:alert(5)"})

    device = "th-evil-01"
    DatabaseSink(app, client_id="hardening").store([ReceivedMessage(
        f"germbank/v1/yuanjiang/{device}/telemetry",
        json.dumps({"values": {"temperature": 12.0, "humidity": 55.0}}).encode(),
        datetime.now(UTC))])
    described = admin.post(f"/devices/{device}/describe",
                           data={"describe-name": HOSTILE, "describe-interval_s": 60,
                                 "describe-notes": HOSTILE})
    assert described.status_code in (302, 303), described.get_data(as_text=True)[:2000]
    placed = admin.post(f"/devices/{device}/place",
                        data={"place-location": str(location["id"]), "place-placed_at": ""})
    assert placed.status_code in (302, 303), placed.get_data(as_text=True)[:2000]
    ids["device"] = device
    return ids


def test_hostile_text_is_escaped_on_every_page_that_shows_it(hostile):
    client = hostile["client"]
    accession, lot, project = hostile["accession"], hostile["lot"], hostile["project"]
    task, location, device = hostile["task"], hostile["location"], hostile["device"]
    pages = [
        "/accessions/",
        "/accessions/?q=EVIL",
        f"/accessions/{accession['id']}",
        f"/accessions/{accession['id']}/edit",
        f"/accessions/lots/{lot['id']}",
        f"/accessions/lots/{lot['id']}/edit",
        f"/accessions/labels?lot={lot['id']}",
        "/project/",
        f"/project/{project['id']}/",
        f"/project/{project['id']}/schedule",
        f"/project/{project['id']}/tasks/{task['id']}",
        f"/project/{project['id']}/risks",
        f"/project/{project['id']}/deliverables",
        f"/project/{project['id']}/report",
        "/devices/",
        f"/devices/{device}",
        "/monitoring/",
        f"/monitoring/locations/{location['code']}",
        f"/monitoring/locations/{location['code']}/thresholds",
    ]
    failures = []
    for url in pages:
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 200, (url, response.status_code)
        try:
            assert_escaped(response)
        except AssertionError as error:
            failures.append(str(error).splitlines()[0])
    # Pages that show the lot or location but none of the hostile fields: still no markup.
    for url in (f"/forecasts/lots/{lot['id']}",):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert_escaped(response, rendered=False)
    assert not failures, "\n".join(failures)


def test_charts_escape_task_names(hostile):
    client, project = hostile["client"], hostile["project"]
    response = client.get(f"/project/{project['id']}/gantt.svg")
    assert response.status_code == 200
    svg = response.get_data(as_text=True)
    assert response.mimetype == "image/svg+xml"
    assert "<script" not in svg and "<img" not in svg and ESCAPED_SCRIPT in svg


def test_json_endpoints_return_hostile_text_as_data(hostile, api_token, app):
    client = app.test_client()
    token = api_token("viewer")
    accession, lot, project = hostile["accession"], hostile["lot"], hostile["project"]
    got = api(client, "GET", f"/api/v1/accessions/{accession['id']}", token, expect=200)
    assert (got["accename"], got["name_zh"], got["extra"]["NOTE"]) == (HOSTILE,) * 3
    found = api(client, "GET", "/api/v1/accessions?q=evil-1", token, expect=200)
    assert [item["accename"] for item in found] == [HOSTILE]
    assert api(client, "GET", f"/api/v1/lots/{lot['id']}", token, expect=200)["notes"] == HOSTILE
    tasks = api(client, "GET", f"/api/v1/projects/{project['id']}/tasks", token, expect=200)
    assert [task["name"] for task in tasks] == [HOSTILE]
    response = client.get(f"/api/v1/accessions/{accession['id']}",
                          headers={"Authorization": f"Bearer {token}"})
    assert response.mimetype == "application/json"
    assert response.headers.get("X-Content-Type-Options") == "nosniff"


@pytest.mark.parametrize("url", [
    "/accessions/?q={v}", "/accessions/?genus={v}", "/accessions/?location={v}",
    "/accessions/?sort={v}", "/accessions/labels?lot={v}", "/accessions/regeneration?crop={v}",
    "/monitoring/alarms?location={v}", "/monitoring/alarms?state={v}",
    "/devices/rejected?device={v}", "/devices/?show={v}",
])
def test_query_parameters_are_not_reflected_as_markup(login_as, bank, url):
    from urllib.parse import quote

    response = login_as("admin").get(url.format(v=quote(HOSTILE)))
    assert response.status_code < 500
    assert_escaped(response, rendered=False)


# --- SQL injection in searches, filters and sort keys ---------------------------------------

INJECTIONS = [
    "' OR 1=1 --",
    "%' ;DROP TABLE accessions;--",
    "1; DELETE FROM accessions",
    "') UNION SELECT id, password_hash FROM users --",
    "%", "_", "\\", "'\"`", "\x00", "-accenumb; --", "accenumb desc", "1e9999", "-1",
    "９", "𝟘", "a" * 5000,
]
TABLES = ("accessions", "inventory_lots", "users", "storage_locations", "projects")


def table_counts() -> dict[str, int]:
    db.session.rollback()
    names = set(sa.inspect(db.engine).get_table_names())
    assert set(TABLES) <= names, f"tables missing: {set(TABLES) - names}"
    return {name: db.session.scalar(sa.select(sa.func.count()).select_from(sa.table(name)))
            for name in TABLES}


@pytest.fixture
def searchable(app, bank, api_token, login_as):
    """Two plain accessions and two whose names hold two of the injections literally."""
    client, token = app.test_client(), api_token("agronomist")
    made = {}
    for number, name in [("YJ-PLAIN-1", "Plain one"), ("YJ-PLAIN-2", "Plain two"),
                         ("YJ-QUOTE", INJECTIONS[0]), ("YJ-DROP", INJECTIONS[1])]:
        made[number] = api(client, "POST", "/api/v1/accessions", token, {
            "instcode": "CHN121", "accenumb": number, "genus": "Hibiscus",
            "species": "cannabinus", "accename": name})
    return {"client": client, "token": token, "browser": login_as("viewer"), "made": made}


def literal_matches(text: str) -> set[str]:
    """Accession numbers whose number or name holds every word of ``text`` literally."""
    names = {"YJ-PLAIN-1": "Plain one", "YJ-PLAIN-2": "Plain two",
             "YJ-QUOTE": INJECTIONS[0], "YJ-DROP": INJECTIONS[1]}
    words = text.lower().split()
    return {number for number, name in names.items()
            if all(word in f"{number} {name}".lower() for word in words)}


ACCESSION_FILTERS = ("q", "crop", "genus", "species", "sampstat", "origcty", "storage",
                     "location", "instcode", "regeneration_due", "sort", "page", "per_page",
                     "page_size")


def test_accession_search_and_filters_take_injections_literally(searchable):
    client, token, browser = searchable["client"], searchable["token"], searchable["browser"]
    before = table_counts()
    headers = {"Authorization": f"Bearer {token}"}
    for name in ACCESSION_FILTERS:
        for value in INJECTIONS:
            response = client.get("/api/v1/accessions", query_string={name: value},
                                  headers=headers)
            where = f"/api/v1/accessions?{name}={value[:40]!r}"
            assert response.status_code in (200, 400, 422), (where, response.status_code)
            if response.status_code != 200:
                assert response.get_json()["errors"], where  # says which parameter is wrong
                continue
            found = {item["accenumb"] for item in response.get_json()}
            if name == "q":
                assert found == literal_matches(value), where
            elif name not in ("page", "per_page", "page_size", "regeneration_due"):
                assert found == set(), where  # no accession has such a crop, genus, ...
            page = browser.get("/accessions/", query_string={name: value})
            assert page.status_code in (200, 400), (f"/accessions/ {where}", page.status_code)
            if name == "q" and page.status_code == 200:
                text = page.get_data(as_text=True)
                shown = {number for number in searchable["made"] if f">{number}<" in text}
                assert shown == literal_matches(value), where
            export = browser.get("/accessions/export.csv", query_string={name: value})
            assert export.status_code in (200, 400), ("export.csv " + where, export.status_code)
            export.close()
    assert table_counts() == before


def test_other_list_filters_survive_injections(app, bank, login_as, api_token):
    """Every query parameter of every API list (from the OpenAPI document) and of the pages
    with filters: no server error, and every table still there with its rows."""
    client, token = app.test_client(), api_token("admin")
    browser = login_as("admin")
    headers = {"Authorization": f"Bearer {token}"}
    spec = client.get("/api/v1/openapi.json", headers=headers).get_json()
    targets: list[tuple[str, list[str]]] = []
    fill = {"code": "ST1-R1"}
    for path, operations in spec["paths"].items():
        get = operations.get("get")
        if not get or "{" in path.replace("{code}", ""):
            continue
        params = [p["name"] for p in get.get("parameters", []) + operations.get("parameters", [])
                  if p.get("in") == "query"]
        if params:
            targets.append((path.format(**fill), params))
    assert len(targets) >= 5, targets  # the document lists the filtered lists
    before = table_counts()
    for path, params in targets:
        for name in params:
            for value in INJECTIONS:
                response = client.get(path, query_string={name: value}, headers=headers)
                assert response.status_code < 500, (path, name, value[:40], response.get_json())
    pages = {
        "/monitoring/alarms": ("state", "location", "kind", "page"),
        "/devices/": ("show",),
        "/devices/rejected": ("device", "page"),
        "/accessions/regeneration": ("reason", "crop", "page"),
        "/accessions/labels": ("lot", "accession", "q"),
        "/monitoring/locations/ST1-R1/export": ("start", "end", "metrics", "format",
                                                "resolution"),
        "/monitoring/locations/ST1-R1": ("start", "end", "range", "metric"),
        "/forecasts/planner": ("months", "crop_id", "location_id"),
        "/forecasts/whatif": ("location_id", "start", "days", "delta_temperature_c"),
    }
    for path, params in pages.items():
        for name in params:
            for value in INJECTIONS:
                query = {name: value, **({"all": "1"} if path.endswith("labels") else {})}
                response = browser.get(path, query_string=query)
                assert response.status_code < 500, (path, name, value[:40], response.status_code)
                response.close()
    assert table_counts() == before


# --- Upload limits ---------------------------------------------------------------------------

EN = {"Accept-Language": "en"}
CSV_HEADER = "INSTCODE,ACCENUMB,GENUS,SPECIES\n"


def accession_count() -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count()).select_from(sa.table("accessions")))


def upload(browser, data: bytes, filename: str, **headers):
    return browser.post("/mcpd/import", data={"file": (io.BytesIO(data), filename),
                                              "mode": "insert"}, headers=headers)


def workbook_with_cells(*cells: tuple[str, str]) -> bytes:
    """An XLSX whose data sheet holds an MCPD header, one row, and ``cells`` (ref, text):
    a few hundred bytes that can name cells far away (a sheet-extent bomb)."""
    from openpyxl import Workbook

    plain = io.BytesIO()
    Workbook().save(plain)

    def row(number: str, cells: list[tuple[str, str]]) -> str:
        inline = "".join(f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'
                         for ref, text in cells)
        return f'<row r="{number}">{inline}</row>'

    header = ("INSTCODE", "ACCENUMB", "GENUS", "SPECIES")
    values = ("CHN121", "BOMB-1", "Hibiscus", "cannabinus")
    rows = [row("1", [(f"{c}1", text) for c, text in zip("ABCD", header, strict=True)]),
            row("2", [(f"{c}2", text) for c, text in zip("ABCD", values, strict=True)])]
    rows += [row(re.sub("[A-Z]", "", ref), [(ref, text)]) for ref, text in cells]
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<sheetData>{"".join(rows)}</sheetData></worksheet>').encode()
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in source.infolist():
            data = sheet if item.filename == "xl/worksheets/sheet1.xml" else source.read(item)
            z.writestr(item.filename, data)
    return out.getvalue()


def test_a_request_over_max_content_length_gets_a_clear_413(app, app_config, make_user):
    """The limit is checked before the body is read; the answer says what the limit is."""
    from germbank import create_app
    from germbank.auth.services import issue_token
    from tests.conftest import sign_in

    app_config["MAX_CONTENT_LENGTH"] = 64 * 1024
    small = create_app(app_config)  # the same database as ``app``, with a small limit
    try:
        check_upload_limit(small, make_user, issue_token, sign_in)
    finally:
        with small.app_context():
            db.session.remove()
            db.engine.dispose()


def check_upload_limit(small, make_user, issue_token, sign_in) -> None:
    user = make_user("agronomist", username="big-uploader")
    _, token = issue_token(user, "tests")
    db.session.commit()
    browser = small.test_client()
    assert sign_in(browser, "big-uploader").status_code == 302
    data = (CSV_HEADER + "CHN121,A{},Hibiscus,cannabinus\n" * 4000).encode()
    assert len(data) > 64 * 1024
    page = upload(browser, data, "big.csv", **EN)
    assert page.status_code == 413
    assert "The upload is larger than the 64 KB allowed." in page.get_data(as_text=True)
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    chinese = upload(browser, data, "big.csv", **{"Accept-Language": "zh-CN"})
    assert "上传的内容超过允许的 64 KB" in chinese.get_data(as_text=True)
    response = small.test_client().post(
        "/api/v1/accessions", data=b'{"accename": "' + b"x" * 70_000 + b'"}',
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.get_json() == {"status": 413, "title": "Too large", "errors": {},
                                    "detail": "The request is larger than the 64 KB allowed."}
    assert accession_count() == 0


def test_too_many_rows_are_refused_whole(login_as, bank, monkeypatch):
    import germbank.mcpd.reader as reader

    monkeypatch.setattr(reader, "ReadLimits", functools.partial(reader.ReadLimits, max_rows=50))
    browser = login_as("agronomist")
    rows = "".join(f"CHN121,ROWS-{i},Hibiscus,cannabinus\n" for i in range(51))
    page = upload(browser, (CSV_HEADER + rows).encode(), "rows.csv", **EN)
    assert page.status_code == 400
    assert "The file cannot be imported: the file has more than 50 data rows" in \
        page.get_data(as_text=True)
    assert accession_count() == 0


@pytest.mark.parametrize("far_cell, message", [
    ("XFD1500", "a sheet spans 1,500 rows by 16,384 columns, more cells than the 10,000,000 "
                "one import reads"),
    ("Z1000000", "the sheet has more than 200,000 data rows"),
])
def test_xlsx_sheet_extent_bombs_are_refused_before_reading(login_as, bank, far_cell, message):
    """A few hundred bytes naming a far cell: engines would build the whole grid in memory
    (A1:XFD1500 is 24.6 million cells, about 1.5 GB; A1:Z1000000 1.1 GB)."""
    bomb = workbook_with_cells((far_cell, "x"))
    assert len(bomb) < 10_000
    browser = login_as("agronomist")
    page = upload(browser, bomb, "bomb.xlsx", **EN)
    assert page.status_code == 400
    assert message in page.get_data(as_text=True)
    assert accession_count() == 0
    chinese = upload(browser, bomb, "bomb.xlsx", **{"Accept-Language": "zh-CN"})
    assert ("工作表占用 1,500 行 × 16,384 列" if far_cell == "XFD1500" else
            "工作表的数据行超过 200,000 行") in chinese.get_data(as_text=True)


BOMB_IN_A_BOX = """
import resource, sys
sys.path.insert(0, {root!r})
limit = 2 * 1024 ** 3
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from germbank.mcpd import McpdFileError, check_file
try:
    check_file(open({path!r}, "rb").read(), "bomb.xlsx")
    print("ACCEPTED")
except McpdFileError as error:
    print("REFUSED", error)
# VmHWM: this process's own peak. (ru_maxrss would carry over the peak of the pytest process
# that forked it: Linux keeps the larger of the two across exec.)
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status")
               if line.startswith("VmHWM:"))
print("MAXRSS_MB", peak_kb // 1024)
"""


def test_the_worst_sheet_extent_bomb_leaves_memory_alone(tmp_path):
    """A1 and XFD1000000: 16 billion cells. Before the extent check calamine tried to
    allocate them and aborted the whole process (SIGABRT), taking the web worker with it.
    Run in a child under a 2 GB address-space limit, so a regression fails this test
    instead of the test run."""
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(workbook_with_cells(("XFD1000000", "x")))
    root = str(Path(__file__).resolve().parents[2])
    result = subprocess.run([sys.executable, "-c", BOMB_IN_A_BOX.format(root=root,
                                                                          path=str(path))],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    assert lines["REFUSED"].startswith("the sheet has more than 200,000 data rows")
    assert int(lines["MAXRSS_MB"]) < 400  # the interpreter with pandas; no grid was built
