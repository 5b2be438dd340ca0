"""A lot's climate history follows its movements, uses the sensors of the room it sat in, and
fills what was not measured from set points, saying so."""

from __future__ import annotations

from datetime import timedelta

import pytest


def _forecast(lot, clock):
    from germbank.forecasts.services.climate import ClimateCache
    from germbank.forecasts.services.lot_forecasts import forecast_lot

    return forecast_lot(lot, ClimateCache(until=clock.now))


def test_history_follows_movements_with_measured_and_setpoint_parts(
    stores, make_lot, sensed, clock
):
    """Shelf in the cool room (sensors there for half the stay), then the unsensed warm room."""
    sensed(stores["cool"], clock.days_ago(200), clock.days_ago(150), 15.0, 60.0)
    lot = make_lot(
        stores["shelf"],
        placed_at=clock.days_ago(200),
        moves=[(clock.days_ago(100), stores["warm"])],
    )

    result = _forecast(lot, clock)

    shelf, warm = result.stays
    assert (shelf.summary.location, warm.summary.location) == ("S1-COOL-A", "S1-WARM")
    assert shelf.summary.days == pytest.approx(100, abs=0.01)
    assert warm.summary.days == pytest.approx(100, abs=0.01)
    # The shelf has no sensors of its own: its room's are used, for the 50 days they reported.
    assert shelf.climate_from == "S1-COOL"
    assert shelf.summary.measured_fraction == pytest.approx(0.5, abs=1e-3)
    # The other 50 days take the nearest set point up the tree (the store's 12 °C / 55 %).
    assert shelf.setpoint_from == "S1"
    assert shelf.summary.mean_temperature_c == pytest.approx((15 * 50 + 12 * 50) / 100, abs=0.01)
    assert shelf.summary.mean_rh_pct == pytest.approx((60 * 50 + 55 * 50) / 100, abs=0.01)
    # The warm room was never measured: all set point, flagged as such.
    assert warm.climate_from is None
    assert warm.summary.measured_fraction == 0.0
    assert warm.summary.mean_temperature_c == pytest.approx(28.0)
    assert result.forecast.setpoint_fill_days == pytest.approx(150, abs=0.01)
    assert result.forecast.measured_fraction == pytest.approx(0.25, abs=1e-3)


def test_lot_page_explains_where_the_viability_went(stores, make_lot, sensed, clock, login_as):
    """The "why" panel lists each stay with its climate source and the set-point fill."""
    sensed(stores["cool"], clock.days_ago(200), clock.days_ago(150), 15.0, 60.0)
    lot = make_lot(
        stores["shelf"],
        placed_at=clock.days_ago(200),
        moves=[(clock.days_ago(100), stores["warm"])],
    )

    page = login_as("viewer").get(f"/forecasts/lots/{lot.id}", headers={"Accept-Language": "en"})

    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "sensors in S1-COOL" in text
    assert "set point of S1-WARM (28 °C, 70 %)" in text
    assert "150 days filled from set points" in text
    assert "Substitute: borrowed from Gossypium hirsutum (cotton)" in text


def test_measured_warm_spell_costs_more_viability_than_the_setpoint(
    stores, make_lot, sensed, clock
):
    """The same lot in the same room: a measured 30 °C month ages it more than the set point."""
    steady = make_lot(stores["cool"], placed_at=clock.days_ago(300))
    before = _forecast(steady, clock).predicted_now_pct

    sensed(stores["cool"], clock.days_ago(60), clock.days_ago(30), 30.0, 55.0)
    after = _forecast(steady, clock)

    assert after.predicted_now_pct < before - 0.5
    assert after.stays[0].summary.measured_fraction == pytest.approx(30 / 300, abs=1e-3)


def test_location_without_any_set_point_gives_a_reason(make_location, make_lot, clock):
    """A lot in a place with no set point anywhere up the tree is listed with the reason."""
    bare = make_location("BARE", kind="store", climate=None)
    lot = make_lot(bare, placed_at=clock.days_ago(10))

    from germbank.forecasts.services.lot_forecasts import ForecastUnavailable

    with pytest.raises(ForecastUnavailable, match="BARE"):
        _forecast(lot, clock)


