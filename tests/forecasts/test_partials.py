"""The partials other pages include: the lot and accession forecasts and the predicted-due list."""

from __future__ import annotations

import pytest

EN = {"Accept-Language": "en"}


def _render(app, template, **context):
    from flask import render_template

    with app.test_request_context(headers=EN):
        from flask_login import login_user

        from germbank.extensions import db
        from germbank.models import User

        login_user(db.session.scalar(db.select(User)))
        return render_template(template, **context)


def test_lot_partial_has_chart_tests_and_why(app, make_user, stores, make_lot, clock):
    make_user("viewer")
    lot = make_lot(stores["warm"], placed_at=clock.days_ago(300), tests=[(clock.date_ago(10), 60)])

    html = _render(app, "forecasts/_lot_forecast.html", lot=lot)

    assert f'data-forecast-chart="/api/v1/forecasts/lots/{lot.id}/chart"' in html
    assert html.count("uPlot.iife.min.js") == 1 and html.count("js/forecasts.js") == 1
    assert "Tests against the prediction" in html and "Why this forecast?" in html
    assert "Fit Ki to the tests" not in html  # a viewer cannot calibrate


def test_accession_partial_charts_every_seed_lot_once(app, make_user, stores, make_lot, clock):
    from germbank.accessions.services.lots import create_lot
    from germbank.extensions import db

    make_user("viewer")
    first = make_lot(stores["warm"], placed_at=clock.days_ago(300))
    create_lot(
        first.accession,
        {"kind": "seed", "lot_number": "SECOND", "location_id": stores["cool"].id},
        placed_at=clock.days_ago(30),
    )
    db.session.commit()

    html = _render(app, "forecasts/_accession_forecast.html", accession=first.accession)

    assert f"/api/v1/forecasts/accessions/{first.accession.id}/chart" in html
    assert first.lot_number in html
    assert "No forecast for SECOND:" in html  # no initial germination and no test


def test_accession_chart_has_one_curve_per_lot_and_the_tests(stores, make_lot, clock, login_as):
    lot = make_lot(stores["warm"], placed_at=clock.days_ago(300), tests=[(clock.date_ago(10), 60)])

    body = (
        login_as("viewer").get(f"/api/v1/forecasts/accessions/{lot.accession_id}/chart").get_json()
    )

    (series,) = body["lots"]
    assert len(series["curve"]) == len(body["x"]) == len(series["tests"])
    assert [v for v in series["tests"] if v is not None] == [60.0]
    assert series["threshold"] == pytest.approx(76.5)
    assert body["x"][0] <= series["crossing"] <= body["x"][-1]


def test_predicted_due_partial_lists_lots_due_soon(app, make_user, stores, make_lot, clock):
    make_user("viewer")
    make_lot(stores["warm"], placed_at=clock.days_ago(300), lot_number="SOON")
    make_lot(stores["cold"], placed_at=clock.days_ago(300), lot_number="LATER")

    html = _render(app, "forecasts/_predicted_due.html", months=12)

    assert "Predicted to fall below the threshold within 12 months" in html
    assert "SOON" in html and "LATER" not in html


def test_accessions_pages_show_the_forecast_once(stores, make_lot, clock, login_as, app):
    if "accessions.lot" not in app.view_functions:
        pytest.skip("the accessions pages are not part of this checkout")
    lot = make_lot(stores["warm"], placed_at=clock.days_ago(300), tests=[(clock.date_ago(10), 60)])
    browser = login_as("viewer")

    for url in (f"/accessions/lots/{lot.id}", f"/accessions/{lot.accession_id}"):
        html = browser.get(url, headers=EN).get_data(as_text=True)
        assert "Viability forecast" in html, url
        assert html.count("uPlot.iife.min.js") == 1, url
