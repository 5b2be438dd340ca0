"""The app factory and its configuration layers."""

import pytest

from germbank import create_app
from germbank.config import MissingSecretKeyError


def test_testing_mapping_wins_over_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("GERMBANK_LOGIN_MAX_FAILURES", "9")
    monkeypatch.setenv("GERMBANK_DATABASE_URL", f"sqlite:///{tmp_path}/env.db")
    app = create_app({"TESTING": True})
    assert app.config["LOGIN_MAX_FAILURES"] == 9
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("env.db")
    app = create_app({"TESTING": True, "LOGIN_MAX_FAILURES": 3})
    assert app.config["LOGIN_MAX_FAILURES"] == 3


def test_default_database_is_sqlite_in_instance_folder(monkeypatch):
    monkeypatch.delenv("GERMBANK_DATABASE_URL", raising=False)
    app = create_app({"TESTING": True})
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("instance/germbank.db")


def test_missing_secret_key_stops_production_start(monkeypatch, tmp_path):
    monkeypatch.delenv("GERMBANK_SECRET_KEY", raising=False)
    monkeypatch.delenv("GERMBANK_DEMO", raising=False)
    with pytest.raises(MissingSecretKeyError, match="GERMBANK_SECRET_KEY"):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/p.db", "DEMO": False})


def test_demo_generates_a_persistent_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("GERMBANK_SECRET_KEY", raising=False)
    first = create_app({"DEMO": True, "DATABASE_URL": f"sqlite:///{tmp_path}/d.db"})
    second = create_app({"DEMO": True, "DATABASE_URL": f"sqlite:///{tmp_path}/d.db"})
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) >= 32


def test_sqlite_connections_use_wal_foreign_keys_and_busy_timeout(app):
    from germbank.extensions import db

    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas")
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000


def test_session_cookie_flags(app):
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    secure = create_app({"TESTING": True, "SESSION_COOKIE_SECURE": True})
    assert secure.config["SESSION_COOKIE_SECURE"] is True


def test_postgresql_connections_give_up_instead_of_hanging(monkeypatch):
    monkeypatch.setenv("GERMBANK_DATABASE_CONNECT_TIMEOUT", "7")
    app = create_app({"TESTING": True, "DATABASE_URL": "postgresql+psycopg://u@192.0.2.1/none"})
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options["pool_pre_ping"] is True
    assert options["connect_args"] == {"connect_timeout": 7}
    sqlite_app = create_app({"TESTING": True})
    assert "connect_args" not in sqlite_app.config["SQLALCHEMY_ENGINE_OPTIONS"]
