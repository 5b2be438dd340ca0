"""Technicians see the ingest figures on their home page."""


def test_technician_home_shows_sensor_data_card(login_as):
    body = (
        login_as("technician")
        .get("/home", headers={"Accept-Language": "en"})
        .get_data(as_text=True)
    )
    assert "Sensor data" in body
    assert "none yet" in body  # nothing has arrived in an empty database


def test_agronomist_home_has_no_sensor_card(login_as):
    body = (
        login_as("agronomist")
        .get("/home", headers={"Accept-Language": "en"})
        .get_data(as_text=True)
    )
    assert "Sensor data" not in body
