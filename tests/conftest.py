"""Fixtures shared by the whole suite.

Database-backed tests run against SQLite and, when ``GERMBANK_TEST_DATABASE_URL`` names a
PostgreSQL database, against PostgreSQL as well: the ``database_url`` fixture is
parametrised, so every test that uses ``app`` runs once per backend. Each backend is
migrated once per session; SQLite tests get a copy of the migrated file, PostgreSQL tests
truncate every table afterwards.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import settings

from germbank import create_app
from germbank.i18n import compile_catalogues
from tests.audit_guard import AuditGuard

PG_URL = os.environ.get("GERMBANK_TEST_DATABASE_URL", "").strip()

# Property tests: no per-example deadline (the shared 2-core machines stall at times), and in CI
# a fixed sequence of examples, so a submission lands or fails on its code, not on luck.
settings.register_profile("germbank", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, database=None)
settings.load_profile("ci" if os.environ.get("CI") else "germbank")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
TEST_PASSWORD = "correct-horse-42"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Translations must be compiled for the language tests."""
    compile_catalogues()


def _migrate(url: str) -> None:
    from flask_migrate import upgrade

    app = create_app({"TESTING": True, "DATABASE_URL": url})
    with app.app_context():
        upgrade(revision="heads")
        from germbank.extensions import db

        db.engine.dispose()


def _reset_postgresql(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file at the latest migration, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    _migrate(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def migrated_postgresql() -> str:
    """The PostgreSQL test database, emptied and migrated once per session."""
    _reset_postgresql(PG_URL)
    _migrate(PG_URL)
    return PG_URL


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database for one test, on each configured backend."""
    if request.param == "sqlite":
        template = request.getfixturevalue("migrated_sqlite")
        path = tmp_path / "germbank.db"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
        return
    url = request.getfixturevalue("migrated_postgresql")
    yield url
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        tables = [
            name for name in sa.inspect(connection).get_table_names() if name != "alembic_version"
        ]
        if tables:
            quoted = ", ".join(f'"{name}"' for name in tables)
            connection.execute(sa.text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def app_config(database_url: str, tmp_path: Path) -> dict:
    """The test mapping; tests may add keys before ``app`` is built."""
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "WTF_CSRF_ENABLED": False,
        "SECRET_KEY": "test-secret",
        "LOGIN_MAX_FAILURES": 5,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "SERVER_NAME": None,
    }


@pytest.fixture
def app(app_config: dict):
    """A GermBank app on a fresh, migrated database, with an app context pushed."""
    from germbank.extensions import db

    application = create_app(app_config)
    with application.app_context():
        guard = AuditGuard()
        guard.install(db.engine)
        application.extensions["test_audit_guard"] = guard
        yield application
        guard.remove(db.engine)
        db.session.remove()
        db.engine.dispose()
        if guard.findings:
            pytest.fail("changes made through the app without an audit entry:\n"
                        + "\n".join(sorted(set(guard.findings))), pytrace=False)


@pytest.fixture
def client(app):
    """A browser-like test client (cookies kept)."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """The ``germbank`` CLI bound to the test app."""
    return app.test_cli_runner()


@pytest.fixture
def make_user(app) -> Callable[..., object]:
    """Create a person with a role; the password is ``TEST_PASSWORD``."""
    from germbank.auth.services import create_user
    from germbank.extensions import db

    def factory(role: str = "viewer", username: str | None = None, **fields):
        user = create_user(username or f"{role}-user", TEST_PASSWORD, role, **fields)
        db.session.commit()
        return user

    return factory


def sign_in(client, username: str, password: str = TEST_PASSWORD):
    """Post the sign-in form as a person would."""
    return client.post("/login", data={"username": username, "password": password})


@pytest.fixture
def login_as(app, make_user) -> Callable[[str], object]:
    """A fresh client signed in as a new person of ``role``."""

    def factory(role: str):
        user = make_user(role, username=f"{role}-signed-in")
        browser = app.test_client()
        response = sign_in(browser, user.username)
        assert response.status_code == 302, response.get_data(as_text=True)
        browser.user = user
        return browser

    return factory


@pytest.fixture
def api_token(app, make_user) -> Callable[[str], str]:
    """A plain-text API token of a new person of ``role``."""
    from germbank.auth.services import issue_token
    from germbank.extensions import db

    def factory(role: str) -> str:
        user = make_user(role, username=f"{role}-api")
        _token, plain = issue_token(user, "tests")
        db.session.commit()
        return plain

    return factory


# --- The bank's locations and crops, for accession-level tests ----------------------------


@pytest.fixture
def bank(app):
    """The demo locations (ST1 rooms and shelves, GH1 bays and beds), three crops and taxa."""
    from germbank.demo import load_core
    from germbank.extensions import db
    from germbank.models.accessions import Crop, Taxon

    load_core()
    crops = {
        "ramie": Crop(code="ramie", name_en="Ramie", name_zh="苎麻", propagation="clonal",
                      pollination="cross"),
        "kenaf": Crop(code="kenaf", name_en="Kenaf", name_zh="红麻", propagation="seed",
                      pollination="self"),
        "hemp": Crop(code="hemp", name_en="Hemp", name_zh="大麻", propagation="seed",
                     pollination="cross"),
    }
    db.session.add_all(crops.values())
    db.session.add_all([
        Taxon(genus="Boehmeria", species="nivea", crop=crops["ramie"]),
        Taxon(genus="Hibiscus", species="cannabinus", crop=crops["kenaf"]),
        Taxon(genus="Cannabis", species="sativa", crop=crops["hemp"]),
    ])
    db.session.commit()
    return crops


@pytest.fixture
def location(app) -> Callable[[str], object]:
    """Look a location up by code."""
    from germbank.extensions import db
    from germbank.models import StorageLocation

    def find(code: str):
        return db.session.scalar(sa.select(StorageLocation).where(StorageLocation.code == code))

    return find


# --- Browser end-to-end support -------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Remember each phase's outcome so fixtures can save a screenshot on failure."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """The test app served over HTTP on a free port, for the browser."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright; the tests never download a browser."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, request):
    """A fresh browser tab; its screenshot lands in ``test-artifacts/`` when the test fails."""
    context = chromium.new_context(locale="en-US", viewport={"width": 1366, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def browser_login(live_server, make_user):
    """Sign a browser tab in as a new person of ``role``; returns the base URL."""

    def sign_in(tab, role: str, username: str | None = None) -> str:
        user = make_user(role, username=username or f"{role}-browser")
        tab.goto(f"{live_server}/login")
        tab.fill("input[name=username]", user.username)
        tab.fill("input[name=password]", TEST_PASSWORD)
        tab.click("button[type=submit].primary")
        tab.wait_for_url(f"{live_server}/home")
        return live_server

    return sign_in
