"""Unbound Flask extensions, bound to an app in :func:`init_app`.

Kept in one module so that models, views and services import the same instances
without importing the app factory.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_smorest import Api
from flask_smorest.pagination import PaginationMetadataSchema
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from germbank.orm import Base


class GermBankApi(Api):
    """flask-smorest's Api, documenting the answers GermBank really gives.

    GermBank answers errors itself (:mod:`germbank.errors`): JSON under ``/api/``, friendly
    pages everywhere else. So the OpenAPI document must describe that error body, not
    flask-smorest's own, and must list the errors every operation can give; it lists no
    catch-all ``default`` answer, so a status code nobody documented is a finding.
    """

    DEFAULT_ERROR_RESPONSE_NAME = None

    def _register_error_handlers(self) -> None:
        """Leave error handling to :mod:`germbank.errors`."""

    def init_app(self, app: Flask, **kwargs: Any) -> None:
        """Bind to ``app``; API requests whose text holds NUL are refused before any view."""
        from germbank.api_support import refuse_nul_characters

        super().init_app(app, **kwargs)
        app.before_request(refuse_nul_characters)

    def _init_spec(self, **kwargs: Any) -> None:
        """Use GermBank's error body and document the common errors of every operation."""
        from germbank.api_support import (
            CommonErrorResponsesPlugin,
            ErrorSchema,
            decimal_string_properties,
        )

        self.ERROR_SCHEMA = ErrorSchema
        plugins = list(kwargs.pop("extra_plugins", None) or ())
        plugins.append(CommonErrorResponsesPlugin(lambda: self._app))
        super()._init_spec(extra_plugins=plugins, **kwargs)
        self.ma_plugin.converter.add_attribute_function(decimal_string_properties)

    def _register_pagination_header(self) -> None:
        """Document ``X-Pagination`` as the JSON text it is.

        flask-smorest describes it with a plain ``schema``, which in OpenAPI means the
        comma-separated ``key,value`` form; clients (and schema checkers) would then misread
        the JSON object the header actually carries.
        """
        self.spec.components.header("PAGINATION", {
            "description": "Pagination metadata (a JSON object).",
            "content": {"application/json": {"schema": PaginationMetadataSchema}},
        }, lazy=True)


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
    from germbank.api_support import install_record_id_converter

    install_record_id_converter(app)  # before any route is added

    db.init_app(app)
    migrations = os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations")
    migrate.init_app(app, db, directory=migrations)
    login_manager.init_app(app)
    csrf.init_app(app)
    api.init_app(app)
