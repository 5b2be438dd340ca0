"""The regeneration-due list: each accession with its reasons and the numbers behind them."""

from __future__ import annotations

from datetime import date, timedelta

EN = {"Accept-Language": "en"}


def body(response) -> str:
    return response.get_data(as_text=True)


def due_list(response) -> str:
    """The rule-based list only, without the forecast's "predicted to fall below" panel."""
    return body(response).split('class="panel forecast-due"')[0]


def test_list_shows_each_reason_with_its_figures(login_as, make_accession, make_lot,
                                                 make_test):
    low = make_accession(ACCENUMB="YJ-LOWGERM")
    lot = make_lot(low, seed_count=100_000)
    make_test(lot, (date.today() - timedelta(days=30)).isoformat(), [38, 38, 38, 38])
    few = make_accession(ACCENUMB="YJ-FEWSEED")
    small = make_lot(few, seed_count=1000)
    make_test(small, (date.today() - timedelta(days=30)).isoformat(), [45, 45, 45, 45])
    ramie = make_accession(ACCENUMB="YJ-FEWPLANT", GENUS="Boehmeria", SPECIES="nivea",
                           CROPNAME="ramie")
    make_lot(ramie, kind="plant", plant_count=2)
    html = body(login_as("viewer").get("/accessions/regeneration", headers=EN))
    assert "YJ-LOWGERM" in html and "YJ-FEWSEED" in html and "YJ-FEWPLANT" in html
    # 152 of 200 = 76 % is below 85 % of the initial 90 % (76.5 %).
    assert "germination 76 % &lt; 76.5 % (85 % of initial 90 %)" in html
    assert "Viable seeds 900 &lt; minimum 1500" in html
    assert "2 living plants &lt; minimum 5" in html


def test_filter_by_reason_and_crop(login_as, make_accession, make_lot):
    make_lot(make_accession(ACCENUMB="YJ-P1", GENUS="Boehmeria", SPECIES="nivea",
                            CROPNAME="ramie"), kind="plant", plant_count=1)
    make_lot(make_accession(ACCENUMB="YJ-S1"), seed_count=100)
    browser = login_as("viewer")
    plants = due_list(browser.get("/accessions/regeneration?reason=few_plants", headers=EN))
    assert "YJ-P1" in plants and "YJ-S1" not in plants
    kenaf = due_list(browser.get("/accessions/regeneration?crop=kenaf", headers=EN))
    assert "YJ-S1" in kenaf and "YJ-P1" not in kenaf
    assert "1 accession shown" in kenaf


def test_nothing_due_says_so(login_as, make_accession, make_lot):
    make_lot(make_accession(ACCENUMB="YJ-FINE"), seed_count=50_000,
             harvest_date=date.today().isoformat())
    html = due_list(login_as("technician").get("/accessions/regeneration", headers=EN))
    assert "Nothing is due for regeneration" in html and "YJ-FINE" not in html


def test_home_card_counts_and_links(login_as, make_accession, make_lot):
    make_lot(make_accession(ACCENUMB="YJ-C1"), seed_count=100)
    html = body(login_as("agronomist").get("/home", headers=EN))
    assert "Germplasm holdings" in html and "Regeneration due: 1" in html
    assert 'href="/accessions/regeneration?reason=low_stock"' in html
