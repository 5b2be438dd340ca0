"""Personal API tokens: shown once, stored hashed, revocable; JSON errors under /api/."""

import re

import sqlalchemy as sa


def test_token_authenticates_api_calls(client, api_token):
    token = api_token("technician")
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.get_json()["role"] == "technician"
    assert "Set-Cookie" not in response.headers


def test_missing_or_bad_token_gives_json_401(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    body = response.get_json()
    assert set(body) == {"status", "title", "detail", "errors"}
    bad = client.get("/api/v1/me", headers={"Authorization": "Bearer gb_nonsense"})
    assert bad.status_code == 401


def test_token_shown_once_stored_hashed_and_revocable(login_as):
    from germbank.extensions import db
    from germbank.models import ApiToken

    browser = login_as("agronomist")
    page = browser.post("/account/tokens", data={"name": "nightly export"}).get_data(as_text=True)
    plain = re.search(r'id="new-token">(gb_[^<]+)<', page).group(1)
    stored = db.session.scalar(sa.select(ApiToken))
    assert stored.token_hash != plain and plain not in stored.token_hash
    assert plain not in browser.get("/account").get_data(as_text=True)
    api = browser.application.test_client()
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"}).status_code == 200
    browser.post(f"/account/tokens/{stored.id}/revoke")
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"}).status_code == 401


def test_cannot_revoke_another_persons_token(login_as, api_token):
    from germbank.extensions import db
    from germbank.models import ApiToken

    token = api_token("viewer")
    stored = db.session.scalar(sa.select(ApiToken))
    login_as("agronomist").post(f"/account/tokens/{stored.id}/revoke")
    db.session.refresh(stored)
    assert stored.revoked_at is None
    client = db.session  # noqa: F841
    assert token.startswith("gb_")


def test_api_404_is_json(client, api_token):
    token = api_token("viewer")
    response = client.get("/api/v1/nothing-here", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 404
    assert response.get_json()["title"] == "Not found"


def test_openapi_document_lists_bearer_auth(client, api_token):
    token = api_token("viewer")
    spec = client.get(
        "/api/v1/openapi.json", headers={"Authorization": f"Bearer {token}"}
    ).get_json()
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert "/api/v1/me" in spec["paths"]
