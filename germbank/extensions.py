"""Unbound Flask extensions, bound to an app in :func:`init_app`.

Kept in one module so that models, views and services import the same instances
without importing the app factory.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from germbank.orm import Base


class GermBankApi(Api):
    """flask-smorest's Api without its app-wide JSON error handler.

    GermBank answers errors itself (:mod:`germbank.errors`): JSON under ``/api/``, friendly
    pages everywhere else.
    """

    def _register_error_handlers(self) -> None:
        """Leave error handling to :mod:`germbank.errors`."""


db = SQLAlchemy(model_class=Base)
migrate = Migrate(compare_type=True, render_as_batch=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
api = GermBankApi()


def init_app(app: Flask) -> None:
    """Bind every extension to ``app``."""
    import os

    import germbank.models  # noqa: F401  (register every table before first use)

    db.init_app(app)
    migrations = os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations")
    migrate.init_app(app, db, directory=migrations)
    login_manager.init_app(app)
    csrf.init_app(app)
    api.init_app(app)
