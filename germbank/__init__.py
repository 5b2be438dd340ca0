"""GermBank: the information system of the Yuanjiang bast-fibre crop germplasm bank.

The application is built by :func:`create_app` so that tests, the CLI, gunicorn and the
MQTT subscriber each get their own configured instance; nothing connects, logs or reads
the environment at import time.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

__all__ = ["create_app"]


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build a configured GermBank app.

    Configuration comes from class defaults, then ``GERMBANK_*`` environment variables,
    then ``config`` (the test mapping), so a test always has the last word.
    """
    from germbank import config as config_module
    from germbank import features

    app = Flask(
        __name__,
        template_folder="../templates",
        instance_relative_config=True,
    )
    config_module.configure(app, config)

    from germbank import (
        api_docs,
        database,
        errors,
        extensions,
        health,
        home,
        i18n,
        security,
        templating,
    )

    extensions.init_app(app)
    database.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    templating.init_app(app)

    from germbank import admin, auth

    auth.init_app(app)
    admin.init_app(app)
    home.init_app(app)
    health.init_app(app)
    api_docs.init_app(app)
    features.init_app(app)

    from germbank import cli

    cli.init_app(app)
    return app
