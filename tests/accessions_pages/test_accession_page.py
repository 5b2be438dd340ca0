"""The accession page: passport sections, lots, tests, observations, events and history."""

from __future__ import annotations

import pytest

EN = {"Accept-Language": "en"}


def page(browser, url: str, status: int = 200, headers=None) -> str:
    response = browser.get(url, headers=headers or EN)
    assert response.status_code == status, response.get_data(as_text=True)[:3000]
    return response.get_data(as_text=True)


@pytest.fixture
def full_accession(make_accession, make_lot, make_test):
    accession = make_accession(
        ACCENUMB="YJ-2019-007", ACCENAME="Xiangzhu 7;XZ7", name_zh="湘苎七号",
        GENUS="Boehmeria", SPECIES="nivea", CROPNAME="ramie", SAMPSTAT=300, COLLSRC=21,
        ORIGCTY="CHN", DECLATITUDE=28.8406, DECLONGITUDE=112.3561, ELEVATION=32,
        COLLDATE="201905--", ACQDATE="2019----", STORAGE="11;20", MLSSTAT=0,
        DUPLSITE="CHN001", REMARKS="COLLSITE:river bank", extra={"FIBRE_COLOUR": "white"})
    seed = make_lot(accession, seed_count=2500)
    make_test(seed, "2024-05-10", [40, 41, 42, 43])
    make_lot(accession, kind="plant", plant_count=3)
    return accession


def test_passport_reads_like_a_passport(login_as, full_accession):
    html = page(login_as("viewer"), f"/accessions/{full_accession.id}")
    for expected in ("Identification", "Taxonomy", "Collecting", "Origin and coordinates",
                     "Storage and safety duplicates", "Xiangzhu 7; XZ7", "湘苎七号",
                     "300 · traditional cultivar/landrace", "21 · field", "CHN · China",
                     "2019-05", "28.8406°", "32 m", "11 · short term; 20 · field collection",
                     "0 · no (not in the MLS)", "CHN001", "FIBRE_COLOUR: white",
                     "SAMPSTAT", "Show on a map"):
        assert expected in html, expected


def test_lots_tests_and_regeneration_status(login_as, full_accession):
    html = page(login_as("viewer"), f"/accessions/{full_accession.id}")
    assert "L0000" in html and "ST1-R1-S01" in html and "GH1-B1-BED01" in html
    assert "2,500 seeds" in html and "3 plants" in html
    assert "83.0 %" in html  # latest germination of the seed lot: 166 / 200
    assert "40 · 41 · 42 · 43" in html
    # Ramie keeps 5 plants at least; 3 are too few, and the reason gives the numbers.
    assert "Too few plants" in html and "3 living plants &lt; minimum 5" in html


def test_chinese_page_uses_chinese_labels(login_as, full_accession):
    html = page(login_as("viewer"), f"/accessions/{full_accession.id}",
                headers={"Accept-Language": "zh-CN"})
    assert "生物学状态" in html and "中国" in html and "地方品种" in html


def test_history_shows_who_changed_what(login_as, full_accession):
    from germbank.accessions.services import update_accession
    from germbank.extensions import db

    update_accession(full_accession, {"ACCENAME": "Xiangzhu 7 (renamed)"})
    db.session.commit()
    html = page(login_as("viewer"), f"/accessions/{full_accession.id}")
    assert "History" in html and "Xiangzhu 7 (renamed)" in html and "<code>accename</code>" in html


def test_climate_and_forecast_slots_are_present_or_silently_absent(login_as, full_accession):
    html = page(login_as("viewer"), f"/accessions/{full_accession.id}")
    assert "Germination tests" in html  # the page renders with or without those features


def test_unknown_accession_is_404(login_as, bank):
    assert login_as("viewer").get("/accessions/999999").status_code == 404


@pytest.mark.parametrize("role", ["viewer", "technician", "project_manager"])
def test_readers_see_no_edit_controls(login_as, full_accession, role):
    html = page(login_as(role), f"/accessions/{full_accession.id}")
    for control in ("Edit passport", "New seed lot", "Add an observation",
                    "Plan or record a regeneration"):
        assert control not in html
    assert "Print labels" in html


@pytest.mark.parametrize("role", ["agronomist", "admin"])
def test_curators_see_edit_controls(login_as, full_accession, role):
    html = page(login_as(role), f"/accessions/{full_accession.id}")
    for control in ("Edit passport", "New seed lot", "New plant lot", "Add an observation",
                    "Plan or record a regeneration"):
        assert control in html


def test_hostile_text_is_escaped_everywhere_on_the_page(login_as, make_accession):
    accession = make_accession(ACCENAME="<script>alert(1)</script>",
                               REMARKS="<b onmouseover=x>hi</b>",
                               extra={"NOTE": "<script>evil()</script>"})
    html = page(login_as("viewer"), f"/accessions/{accession.id}")
    assert "<script>alert(1)</script>" not in html and "<script>evil()</script>" not in html
    assert "<b onmouseover" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
