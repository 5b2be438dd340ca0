"""The climate a lot lived in: its stays across moves, measured in the room above its shelf."""

import pytest

from germbank.extensions import db


@pytest.fixture
def store(make_location, climate, at):
    """Rooms R1 (always 12 °C / 55 %) and R2 (16 °C / 65 % — out of range), shelves under them."""
    from germbank.monitoring.services.thresholds import apply_defaults

    st = make_location("ST1", "short_term", kind="store")
    r1 = make_location("ST1-R1", "short_term", parent=st)
    r2 = make_location("ST1-R2", "short_term", parent=st)
    s1 = make_location("ST1-R1-S01", None, kind="shelf", parent=r1)
    s2 = make_location("ST1-R2-S01", None, kind="shelf", parent=r2)
    for room in (r1, r2):
        apply_defaults(room)
    db.session.commit()
    for minutes in range(0, 10 * 24 * 60, 15):
        climate.add(r1.id, "temperature", at(minutes), 12.0)
        climate.add(r1.id, "humidity", at(minutes), 55.0)
        climate.add(r2.id, "temperature", at(minutes), 16.0)
        climate.add(r2.id, "humidity", at(minutes), 65.0)
    return {"R1": r1, "R2": r2, "S1": s1, "S2": s2}


@pytest.fixture
def lot(store, at):
    """A seed lot placed on R1's shelf at day 1, moved to R2's shelf at day 3, back at day 4."""
    from germbank.models.accessions import Accession
    from germbank.models.inventory import InventoryLot, LotMovement

    accession = Accession(instcode="CHN001", accenumb="ZM-0001", genus="Boehmeria")
    seed_lot = InventoryLot(accession=accession, lot_number="L-0001", kind="seed",
                            location=store["S1"])
    db.session.add_all([accession, seed_lot])
    moves = [
        (None, store["S1"], at(24 * 60)),
        (store["S1"], store["S2"], at(3 * 24 * 60)),
        (store["S2"], store["S1"], at(4 * 24 * 60)),
    ]
    for origin, target, when in moves:
        db.session.add(LotMovement(lot=seed_lot, from_location=origin, to_location=target,
                                   moved_at=when))
    db.session.commit()
    return seed_lot


def test_stays_follow_the_movements_and_find_the_sensed_room(lot, store, at):
    from germbank.monitoring.services.lot_climate import lot_stays

    stays = lot_stays(lot)
    assert [(s.location.code, s.climate_location.code, s.start, s.end) for s in stays] == [
        ("ST1-R1-S01", "ST1-R1", at(24 * 60), at(3 * 24 * 60)),
        ("ST1-R2-S01", "ST1-R2", at(3 * 24 * 60), at(4 * 24 * 60)),
        ("ST1-R1-S01", "ST1-R1", at(4 * 24 * 60), None),
    ]


def test_exposure_counts_only_the_day_spent_in_the_bad_room(lot, at):
    from germbank.monitoring.services.lot_climate import lot_climate

    climate = lot_climate(lot, now=at(10 * 24 * 60))
    assert climate.metrics == ["temperature", "humidity"]
    humidity = climate.totals["humidity"]
    assert humidity.hours_covered == pytest.approx(9 * 24)
    assert humidity.hours_out_of_range == pytest.approx(24)
    assert humidity.hours_above == pytest.approx(24)
    assert humidity.highest.value == 65.0 and humidity.lowest.value == 55.0
    assert humidity.mean == pytest.approx((55.0 * 8 + 65.0) / 9)
    assert [round(row["temperature"].hours_out_of_range) for row in climate.per_stay] == [0, 24, 0]
    assert climate.since == at(24 * 60)


def test_lot_climate_json_has_each_stay_with_its_own_band(lot, client, api_token, at):
    headers = {"Authorization": f"Bearer {api_token('agronomist')}"}
    body = client.get(
        f"/api/v1/monitoring/lots/{lot.id}/climate",
        query_string={"end": at(10 * 24 * 60).isoformat(), "metrics": "humidity"},
        headers=headers,
    ).json
    assert [s["climate_location"] for s in body["stays"]] == ["ST1-R1", "ST1-R2", "ST1-R1"]
    (humidity,) = body["metrics"]
    assert [(b["minimum"], b["maximum"]) for b in humidity["bands"]] == [(40.0, 60.0)] * 3
    assert humidity["bands"][1]["from"] == at(3 * 24 * 60).timestamp()
    values = [v for v in humidity["max"] if v is not None]
    assert set(values) == {55.0, 65.0}
    assert humidity["t"] == sorted(humidity["t"])
    assert body["since"] == at(24 * 60).isoformat()
    assert body["exposure"]["humidity"]["hours_out_of_range"] > 0


def test_lot_climate_of_an_unknown_lot_is_404(client, api_token, app):
    headers = {"Authorization": f"Bearer {api_token('viewer')}"}
    response = client.get("/api/v1/monitoring/lots/999/climate", headers=headers)
    assert response.status_code == 404


def test_partials_render_the_exposure_for_the_lot_and_accession_pages(lot, app, at):
    from flask import render_template_string

    with app.test_request_context(headers={"Accept-Language": "en"}):
        lot_html = render_template_string('{% include "monitoring/_lot_climate.html" %}', lot=lot)
        accession_html = render_template_string(
            '{% include "monitoring/_accession_climate.html" %}',
            accession=lot.accession, lots=[lot],
        )
    assert "Climate this lot lived in" in lot_html
    assert 'data-exposure-metric="humidity"' in lot_html
    assert "ST1-R2" in lot_html
    assert "data-climate-chart" in lot_html
    assert f"/api/v1/monitoring/lots/{lot.id}/climate" in lot_html
    assert 'data-exposure-lot="L-0001"' in accession_html
    assert "<script>" not in lot_html + accession_html


def test_an_unplaced_lot_says_so(store, app):
    from flask import render_template_string

    from germbank.models.accessions import Accession
    from germbank.models.inventory import InventoryLot

    accession = Accession(instcode="CHN001", accenumb="ZM-0002", genus="Hibiscus")
    fresh = InventoryLot(accession=accession, lot_number="L-0002", kind="seed")
    db.session.add_all([accession, fresh])
    db.session.commit()
    with app.test_request_context(headers={"Accept-Language": "en"}):
        html = render_template_string('{% include "monitoring/_lot_climate.html" %}', lot=fresh)
    assert "has not been placed" in html


def test_the_accession_and_lot_pages_show_the_climate(lot, login_as):
    browser = login_as("agronomist")
    lot_page = browser.get(f"/accessions/lots/{lot.id}", headers={"Accept-Language": "en"})
    assert lot_page.status_code == 200
    assert "Climate this lot lived in" in lot_page.get_data(as_text=True)
    page = browser.get(f"/accessions/{lot.accession_id}", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    assert 'data-exposure-lot="L-0001"' in page.get_data(as_text=True)


def test_first_measured_hour_is_where_the_data_begins(lot, climate, store, at):
    from germbank.monitoring.services.lot_climate import lot_climate

    assert lot_climate(lot, now=at(10 * 24 * 60)).first_measured == at(24 * 60)
