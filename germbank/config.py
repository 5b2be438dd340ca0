"""Configuration: class defaults, then ``GERMBANK_*`` environment variables, then tests.

A missing secret key outside demo and testing stops start-up, because sessions signed with
a guessable key would let anyone forge a sign-in.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask


class MissingSecretKeyError(RuntimeError):
    """Raised when a production start lacks ``GERMBANK_SECRET_KEY``."""


class DefaultConfig:
    """Defaults that suit a single-site installation on one machine."""

    SECRET_KEY: str | None = None
    DEMO = False
    TESTING = False
    DATABASE_URL: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    # Seconds a new PostgreSQL connection may take: a frozen or unreachable server then fails
    # fast (health check 503, subscriber retry) instead of hanging a worker.
    DATABASE_CONNECT_TIMEOUT: int = 10
    SQLITE_BUSY_TIMEOUT_MS = 10_000

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    WTF_CSRF_CHECK_DEFAULT = False
    WTF_CSRF_TIME_LIMIT = None
    MAX_CONTENT_LENGTH = 50 * 1024 * 1024

    LOGIN_MAX_FAILURES = 5
    LOGIN_LOCKOUT_MINUTES = 15
    PASSWORD_MIN_LENGTH = 10
    # Memory-hard by default; the test suite lowers the cost so it does not spend its time hashing.
    PASSWORD_HASH_METHOD = "scrypt"

    BABEL_DEFAULT_LOCALE = "zh_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = ("zh_CN", "en")

    MQTT_URL = "mqtt://127.0.0.1:1883"

    API_TITLE = "GermBank API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    API_SPEC_OPTIONS = {
        "components": {
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer"},
            }
        },
        "security": [{"bearerAuth": []}],
    }


def configure(app: Flask, overrides: dict[str, Any] | None) -> None:
    """Apply the three configuration layers and derive the database URL."""
    app.config.from_object(DefaultConfig)
    app.config.from_prefixed_env("GERMBANK")
    if overrides:
        app.config.update(overrides)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app)
    app.config["SECRET_KEY"] = secret_key(app)


def database_url(app: Flask) -> str:
    """Pick the configured database, or a SQLite file in the instance folder."""
    url = app.config.get("DATABASE_URL") or app.config.get("SQLALCHEMY_DATABASE_URI")
    if url:
        return str(url)
    return "sqlite:///" + os.path.join(app.instance_path, "germbank.db")


def engine_options(app: Flask) -> dict[str, Any]:
    """The pool settings, plus a connect timeout for PostgreSQL (SQLite has no network)."""
    options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        connect_args = dict(options.get("connect_args", {}))
        connect_args.setdefault("connect_timeout", int(app.config["DATABASE_CONNECT_TIMEOUT"]))
        options["connect_args"] = connect_args
    return options


def secret_key(app: Flask) -> str:
    """Return the secret key, generating a persistent one only for the demo and tests."""
    key = app.config.get("SECRET_KEY")
    if key:
        return str(key)
    if app.config.get("TESTING"):
        return "testing-only-secret"
    if app.config.get("DEMO"):
        key_file = Path(app.instance_path) / "demo-secret-key"
        if not key_file.exists():
            key_file.write_text(secrets.token_hex(32))
        return key_file.read_text().strip()
    raise MissingSecretKeyError(
        "GERMBANK_SECRET_KEY is not set. Set it to a long random value "
        "(for example: python -c 'import secrets; print(secrets.token_hex(32))'), "
        "or set GERMBANK_DEMO=1 for a demonstration instance."
    )
