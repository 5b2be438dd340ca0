"""The regeneration planner: a warmer history moves a lot up, the months filter, next tests,
predicted_due_within for the regeneration list, and the XLSX export."""

from __future__ import annotations

import io

import pytest

EN = {"Accept-Language": "en"}


def _plan(**kwargs):
    from germbank.forecasts.services.planner import build_plan

    return build_plan(**kwargs)


@pytest.fixture
def twins(stores, make_lot, clock):
    """Two lots of the same crop and quality; the second spent 40 days in the warm room."""
    calm = make_lot(stores["cool"], placed_at=clock.days_ago(400), lot_number="CALM")
    warmed = make_lot(
        stores["cool"],
        placed_at=clock.days_ago(400),
        lot_number="WARMED",
        moves=[(clock.days_ago(300), stores["warm"]), (clock.days_ago(260), stores["cool"])],
    )
    return calm, warmed


def test_warmer_history_moves_the_lot_up_the_plan(twins):
    calm, warmed = twins

    rows = _plan().rows

    assert [row.lot_number for row in rows] == ["WARMED", "CALM"]
    assert rows[0].crossing < rows[1].crossing
    assert rows[0].predicted_now_pct < rows[1].predicted_now_pct


def test_measured_cooling_failure_moves_lots_of_that_room_up(
    stores, make_location, make_lot, sensed, clock
):
    """Two rooms with the same set point; only the sensors of one saw a 10-day failure."""
    twin = make_location("S1-TWIN", parent=stores["store"])
    make_lot(stores["cool"], placed_at=clock.days_ago(400), lot_number="AA-STEADY")
    failed = make_lot(twin, placed_at=clock.days_ago(400), lot_number="ZZ-FAILED")
    assert [row.lot_number for row in _plan().rows] == ["AA-STEADY", "ZZ-FAILED"]  # a tie
    sensed(twin, clock.days_ago(30), clock.days_ago(20), 30.0, 75.0)

    after = _plan().rows

    assert [row.lot_number for row in after] == ["ZZ-FAILED", "AA-STEADY"]
    assert after[0].crossing < after[1].crossing
    assert after[0].lot_id == failed.id
    assert after[0].measured_fraction == pytest.approx(10 / 400, abs=1e-3)


def test_months_filter_keeps_lots_predicted_below_within_the_horizon(twins):
    calm, warmed = twins
    rows = {row.lot_number: row for row in _plan().rows}
    horizon = int(rows["WARMED"].months_to_crossing) + 1
    assert rows["CALM"].months_to_crossing > horizon  # the test needs the two to differ

    kept = _plan(months=horizon).rows

    assert [row.lot_number for row in kept] == ["WARMED"]


def test_predicted_due_within_names_lots_and_crossing_dates(twins):
    from germbank.forecasts.services.planner import predicted_due_within

    calm, warmed = twins
    rows = {row.lot_number: row for row in _plan().rows}
    horizon = int(rows["WARMED"].months_to_crossing) + 1

    due = predicted_due_within(horizon)

    assert due == {warmed.id: rows["WARMED"].crossing.date()}


def test_next_test_is_never_later_than_the_standard_interval(stores, make_lot, clock):
    """A lot in the cold store keeps well: its next test is the standard interval after the
    last test; a badly aged one is due at once (never later than the interval)."""
    cold = make_lot(stores["cold"], placed_at=clock.days_ago(100), tests=[(clock.date_ago(90), 90)])
    hot = make_lot(stores["warm"], placed_at=clock.days_ago(900), tests=[(clock.date_ago(30), 40)])

    rows = {row.lot_id: row for row in _plan().rows}

    cold_row, hot_row = rows[cold.id], rows[hot.id]
    assert cold_row.next_test_driven_by == "standard_interval"
    # Medium-term store: 5 years after the last test.
    assert (cold_row.next_test_on.date() - clock.date_ago(90)).days in (1826, 1827)
    assert hot_row.next_test_driven_by == "prediction"
    assert hot_row.next_test_on.date() <= clock.date_ago(30)


def test_planner_page_lists_lots_in_order_with_stock(twins, login_as):
    page = login_as("viewer").get("/forecasts/planner", headers=EN)

    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert text.index("WARMED") < text.index("CALM")
    assert "Seed needed" in text
    assert "1500" in text  # the crop minimum of viable seeds (self-pollinating default)


def test_bad_filter_is_refused_with_a_message(twins, login_as):
    page = login_as("viewer").get("/forecasts/planner?months=-3", headers=EN)

    assert page.status_code == 400
    assert "The filter was not understood" in page.get_data(as_text=True)


def test_xlsx_opens_and_has_the_planner_columns(twins, login_as):
    import openpyxl

    response = login_as("viewer").get("/forecasts/planner.xlsx", headers=EN)

    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [
        "Lot",
        "Accession",
        "Crop",
        "Location",
        "Initial germination (%)",
        "Predicted now (%)",
        "Regeneration threshold (%)",
        "Last test (%)",
        "Last test minus prediction (points)",
        "Predicted crossing",
        "Months to crossing",
        "Next test",
        "Next test set by",
        "Seeds in stock",
        "Viable seeds now (predicted)",
        "Seed needed (crop minimum, viable)",
        "Measured share of history (%)",
        "Constants are a substitute",
    ]
    assert [row[0] for row in rows[1:]] == ["WARMED", "CALM"]
    assert rows[1][2] == "kenaf"
    assert rows[1][6] == pytest.approx(76.5)
    assert rows[1][15] == 1500


def test_planner_api_returns_rows_in_plan_order(twins, api_token, client):
    token = api_token("viewer")

    response = client.get("/api/v1/forecasts/planner", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 200
    assert [row["lot_number"] for row in response.get_json()] == ["WARMED", "CALM"]


def test_demo_fits_tested_lots_once(stores, make_lot, clock):
    from germbank.extensions import db
    from germbank.forecasts import demo
    from germbank.models.forecasts import LotViabilityFit

    tested = make_lot(
        stores["warm"],
        placed_at=clock.days_ago(300),
        tests=[(clock.date_ago(200), 80), (clock.date_ago(20), 60)],
    )
    make_lot(stores["cool"], placed_at=clock.days_ago(300))

    demo.load()
    demo.load()

    fits = db.session.scalars(db.select(LotViabilityFit)).all()
    assert [(fit.lot_id, fit.n_tests) for fit in fits] == [(tested.id, 2)]
