"""Import pages: permissions, the report, the rejected-rows download; export links."""

import io

import pytest
import sqlalchemy as sa

from germbank.extensions import db
from germbank.models.accessions import Accession

EN = {"Accept-Language": "en"}


def upload(browser, data, filename="passport.csv", **options):
    form = {"file": (io.BytesIO(data), filename), "mode": "insert", **options}
    return browser.post("/mcpd/import", data=form, headers=EN)


@pytest.mark.parametrize("role", ["viewer", "technician", "project_manager"])
def test_only_agronomists_and_admins_may_import(login_as, files, role):
    browser = login_as(role)
    assert browser.get("/mcpd/import").status_code == 403
    response = upload(browser, files.csv(files.rows_of([files.ramie(1)])))
    assert response.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Accession)) == 0


@pytest.mark.parametrize("role", ["agronomist", "admin"])
def test_agronomists_and_admins_see_the_upload_page(login_as, role):
    page = login_as(role).get("/mcpd/import", headers=EN)
    assert page.status_code == 200
    assert "Import MCPD passport data" in page.get_data(as_text=True)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get("/mcpd/import").status_code == 302


def test_preview_lists_errors_and_warnings_apart_and_all_or_nothing_holds(login_as, files):
    browser = login_as("agronomist")
    rows = [files.ramie(1), files.ramie(2, SAMPSTAT="abc"), files.ramie(3, INSTCODE="")]
    response = upload(browser, files.csv(files.rows_of(rows)))
    preview = browser.get(response.location, headers=EN).get_data(as_text=True)
    errors, warnings = preview.split('id="errors"')[1].split('id="warnings"')
    assert "INSTCODE is empty; every accession needs one" in errors
    assert "SAMPSTAT &#39;abc&#39; is not an MCPD biological status code" in warnings
    assert 'data-count="rejected">1<' in preview
    result = browser.post(response.location + "/confirm", data={"mode": "insert"})
    page = browser.get(result.location, headers=EN).get_data(as_text=True)
    assert "Nothing was imported because 1 rows have errors" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Accession)) == 0


def test_skip_invalid_on_confirm_and_the_rejected_rows_download(login_as, files):
    browser = login_as("agronomist")
    rows = [files.ramie(1), files.ramie(2, INSTCODE="")]
    response = upload(browser, files.csv(files.rows_of(rows)))
    result = browser.post(response.location + "/confirm",
                          data={"mode": "insert", "skip_invalid": "y"})
    page = browser.get(result.location, headers=EN).get_data(as_text=True)
    assert 'data-count="created">1<' in page and 'data-count="rejected">1<' in page
    download = browser.get(result.location.replace("/report", "/result/rejected.csv"))
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment")
    text = download.data.decode("utf-8-sig")
    assert text.splitlines()[1].startswith(",ZM002,") and "INSTCODE is empty" in text
    problems = browser.get(result.location.replace("/report", "/result/problems.csv"))
    assert "row,column,value,severity,message" in problems.data.decode("utf-8-sig")


def test_a_file_that_is_no_mcpd_table_is_refused_on_the_upload_page(login_as):
    browser = login_as("agronomist")
    response = upload(browser, b"name,value\na,1\n")
    assert response.status_code == 400
    assert "no header row with an ACCENUMB column" in response.get_data(as_text=True)


def test_other_people_cannot_open_an_upload(login_as, make_user, files, app):
    response = upload(login_as("agronomist"), files.csv(files.rows_of([files.ramie(1)])))
    other = app.test_client()
    user = make_user("agronomist", username="someone-else")
    other.post("/login", data={"username": user.username, "password": "correct-horse-42"})
    assert other.get(response.location).status_code == 404


def test_export_links_give_mcpd_files_filtered_like_the_list(login_as, run_import, files):
    run_import(files.csv(files.rows_of([files.ramie(1), files.ramie(2, SAMPSTAT="410")])))
    browser = login_as("viewer")
    everything = browser.get("/accessions/export.csv")
    assert everything.status_code == 200
    lines = everything.data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("PUID,INSTCODE,ACCENUMB,") and len(lines) == 3
    filtered = browser.get("/accessions/export.csv?sampstat=410").data.decode("utf-8-sig")
    assert len(filtered.splitlines()) == 2 and ",ZM002," in filtered
    workbook = browser.get("/accessions/export.xlsx?q=中苎1")
    assert workbook.status_code == 200 and workbook.data.startswith(b"PK")


def test_the_pages_speak_chinese_by_default(login_as, files):
    browser = login_as("agronomist")
    assert "导入 MCPD 护照数据" in browser.get("/mcpd/import").get_data(as_text=True)
    response = browser.post("/mcpd/import", data={
        "file": (io.BytesIO(files.csv(files.rows_of([files.ramie(1)]))), "p.csv"),
        "mode": "insert"})
    assert "尚未导入任何数据" in browser.get(response.location).get_data(as_text=True)
