"""Signing in and out, throttling, CSRF, password changes and sessions."""

import re

PASSWORD = "correct-horse-42"


def test_sign_in_success_leads_to_role_home(client, make_user):
    make_user("agronomist", username="li")
    response = client.post("/login", data={"username": "li", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/home")
    home = client.get("/home", headers={"Accept-Language": "en"})
    assert home.status_code == 200
    assert "Germplasm curation" in home.get_data(as_text=True)


def test_sign_in_failure_shows_message_and_stays_signed_out(client, make_user):
    make_user("viewer", username="vi")
    response = client.post(
        "/login",
        data={"username": "vi", "password": "wrong-pass-1"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 401
    assert "Wrong username or password." in response.get_data(as_text=True)
    assert client.get("/home").status_code == 302


def test_sign_in_throttled_after_repeated_failures(client, make_user):
    make_user("viewer", username="target")
    for _ in range(5):
        client.post("/login", data={"username": "target", "password": "nope-nope-1"})
    response = client.post(
        "/login",
        data={"username": "target", "password": PASSWORD},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 401
    assert "Too many failed sign-ins" in response.get_data(as_text=True)


def test_disabled_user_cannot_sign_in(client, make_user):
    from germbank.extensions import db

    user = make_user("viewer", username="gone")
    user.is_active_flag = False
    db.session.commit()
    response = client.post("/login", data={"username": "gone", "password": PASSWORD})
    assert response.status_code == 401


def test_next_parameter_only_redirects_within_site(client, make_user):
    make_user("viewer", username="nx")
    response = client.post(
        "/login?next=https://evil.example/x", data={"username": "nx", "password": PASSWORD}
    )
    assert response.headers["Location"].endswith("/home")


def test_anonymous_is_redirected_to_sign_in(client):
    response = client.get("/home")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_sign_out_requires_post_and_ends_session(login_as):
    browser = login_as("viewer")
    assert browser.get("/logout").status_code == 405
    assert browser.post("/logout").status_code == 302
    assert browser.get("/home").status_code == 302


def test_csrf_token_required_on_forms(app_config, make_user):
    from germbank import create_app

    app_config["WTF_CSRF_ENABLED"] = True
    app = create_app(app_config)
    with app.app_context():
        from germbank.auth.services import create_user
        from germbank.extensions import db

        create_user("csrf-user", PASSWORD, "viewer")
        db.session.commit()
        client = app.test_client()
        refused = client.post("/login", data={"username": "csrf-user", "password": PASSWORD})
        assert refused.status_code == 400
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        accepted = client.post(
            "/login", data={"username": "csrf-user", "password": PASSWORD, "csrf_token": token}
        )
        assert accepted.status_code == 302
        db.session.remove()
        db.engine.dispose()


def test_password_change_signs_out_other_sessions(app, make_user):
    make_user("agronomist", username="pw")
    first, second = app.test_client(), app.test_client()
    for browser in (first, second):
        assert (
            browser.post("/login", data={"username": "pw", "password": PASSWORD}).status_code == 302
        )
    response = first.post(
        "/account/password",
        data={"current": PASSWORD, "new": "new-secret-77", "confirm": "new-secret-77"},
    )
    assert response.status_code == 302
    assert first.get("/home").status_code == 200
    assert second.get("/home").status_code == 302


def test_weak_password_refused_with_message(login_as):
    browser = login_as("viewer")
    response = browser.post(
        "/account/password",
        data={"current": PASSWORD, "new": "short", "confirm": "short"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert "at least 10 characters" in response.get_data(as_text=True)


def test_session_cookie_is_httponly_and_lax(client, make_user):
    make_user("viewer", username="ck")
    response = client.post("/login", data={"username": "ck", "password": PASSWORD})
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_production_hashes_passwords_with_scrypt(app_config):
    from germbank import create_app
    from germbank.auth.services import hash_password

    app_config.pop("PASSWORD_HASH_METHOD")
    with create_app(app_config).app_context():
        assert hash_password("any-password-1").startswith("scrypt:")
