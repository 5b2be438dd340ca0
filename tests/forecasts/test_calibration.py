"""Calibration: tests compared with predictions, Ki (and KE) fitted from synthetic tests through
the API and the pages, accepted fits stored with their quality and audited."""

from __future__ import annotations

import pytest

from germbank.viability.equation import percent_to_probit, probit_to_percent

EN = {"Accept-Language": "en"}
TRUE_INITIAL = 96.0  # the lot's real starting quality; its record says 90 %
TEST_AGES = (300, 200, 60)  # days ago


def _losses(lot, clock, days_ago):
    """Probits the current model predicts the lot lost by each test date."""
    from germbank.forecasts.services.climate import ClimateCache
    from germbank.forecasts.services.lot_forecasts import forecast_lot

    base = forecast_lot(lot, ClimateCache(until=clock.now), fit=None).forecast
    return [base.loss_at(clock.date_ago(days)) for days in days_ago]


@pytest.fixture
def aged_lot(stores, make_lot, clock):
    """A lot in the warm room for a year, recorded as 90 % initial germination."""
    return make_lot(stores["warm"], placed_at=clock.days_ago(365))


def _add_tests(lot, clock, percents):
    from germbank.accessions.services.germination import record_germination_test
    from germbank.extensions import db

    for days, percent in zip(TEST_AGES, percents, strict=True):
        record_germination_test(
            lot,
            {
                "tested_on": clock.date_ago(days),
                "replicates": 4,
                "seeds_per_replicate": 100,
                "normal_counts": [round(percent)] * 4,
            },
        )
    db.session.commit()


def _synthetic(lot, clock, *, ki, scale=1.0):
    """Germination % the lot would show if its Ki (and the loss scale, i.e. KE) were these."""
    return [probit_to_percent(ki - scale * loss) for loss in _losses(lot, clock, TEST_AGES)]


def test_each_test_is_compared_with_its_prediction(aged_lot, clock, login_as):
    _add_tests(aged_lot, clock, _synthetic(aged_lot, clock, ki=percent_to_probit(TRUE_INITIAL)))

    body = login_as("viewer").get(f"/api/v1/forecasts/lots/{aged_lot.id}").get_json()

    errors = [t["error_pct_points"] for t in body["tests"]]
    assert len(errors) == 3
    # The seed is better than its record says, so every test beats the prediction.
    assert all(error > 2 for error in errors)
    for test in body["tests"]:
        assert test["error_pct_points"] == pytest.approx(
            test["measured_pct"] - test["predicted_pct"]
        )


def test_api_fits_ki_from_synthetic_tests_and_accepts_it(aged_lot, clock, api_token, client):
    from germbank.audit import history
    from germbank.forecasts.services.calibration import AUDIT_ENTITY

    true_ki = percent_to_probit(TRUE_INITIAL)
    _add_tests(aged_lot, clock, _synthetic(aged_lot, clock, ki=true_ki))
    headers = {"Authorization": f"Bearer {api_token('agronomist')}"}

    response = client.post(
        f"/api/v1/forecasts/lots/{aged_lot.id}/calibration",
        json={"mode": "ki", "accept": True},
        headers=headers,
    )

    assert response.status_code == 200, response.get_json()
    fit = response.get_json()
    assert fit["ki"] == pytest.approx(true_ki, abs=0.03)  # counts are whole seeds
    assert fit["initial_pct"] == pytest.approx(TRUE_INITIAL, abs=0.5)
    assert fit["n_tests"] == 3 and fit["rmse_pct"] < 1.0 and fit["accepted"] is True
    after = client.get(f"/api/v1/forecasts/lots/{aged_lot.id}", headers=headers).get_json()
    assert after["ki_basis"] == "fit"
    assert all(abs(t["error_pct_points"]) < 1.0 for t in after["tests"])
    stored = history(AUDIT_ENTITY, 1)
    assert stored and stored[0].action == "create" and stored[0].username == "agronomist-api"


def test_api_fits_ke_when_three_tests_span_enough_ageing(aged_lot, clock, api_token, client):
    """Tests generated with losses 1.6 times the model's: KE comes out 0.2 lower."""
    from germbank.viability.constants import default_constants

    true_ki = percent_to_probit(TRUE_INITIAL)
    _add_tests(aged_lot, clock, _synthetic(aged_lot, clock, ki=true_ki, scale=10**0.2))

    response = client.post(
        f"/api/v1/forecasts/lots/{aged_lot.id}/calibration",
        json={"mode": "ki_ke"},
        headers={"Authorization": f"Bearer {api_token('agronomist')}"},
    )

    fit = response.get_json()
    assert response.status_code == 200, fit
    assert fit["ke"] == pytest.approx(default_constants("kenaf").ke - 0.2, abs=0.05)
    assert fit["r_squared"] > 0.99
    assert fit["accepted"] is False