def test_a_place_with_only_a_soil_probe_is_not_sensed(stores, make_lot, clock):
    """A soil probe's temperature says nothing about the air around seed: set points apply."""
    import sqlalchemy as sa

    from germbank.extensions import db
    from germbank.models.sensors import Device, HourlyRollup, Placement, Series

    probe = Device(code="soil-probe", site="test")
    db.session.add(probe)
    db.session.flush()
    db.session.add(
        Placement(device_id=probe.id, location_id=stores["cool"].id, placed_from=clock.days_ago(20))
    )
    series = Series(device_id=probe.id, metric="temperature")
    db.session.add_all([series, Series(device_id=probe.id, metric="soil_moisture")])
    db.session.flush()
    hour = int(clock.days_ago(5).timestamp() // 3600)
    db.session.execute(
        sa.insert(HourlyRollup),
        [
            {
                "series_id": series.id,
                "hour": hour,
                "count": 1,
                "total": 30.0,
                "minimum": 30.0,
                "maximum": 30.0,
            }
        ],
    )
    lot = make_lot(stores["cool"], placed_at=clock.days_ago(10))

    stay = _forecast(lot, clock).stays[0]

    assert stay.climate_from is None
    assert stay.summary.measured_fraction == 0.0
    assert stay.summary.mean_temperature_c == pytest.approx(12.0)


def test_hours_missing_humidity_fall_back_to_the_set_point(stores, make_lot, sensed, clock):
    """Temperature measured all along, humidity for the first half only."""
    lot = make_lot(stores["cool"], placed_at=clock.days_ago(10))
    sensed(stores["cool"], clock.days_ago(10), clock.days_ago(5), 14.0, 50.0)
    sensed(stores["cool"], clock.days_ago(5), clock.now, 14.0, None)

    stay = _forecast(lot, clock).stays[0]

    assert stay.summary.measured_fraction == pytest.approx(0.5, abs=1e-3)
    assert stay.summary.mean_temperature_c == pytest.approx((14 * 5 + 12 * 5) / 10, abs=0.01)


def test_readings_count_only_while_the_device_was_placed_there(stores, make_lot, sensed, clock):
    """A device moved from the cool room to the warm room: its later hours are the warm room's."""
    from germbank.extensions import db
    from germbank.models.sensors import Placement

    sensed(stores["cool"], clock.days_ago(20), clock.now, 16.0, 50.0)
    placement = db.session.scalar(db.select(Placement))
    placement.placed_to = clock.days_ago(10)
    db.session.add(
        Placement(
            device_id=placement.device_id,
            location_id=stores["warm"].id,
            placed_from=clock.days_ago(10),
        )
    )
    db.session.commit()
    lot = make_lot(stores["cool"], placed_at=clock.days_ago(20))

    stay = _forecast(lot, clock).stays[0]

    assert stay.summary.measured_fraction == pytest.approx(0.5, abs=1e-3)
    assert stay.climate_from == "S1-COOL"


def test_a_source_installed_for_monitoring_is_read_too(stores, make_lot, clock, app):
    """Demos and tests can feed monitoring's climate source; forecasts read the same climate."""
    from germbank.monitoring.services.source import MemoryClimateSource, use_source

    source = MemoryClimateSource()
    use_source(app, source)
    hours = [clock.days_ago(4) + timedelta(hours=h) for h in range(48)]
    source.extend(stores["cool"].id, "temperature", [(ts, 20.0) for ts in hours])
    source.extend(stores["cool"].id, "humidity", [(ts, 50.0) for ts in hours])
    lot = make_lot(stores["cool"], placed_at=clock.days_ago(8))

    stay = _forecast(lot, clock).stays[0]

    assert stay.summary.measured_fraction == pytest.approx(0.25, abs=1e-3)
    assert stay.summary.mean_temperature_c == pytest.approx((20 * 2 + 12 * 6) / 8, abs=0.01)


def test_devices_of_one_room_are_averaged_by_their_reading_counts(stores, make_lot, sensed, clock):
    """Two sensors in the room: 4 readings at 10 °C and 2 readings at 16 °C make 12 °C."""
    import sqlalchemy as sa

    from germbank.extensions import db
    from germbank.models.sensors import Device, HourlyRollup, Placement, Series

    sensed(stores["cool"], clock.days_ago(2), clock.now, 10.0, 50.0)  # 4 readings an hour
    second = Device(code="th-second", site="test")
    db.session.add(second)
    db.session.flush()
    db.session.add(
        Placement(device_id=second.id, location_id=stores["cool"].id, placed_from=clock.days_ago(3))
    )
    ids = {}
    for metric in ("temperature", "humidity"):
        series = Series(device_id=second.id, metric=metric)
        db.session.add(series)
        db.session.flush()
        ids[metric] = series.id
    first_hour = int(clock.days_ago(2).timestamp() // 3600)
    db.session.execute(
        sa.insert(HourlyRollup),
        [
            {
                "series_id": ids[metric],
                "hour": hour,
                "count": 2,
                "total": 2 * value,
                "minimum": value,
                "maximum": value,
            }
            for hour in range(first_hour, first_hour + 48)
            for metric, value in (("temperature", 16.0), ("humidity", 50.0))
        ],
    )
    lot = make_lot(stores["cool"], placed_at=clock.days_ago(2))

    stay = _forecast(lot, clock).stays[0]

    assert stay.summary.measured_fraction == pytest.approx(1.0)
    assert stay.summary.mean_temperature_c == pytest.approx(12.0)
