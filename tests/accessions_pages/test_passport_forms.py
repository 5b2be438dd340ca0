"""Creating and editing accessions through the passport form: field-level messages, nothing
stored on bad input, edits that cannot overwrite a colleague's, and who may write."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

EN = {"Accept-Language": "en"}

VALID = {
    "instcode": "CHN121", "accenumb": "YJ-NEW-1", "accename": "Hongma 8", "name_zh": "红麻八号",
    "genus": "Hibiscus", "species": "cannabinus", "cropname": "kenaf", "sampstat": "500",
    "origcty": "CHN", "storage": ["11", "13"], "acqdate": "201903--", "declatitude": "28.84",
    "declongitude": "112.36", "collsrc": "40", "mlsstat": "1",
    "extra": "FIBRE_COLOUR = white\nSTEM_COLOUR = red",
}


def count_accessions() -> int:
    from germbank.extensions import db
    from germbank.models.accessions import Accession

    return db.session.scalar(sa.select(sa.func.count()).select_from(Accession))


def test_agronomist_registers_an_accession(login_as, bank):
    browser = login_as("agronomist")
    form = browser.get("/accessions/new", headers=EN).get_data(as_text=True)
    assert "YYYYMMDD; unknown month or day as --" in form  # partial-date hint
    assert '<option value="300">300 · traditional cultivar/landrace</option>' in form
    response = browser.post("/accessions/new", data=VALID, headers=EN)
    assert response.status_code == 302
    page = browser.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "Accession YJ-NEW-1 registered." in page
    assert "11 · short term; 13 · long term" in page and "STEM_COLOUR: red" in page
    assert "Kenaf" in page  # linked to the crop from genus and species


def test_bad_input_gets_messages_by_field_and_stores_nothing(login_as, bank):
    browser = login_as("agronomist")
    bad = {**VALID, "genus": "", "origcty": "XYZ", "acqdate": "2019-13-45",
           "declatitude": "95", "sampstat": "123"}
    response = browser.post("/accessions/new", data=bad, headers=EN)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert count_accessions() == 0
    assert html.count('class="field-error"') >= 5
    assert "Required: every accession needs GENUS." in html
    assert "&#39;XYZ&#39; is not an ISO 3166-1 three-letter country code" in html
    assert "&#39;123&#39; is not an MCPD biological status code" in html
    assert "Please correct the" in html
    # What the person typed is kept for correction.
    assert 'value="2019-13-45"' in html


def test_malformed_extra_attribute_line_is_reported_and_nothing_stored(login_as, bank):
    browser = login_as("agronomist")
    response = browser.post("/accessions/new", data={**VALID, "extra": "COLOUR white"},
                            headers=EN)
    assert response.status_code == 400
    assert "Line 1 is not &#39;name = value&#39;: COLOUR white" in response.get_data(True)
    assert count_accessions() == 0


def test_duplicate_accession_number_is_refused_on_the_field(login_as, make_accession):
    make_accession(ACCENUMB="YJ-DUP")
    browser = login_as("agronomist")
    response = browser.post("/accessions/new", data={**VALID, "accenumb": "YJ-DUP"},
                            headers=EN)
    assert response.status_code == 400
    assert "CHN121 already holds an accession numbered YJ-DUP." in response.get_data(True)
    assert count_accessions() == 1


def test_edit_changes_only_what_was_changed_and_records_it(login_as, make_accession):
    accession = make_accession(ACCENUMB="YJ-E1", ACCENAME="Old name", SAMPSTAT=300)
    browser = login_as("agronomist")
    form = browser.get(f"/accessions/{accession.id}/edit", headers=EN).get_data(True)
    assert 'value="Old name"' in form and 'name="version" type="hidden" value="1"' in form
    data = {"instcode": "CHN121", "accenumb": "YJ-E1", "genus": "Hibiscus",
            "species": "cannabinus", "cropname": "kenaf", "accename": "New name",
            "sampstat": "300", "version": "1"}
    response = browser.post(f"/accessions/{accession.id}/edit", data=data, headers=EN)
    assert response.status_code == 302
    page = browser.get(f"/accessions/{accession.id}", headers=EN).get_data(True)
    assert "New name" in page and "<del>Old name</del>" in page


def test_stale_edit_is_refused_and_keeps_the_colleagues_change(login_as, make_accession):
    from germbank.accessions.services import update_accession
    from germbank.extensions import db

    accession = make_accession(ACCENUMB="YJ-S1", ACCENAME="First")
    update_accession(accession, {"ACCENAME": "Colleague"})  # version 1 -> 2
    db.session.commit()
    browser = login_as("agronomist")
    data = {"instcode": "CHN121", "accenumb": "YJ-S1", "genus": "Hibiscus",
            "accename": "Mine", "version": "1"}
    response = browser.post(f"/accessions/{accession.id}/edit", data=data, headers=EN)
    assert response.status_code == 409
    assert "Someone else changed this accession" in response.get_data(True)
    db.session.refresh(accession)
    assert accession.accename == "Colleague"


@pytest.mark.parametrize("role", ["viewer", "technician", "project_manager"])
def test_readers_cannot_write(login_as, make_accession, role):
    accession = make_accession(ACCENUMB="YJ-RO")
    browser = login_as(role)
    assert browser.get("/accessions/new").status_code == 403
    assert browser.post("/accessions/new", data=VALID).status_code == 403
    assert browser.post(f"/accessions/{accession.id}/edit", data=VALID).status_code == 403
    assert browser.post(f"/accessions/{accession.id}/delete").status_code == 403
    assert browser.post(f"/accessions/{accession.id}/observations",
                        data={"descriptor": "x", "value": "1"}).status_code == 403
    assert count_accessions() == 1


def test_delete_refused_while_lots_exist(login_as, make_accession, make_lot):
    accession = make_accession(ACCENUMB="YJ-D1")
    make_lot(accession)
    browser = login_as("agronomist")
    response = browser.post(f"/accessions/{accession.id}/delete", headers=EN,
                            follow_redirects=True)
    assert "still has 1 lot(s)" in response.get_data(True)
    assert count_accessions() == 1


def test_delete_an_accession_without_lots(login_as, make_accession):
    accession = make_accession(ACCENUMB="YJ-D2")
    browser = login_as("agronomist")
    response = browser.post(f"/accessions/{accession.id}/delete", headers=EN,
                            follow_redirects=True)
    assert "Accession YJ-D2 deleted." in response.get_data(True)
    assert count_accessions() == 0