def test_api_explains_why_a_fit_is_refused(aged_lot, api_token, client):
    response = client.post(
        f"/api/v1/forecasts/lots/{aged_lot.id}/calibration",
        json={"mode": "ki"},
        headers={"Authorization": f"Bearer {api_token('agronomist')}", **EN},
    )

    assert response.status_code == 422
    assert "no germination test" in response.get_json()["detail"]


def test_page_shows_fit_quality_and_accepts_only_the_fit_shown(aged_lot, clock, login_as):
    _add_tests(aged_lot, clock, _synthetic(aged_lot, clock, ki=percent_to_probit(TRUE_INITIAL)))
    browser = login_as("agronomist")

    page = browser.get(f"/forecasts/lots/{aged_lot.id}/calibration?mode=ki", headers=EN)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Tests used" in text and "RMSE" in text and "R²" in text

    stale = browser.post(
        f"/forecasts/lots/{aged_lot.id}/calibration", data={"mode": "ki", "ki": "0.1"}, headers=EN
    )
    assert stale.status_code == 302
    assert browser.get(f"/api/v1/forecasts/lots/{aged_lot.id}").get_json()["ki_basis"] == "initial"

    from germbank.forecasts.services.calibration import propose_lot_fit
    from germbank.forecasts.services.climate import ClimateCache

    shown = propose_lot_fit(aged_lot, "ki", ClimateCache(until=clock.now)).fit.ki
    accepted = browser.post(
        f"/forecasts/lots/{aged_lot.id}/calibration", data={"mode": "ki", "ki": repr(shown)}
    )
    assert accepted.status_code == 302
    assert browser.get(f"/api/v1/forecasts/lots/{aged_lot.id}").get_json()["ki_basis"] == "fit"

    withdrawn = browser.post(f"/forecasts/lots/{aged_lot.id}/calibration/withdraw")
    assert withdrawn.status_code == 302
    assert browser.get(f"/api/v1/forecasts/lots/{aged_lot.id}").get_json()["ki_basis"] == "initial"


def test_crop_fit_sets_ke_for_the_crop_and_ki_per_lot(stores, make_lot, clock, login_as):
    """Two lots whose tests age 1.6 times faster than the model: the crop's KE drops by 0.2."""
    from germbank.extensions import db
    from germbank.forecasts.services.calibration import propose_crop_fit
    from germbank.forecasts.services.climate import ClimateCache
    from germbank.viability.constants import default_constants

    first = make_lot(stores["warm"], placed_at=clock.days_ago(365))
    second = make_lot(stores["warm"], placed_at=clock.days_ago(365))
    _add_tests(first, clock, _synthetic(first, clock, ki=percent_to_probit(95), scale=10**0.2))
    _add_tests(second, clock, _synthetic(second, clock, ki=percent_to_probit(88), scale=10**0.2))
    crop = first.accession.crop
    browser = login_as("agronomist")

    page = browser.get(f"/forecasts/crops/{crop.id}/calibration", headers=EN)
    assert page.status_code == 200 and "Proposed KE" in page.get_data(as_text=True)
    proposal = propose_crop_fit(crop, ClimateCache(until=clock.now))
    assert proposal.calibration.ke == pytest.approx(default_constants("kenaf").ke - 0.2, abs=0.05)

    response = browser.post(
        f"/forecasts/crops/{crop.id}/calibration", data={"ke": repr(proposal.calibration.ke)}
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert crop.viability_ke == pytest.approx(proposal.calibration.ke)
    assert crop.constants_source.startswith("KE fitted on this bank's germination tests")
    constants = browser.get(f"/api/v1/forecasts/crops/{crop.id}/constants").get_json()
    assert constants["is_substitute"] is True  # CW is still cotton's
    for lot, initial in ((first, 95), (second, 88)):
        body = browser.get(f"/api/v1/forecasts/lots/{lot.id}").get_json()
        assert body["ki_basis"] == "fit" and body["fit_is_stale"] is False
        assert body["ki"] == pytest.approx(percent_to_probit(initial), abs=0.05)
