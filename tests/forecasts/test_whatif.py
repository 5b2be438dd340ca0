"""What-if: a store excursion moves the crossing dates of the lots that were in it, only those."""

from __future__ import annotations

from datetime import timedelta

import pytest

EN = {"Accept-Language": "en"}


@pytest.fixture
def lots(stores, make_lot, clock):
    """Two lots in store S1 (a shelf of one room, another room), one in store S2, and one
    that left S1 for S2 before the excursion."""
    return {
        "shelf": make_lot(stores["shelf"], placed_at=clock.days_ago(200), lot_number="IN-SHELF"),
        "warm": make_lot(stores["warm"], placed_at=clock.days_ago(100), lot_number="IN-WARM"),
        "other": make_lot(stores["cold"], placed_at=clock.days_ago(200), lot_number="OTHER"),
        "left": make_lot(
            stores["cool"],
            placed_at=clock.days_ago(200),
            lot_number="LEFT",
            moves=[(clock.days_ago(50), stores["cold"])],
        ),
    }


def _run(store, clock, **kwargs):
    from germbank.forecasts.services.whatif import run_what_if

    return run_what_if(store, start=clock.days_ago(20), **kwargs)


def test_excursion_moves_only_lots_that_were_in_the_store(stores, lots, clock):
    result = _run(stores["store"], clock, days=10, delta_temperature_c=10, moved_more_than_days=1)

    moved = {row.lot_forecast.lot.lot_number: row.shift for row in result.rows}
    assert set(moved) == {"IN-SHELF", "IN-WARM"}
    assert result.lots_considered == 2
    assert result.moved_count == 2
    assert all(shift.shift_days > 1 for shift in moved.values())
    # Ten hot days cost more where the seed was already warm (as in docs/viability.md).
    assert moved["IN-WARM"].shift_days > moved["IN-SHELF"].shift_days
    assert moved["IN-SHELF"].new_crossing < moved["IN-SHELF"].old_crossing


def test_excursion_moves_lots_up_the_plan(stores, make_location, make_lot, lots, clock):
    """A lot in another store that was due just before the shelf lot falls behind it."""
    elsewhere = make_location("S3", kind="store", temperature=12, rh=55)
    make_lot(elsewhere, placed_at=clock.days_ago(210), lot_number="S3-AHEAD")

    result = _run(stores["store"], clock, days=10, delta_temperature_c=10)

    shelf = next(row for row in result.rows if row.lot_forecast.lot.lot_number == "IN-SHELF")
    assert shelf.rank_after == shelf.rank_before - 1
    assert all(row.rank_after <= row.rank_before for row in result.rows)


def test_threshold_of_moved_decides_what_counts(stores, lots, clock):
    result = _run(stores["store"], clock, days=10, delta_temperature_c=10)
    shifts = sorted(row.shift.shift_days for row in result.rows)

    between = (shifts[0] + shifts[1]) / 2
    counted = _run(
        stores["store"], clock, days=10, delta_temperature_c=10, moved_more_than_days=between
    )

    assert counted.moved_count == 1


def test_room_excursion_spares_the_rest_of_the_store(stores, lots, clock):
    result = _run(stores["warm"], clock, days=10, delta_temperature_c=10, moved_more_than_days=0)

    assert [row.lot_forecast.lot.lot_number for row in result.rows] == ["IN-WARM"]


def test_what_if_page_counts_and_lists_lots(stores, lots, clock, login_as):
    start = (clock.now - timedelta(days=20)).date().isoformat()

    page = login_as("viewer").get(
        "/forecasts/whatif",
        query_string={
            "location_id": stores["store"].id,
            "start": start,
            "days": 10,
            "delta_temperature_c": 10,
            "moved_more_than_days": 1,
        },
        headers=EN,
    )

    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "2 of 2 lots move by more than 1 days" in text
    assert "IN-WARM" in text and "IN-SHELF" in text and "OTHER" not in text
    assert "Place in the plan" in text and "lots move up the regeneration plan" in text


def test_what_if_page_refuses_a_bad_scenario(stores, login_as):
    page = login_as("viewer").get(
        "/forecasts/whatif",
        query_string={"location_id": stores["store"].id, "start": "x", "days": -1},
        headers=EN,
    )

    assert page.status_code == 400
    assert "field-error" in page.get_data(as_text=True)


def test_what_if_api_counts(stores, lots, clock, api_token, client):
    response = client.post(
        "/api/v1/forecasts/whatif",
        json={
            "location": "S1",
            "start": (clock.now - timedelta(days=20)).isoformat(),
            "days": 10,
            "delta_temperature_c": 10,
            "moved_more_than_days": 1,
        },
        headers={"Authorization": f"Bearer {api_token('viewer')}"},
    )

    body = response.get_json()
    assert response.status_code == 200, body
    assert body["moved_count"] == 2 and body["lots_considered"] == 2
    assert {s["lot_number"] for s in body["shifts"]} == {"IN-SHELF", "IN-WARM"}


def test_what_if_api_refuses_a_naive_start(api_token, client, stores):
    response = client.post(
        "/api/v1/forecasts/whatif",
        json={
            "location": "S1",
            "start": "2026-01-01T00:00:00",
            "days": 1,
            "delta_temperature_c": 5,
        },
        headers={"Authorization": f"Bearer {api_token('viewer')}"},
    )

    assert response.status_code == 422
    assert "start" in response.get_json()["errors"]["json"]
