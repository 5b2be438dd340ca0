"""Lot pages: creating seed and plant lots, moving a lot (movement + audit entry shown),
entering germination tests with the computed result, observations and regeneration events."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

EN = {"Accept-Language": "en"}


def body(response) -> str:
    return response.get_data(as_text=True)


def test_agronomist_adds_a_seed_lot(login_as, make_accession, location):
    accession = make_accession(ACCENUMB="YJ-L1")
    browser = login_as("agronomist")
    form = body(browser.get(f"/accessions/{accession.id}/lots/new?kind=seed", headers=EN))
    assert "ST1-R1-S01 · Room 1 shelf 01" in form and "Thousand-seed weight (g)" in form
    assert "Number of plants" not in form
    response = browser.post(f"/accessions/{accession.id}/lots/new?kind=seed", headers=EN, data={
        "lot_number": "YJ-L1-2024", "location_id": str(location("ST1-R2-S01").id),
        "seed_count": "3200", "grams": "41.5", "harvest_date": "2024-09-01",
        "storage_type": "11", "container": "foil bag"})
    assert response.status_code == 302
    page = body(browser.get(response.headers["Location"], headers=EN))
    assert "Lot YJ-L1-2024 added." in page and "3,200" in page and "foil bag" in page
    assert "Initial placement" in page  # the first movement opens the location history


def test_plant_lot_and_bad_lot_input(login_as, make_accession, location):
    accession = make_accession(ACCENUMB="YJ-L2", GENUS="Boehmeria", SPECIES="nivea")
    browser = login_as("agronomist")
    bad = browser.post(f"/accessions/{accession.id}/lots/new?kind=plant", headers=EN, data={
        "lot_number": "", "location_id": "", "plant_count": "many",
        "planting_date": "2999-01-01"})
    html = body(bad)
    assert bad.status_code == 400
    assert html.count('class="field-error"') >= 4
    assert "Give a whole number." in html and "A date in the future is not possible here." in html
    from germbank.extensions import db
    from germbank.models.inventory import InventoryLot

    assert db.session.scalar(sa.select(sa.func.count()).select_from(InventoryLot)) == 0
    good = browser.post(f"/accessions/{accession.id}/lots/new?kind=plant", headers=EN, data={
        "lot_number": "YJ-L2-P", "location_id": str(location("GH1-B1-BED02").id),
        "plant_count": "8", "bed": "BED02", "row": "4", "planting_date": "2023-04-02"})
    assert good.status_code == 302


def test_moving_a_lot_records_a_movement_and_an_audit_entry(login_as, make_accession,
                                                            make_lot, location):
    lot = make_lot(make_accession(ACCENUMB="YJ-M1"), where="ST1-R1-S01")
    browser = login_as("agronomist")
    lot_page = body(browser.get(f"/accessions/lots/{lot.id}", headers=EN))
    assert "Move this lot" in lot_page and "\u00a0\u00a0\u00a0\u00a0ST1-R3-S01" in lot_page
    response = browser.post(f"/accessions/lots/{lot.id}/move", headers=EN, data={
        "to_location_id": str(location("ST1-R3-S01").id), "reason": "to medium-term store"})
    assert response.status_code == 302
    page = body(browser.get(f"/accessions/lots/{lot.id}", headers=EN))
    assert f"Lot {lot.lot_number} moved to ST1-R3-S01." in page
    movements = page.split('id="movements"')[1].split("</table>")[0]
    assert "ST1-R1-S01" in movements and "ST1-R3-S01" in movements
    assert "to medium-term store" in movements and "agronomist-signed-in" in movements
    history = page.split("<h2>History</h2>")[1]
    assert "Moved ST1-R1-S01 → ST1-R3-S01" in history and "<code>location_id</code>" in history


def test_a_refused_move_says_why_and_moves_nothing(login_as, make_accession, make_lot,
                                                   location):
    lot = make_lot(make_accession(ACCENUMB="YJ-M2"), where="ST1-R1-S01")
    browser = login_as("agronomist")
    same = browser.post(f"/accessions/lots/{lot.id}/move", headers=EN,
                        data={"to_location_id": str(location("ST1-R1-S01").id)})
    assert same.status_code == 400 and "The lot is already there." in body(same)
    future = browser.post(f"/accessions/lots/{lot.id}/move", headers=EN, data={
        "to_location_id": str(location("ST1-R2-S01").id), "moved_at": "2999-01-01T10:00"})
    assert future.status_code == 400 and "A move cannot be in the future." in body(future)
    garbled = browser.post(f"/accessions/lots/{lot.id}/move", headers=EN, data={
        "to_location_id": str(location("ST1-R2-S01").id), "moved_at": "yesterday"})
    assert garbled.status_code == 400 and "Give a date and time" in body(garbled)
    from germbank.extensions import db

    db.session.refresh(lot)
    assert lot.location.code == "ST1-R1-S01" and len(lot.movements) == 1


def test_germination_test_entry_computes_the_result(login_as, make_accession, make_lot):
    lot = make_lot(make_accession(ACCENUMB="YJ-G1"), initial_germination_pct=None)
    browser = login_as("agronomist")
    form = body(browser.get(f"/accessions/lots/{lot.id}/tests/new", headers=EN))
    assert "Replicate 8" in form and "data-germination-form" in form
    response = browser.post(f"/accessions/lots/{lot.id}/tests/new", headers=EN, data={
        "tested_on": "2024-06-01", "replicates": "4", "seeds_per_replicate": "50",
        "normal_1": "45", "normal_2": "46", "normal_3": "47", "normal_4": "48",
        "abnormal_count": "6", "dead_count": "5", "dormant_count": "3",
        "method": "TP 25 °C"})
    assert response.status_code == 302
    page = body(browser.get(response.headers["Location"], headers=EN))
    assert ("Germination test recorded: 93.00 % (186 normal seedlings of 200 seeds sown)."
            in page)
    assert "45 · 46 · 47 · 48" in page and "93.0 %" in page
    assert "Initial germination from the first test" in page  # audit entry of the lot


def test_germination_test_errors_are_per_field(login_as, make_accession, make_lot):
    lot = make_lot(make_accession(ACCENUMB="YJ-G2"))
    browser = login_as("agronomist")
    missing = browser.post(f"/accessions/lots/{lot.id}/tests/new", headers=EN, data={
        "tested_on": "2024-06-01", "replicates": "4", "seeds_per_replicate": "50",
        "normal_1": "45", "normal_2": "", "normal_3": "47", "normal_4": "48"})
    assert missing.status_code == 400
    assert "Give the normal seedlings of replicate 2." in body(missing)
    too_many = browser.post(f"/accessions/lots/{lot.id}/tests/new", headers=EN, data={
        "tested_on": "2024-06-01", "replicates": "2", "seeds_per_replicate": "50",
        "normal_1": "51", "normal_2": "20", "abnormal_count": "x"})
    html = body(too_many)
    assert too_many.status_code == 400
    assert "Replicate 1: 51 normal seedlings, but 50 seeds were sown." in html
    assert "Give a whole number." in html
    from germbank.extensions import db

    db.session.refresh(lot)
    assert lot.germination_tests == []


def test_observation_added_and_grouped_by_descriptor_and_cut(login_as, make_accession):
    accession = make_accession(ACCENUMB="YJ-O1", GENUS="Boehmeria", SPECIES="nivea")
    browser = login_as("agronomist")
    for cut, value in ((1, "182"), (2, "165")):
        response = browser.post(f"/accessions/{accession.id}/observations", headers=EN, data={
            "descriptor": "plant height", "value": value, "unit": "cm",
            "observed_on": "2024-06-1" + str(cut), "cut_number": str(cut)})
        assert response.status_code == 302
    browser.post(f"/accessions/{accession.id}/observations", headers=EN, data={
        "descriptor": "fibre fineness", "value": "1850", "unit": "Nm"})
    page = body(browser.get(f"/accessions/{accession.id}", headers=EN))
    assert "182 cm" in page and "165 cm" in page and "1850 Nm" in page
    only_second = body(browser.get(f"/accessions/{accession.id}?cut=2", headers=EN))
    table = only_second.split('id="observations"')[1].split("</table>")[0]
    assert "165 cm" in table and "182 cm" not in table and "1850 Nm" not in table
    bad = browser.post(f"/accessions/{accession.id}/observations", headers=EN,
                       data={"descriptor": "", "value": "", "cut_number": "4"})
    assert bad.status_code == 400 and body(bad).count('class="field-error"') >= 3


def test_regeneration_event_planned_from_the_accession_page(login_as, make_accession,
                                                            make_lot):
    accession = make_accession(ACCENUMB="YJ-R1")
    lot = make_lot(accession)
    browser = login_as("agronomist")
    response = browser.post(f"/accessions/{accession.id}/regeneration-events", headers=EN,
                            data={"status": "planned", "source_lot_id": str(lot.id),
                                  "planned_on": "2030-04-01", "site": "Field 3"})
    assert response.status_code == 302
    page = body(browser.get(f"/accessions/{accession.id}", headers=EN))
    section = page.split('id="regeneration-events"')[1]
    assert "2030-04-01" in section and "Field 3" in section and lot.lot_number in section
    bad = browser.post(f"/accessions/{accession.id}/regeneration-events", headers=EN,
                       data={"status": "completed", "started_on": "2024-05-01",
                             "completed_on": "2024-04-01"})
    assert bad.status_code == 400 and "Completed before it started." in body(bad)


@pytest.mark.parametrize("role", ["viewer", "technician", "project_manager"])
def test_readers_see_the_lot_but_cannot_change_it(login_as, make_accession, make_lot,
                                                  location, role):
    lot = make_lot(make_accession(ACCENUMB="YJ-RO"))
    browser = login_as(role)
    page = body(browser.get(f"/accessions/lots/{lot.id}", headers=EN))
    assert lot.lot_number in page and "Print label" in page
    assert "Move this lot" not in page and "Edit lot" not in page
    assert "Enter germination test" not in page
    target = str(location("ST1-R2-S01").id)
    assert browser.post(f"/accessions/lots/{lot.id}/move",
                        data={"to_location_id": target}).status_code == 403
    assert browser.post(f"/accessions/lots/{lot.id}/tests/new", data={}).status_code == 403
    assert browser.post(f"/accessions/lots/{lot.id}/edit", data={}).status_code == 403
    assert browser.get(f"/accessions/{lot.accession_id}/lots/new").status_code == 403
