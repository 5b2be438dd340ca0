"""Languages, health check, error pages and security headers."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def test_chinese_is_default_for_chinese_browsers(client):
    page = client.get("/login", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).get_data(
        as_text=True
    )
    assert "登录 GermBank" in page


def test_english_for_english_browsers(client):
    page = client.get("/login", headers={"Accept-Language": "en-US,en;q=0.9"}).get_data(
        as_text=True
    )
    assert "Sign in to GermBank" in page


def test_switcher_overrides_browser_and_preference_is_saved(login_as):
    from germbank.extensions import db

    browser = login_as("viewer")
    browser.post("/language", data={"locale": "en", "next": "/home"})
    page = browser.get("/home", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert "Overview" in page
    db.session.refresh(browser.user)
    assert browser.user.locale == "en"


def test_every_interface_string_has_a_chinese_translation():
    """Extract every message from code and templates; each needs a zh_CN translation."""
    translated = {}
    for po in (ROOT / "germbank").glob("**/translations/zh_Hans_CN/LC_MESSAGES/messages.po"):
        with po.open("rb") as handle:
            for message in read_po(handle, locale="zh_CN"):
                key = message.id if isinstance(message.id, str) else message.id[0]
                if message.string and (
                    message.string if isinstance(message.string, str) else message.string[0]
                ):
                    translated[key] = message.string
    method_map = [("germbank/**.py", "python"), ("templates/**.html", "jinja2")]
    missing = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT),
        method_map,
        keywords={"_": None, "gettext": None, "_l": None, "lazy_gettext": None, "ngettext": (1, 2),
                  "N_": None},
    ):
        key = message if isinstance(message, str) else message[0]
        if key and key not in translated:
            missing.add(key)
    assert not missing, sorted(missing)


def test_healthz_reports_database_and_migrations(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["database"] == "ok" and body["migrations"] == "at head"


def test_healthz_503_when_database_unreachable(app_config, tmp_path):
    from germbank import create_app

    app_config["DATABASE_URL"] = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    app = create_app(app_config)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_healthz_503_when_migrations_behind(app_config, tmp_path):
    from germbank import create_app

    app_config["DATABASE_URL"] = f"sqlite:///{tmp_path}/empty.db"
    response = create_app(app_config).test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["migrations"] == "behind"


def test_404_page_is_friendly(login_as):
    response = login_as("viewer").get("/no/such/page", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_500_hides_the_trace(app, client):
    from germbank.auth.access import public

    @public
    def explode():
        raise RuntimeError("secret internals")

    app.add_url_rule("/explode-for-test", "explode_for_test", explode)
    response = client.get("/explode-for-test", headers={"Accept-Language": "en"})
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "secret internals" not in body and "Traceback" not in body


def test_security_headers(client):
    headers = client.get("/login").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_route_without_policy_is_refused(app, login_as):
    app.add_url_rule("/undeclared-for-test", "undeclared_for_test", lambda: "open")
    assert login_as("admin").get("/undeclared-for-test").status_code == 403


def test_demo_loader_is_idempotent(runner):
    import sqlalchemy as sa

    from germbank.extensions import db
    from germbank.models import StorageLocation, User

    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    counts = (
        db.session.scalar(sa.select(sa.func.count(User.id))),
        db.session.scalar(sa.select(sa.func.count(StorageLocation.id))),
    )
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "admin" in result.output
    again = (
        db.session.scalar(sa.select(sa.func.count(User.id))),
        db.session.scalar(sa.select(sa.func.count(StorageLocation.id))),
    )
    assert counts == again and counts[0] == 5
