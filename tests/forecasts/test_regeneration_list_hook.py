"""The regeneration-due list carries the forecast's "predicted to fall below" section."""


def test_regeneration_list_shows_predicted_section(login_as):
    body = login_as("agronomist").get(
        "/accessions/regeneration", headers={"Accept-Language": "en"}
    ).get_data(as_text=True)
    assert "Predicted to fall below the threshold within 12 months" in body
    assert "/forecasts/planner?months=12" in body
