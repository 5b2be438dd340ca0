"""Crop constants: defaults with their source and substitute label, edits by agronomists
(audited, used by forecasts, validated), restoring defaults; who may see and change what."""

from __future__ import annotations

import pytest

EN = {"Accept-Language": "en"}


def _form(**changes):
    values = {
        "ke": "9.24",
        "cw": "5.19",
        "ch": "0.03965",
        "cq": "0.000426",
        "moisture_floor_pct": "3.6",
        "moisture_model": "cromarty",
        "oil_content_pct": "20",
        "source": "Own storage trial, Yuanjiang 2024.",
        "is_substitute": "",
        "substitute_for": "",
        "note": "",
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v != "" or k in ("substitute_for", "note")}


def test_defaults_show_their_source_and_substitute_label(make_crop, login_as):
    crop = make_crop("hemp")

    page = login_as("viewer").get(f"/forecasts/crops/{crop.id}", headers=EN)

    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Substitute: borrowed from Gossypium hirsutum (cotton)" in text
    assert "Pesquisa Agropecuária Brasileira" in text
    assert "Likely OPTIMISTIC for hemp" in text
    listing = login_as("technician").get("/forecasts/crops", headers=EN).get_data(as_text=True)
    assert "hemp" in listing and "Substitute" in listing


def test_agronomist_edits_constants_audited_and_used_by_forecasts(
    stores, make_lot, clock, login_as
):
    from germbank.audit import history
    from germbank.forecasts.services.constants import AUDIT_ENTITY

    lot = make_lot(stores["cool"], placed_at=clock.days_ago(100))
    crop = lot.accession.crop
    browser = login_as("agronomist")
    before = browser.get(f"/api/v1/forecasts/lots/{lot.id}").get_json()["crossing"]

    response = browser.post(f"/forecasts/crops/{crop.id}", data=_form(ke="9.6"))

    assert response.status_code == 302
    constants = browser.get(f"/api/v1/forecasts/crops/{crop.id}/constants").get_json()
    assert constants["ke"] == 9.6 and constants["is_substitute"] is False
    assert constants["source"] == "Own storage trial, Yuanjiang 2024."
    assert "ke" in constants["edited"]
    after = browser.get(f"/api/v1/forecasts/lots/{lot.id}").get_json()["crossing"]
    assert after > before  # a higher KE means longer-lived seed
    entry = history(AUDIT_ENTITY, crop.id)[0]
    assert entry.username == "agronomist-signed-in"
    assert entry.changes["ke"] == [9.24, 9.6]
    assert entry.changes["is_substitute"] == [True, False]


def test_invalid_constants_are_refused_field_by_field(make_crop, login_as):
    crop = make_crop("jute")
    browser = login_as("agronomist")

    response = browser.post(
        f"/forecasts/crops/{crop.id}",
        data=_form(cw="-1", is_substitute="y", substitute_for="", moisture_model="sealed"),
        headers=EN,
    )

    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "CW must be positive" in text
    assert "Name the species whose constants stand in for this crop" in text
    assert "Enter the values the chosen seed-moisture relation needs" in text  # packing moisture
    constants = browser.get(f"/api/v1/forecasts/crops/{crop.id}/constants").get_json()
    assert constants["cw"] == pytest.approx(5.19)


def test_restore_defaults_forgets_edits(make_crop, login_as):
    crop = make_crop("flax")
    browser = login_as("admin")
    browser.post(f"/forecasts/crops/{crop.id}", data=_form(ke="8.0"))

    response = browser.post(f"/forecasts/crops/{crop.id}/restore")

    assert response.status_code == 302
    constants = browser.get(f"/api/v1/forecasts/crops/{crop.id}/constants").get_json()
    assert constants["ke"] == pytest.approx(9.24) and constants["edited"] == []
    assert constants["is_substitute"] is True


def test_crop_without_defaults_asks_for_constants(make_crop, make_lot, stores, clock, login_as):
    crop = make_crop("okra")
    lot = make_lot(stores["cool"], crop="okra", placed_at=clock.days_ago(10))
    browser = login_as("agronomist")

    assert "enter KE and CW" in browser.get("/forecasts/crops", headers=EN).get_data(as_text=True)
    assert browser.get(f"/api/v1/forecasts/lots/{lot.id}").status_code == 422

    browser.post(f"/forecasts/crops/{crop.id}", data=_form(ke="8.5", cw="4.8"))

    assert browser.get(f"/api/v1/forecasts/lots/{lot.id}").status_code == 200


@pytest.mark.parametrize("role", ["viewer", "technician", "project_manager"])
def test_other_roles_read_but_cannot_change(role, make_crop, stores, make_lot, clock, login_as):
    lot = make_lot(stores["cool"], placed_at=clock.days_ago(30), tests=[(clock.date_ago(5), 88)])
    crop = lot.accession.crop
    browser = login_as(role)

    for url in (
        "/forecasts/planner",
        "/forecasts/crops",
        f"/forecasts/crops/{crop.id}",
        f"/forecasts/lots/{lot.id}",
        "/forecasts/whatif",
    ):
        assert browser.get(url).status_code == 200, url
    page = browser.get(f"/forecasts/crops/{crop.id}", headers=EN).get_data(as_text=True)
    assert "Save constants" not in page
    assert browser.post(f"/forecasts/crops/{crop.id}", data=_form(ke="1")).status_code == 403
    assert browser.post(f"/forecasts/crops/{crop.id}/restore").status_code == 403
    assert (
        browser.post(f"/forecasts/lots/{lot.id}/calibration", data={"ki": "1"}).status_code == 403
    )
    api = browser.post(f"/api/v1/forecasts/lots/{lot.id}/calibration", json={"mode": "ki"})
    assert api.status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, make_crop):
    crop = make_crop("kenaf")

    for url in ("/forecasts/planner", f"/forecasts/crops/{crop.id}", "/forecasts/planner.xlsx"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    assert client.post(f"/forecasts/crops/{crop.id}", data=_form()).status_code == 302
    assert client.get("/api/v1/forecasts/planner").status_code == 401


def test_viability_is_in_the_navigation(login_as):
    page = login_as("viewer").get("/home", headers=EN).get_data(as_text=True)

    assert 'href="/forecasts/planner"' in page and "Viability" in page
