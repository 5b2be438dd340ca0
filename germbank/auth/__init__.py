"""Authentication: session sign-in for people, bearer tokens for scripts, CSRF for forms."""

from __future__ import annotations

from flask import Flask, abort, g, request

from germbank.auth import access
from germbank.extensions import csrf, db, login_manager


def init_app(app: Flask) -> None:
    """Wire Flask-Login, bearer tokens, CSRF and the access policies, in that order."""
    from germbank.auth import services
    from germbank.auth.api import blp as me_api
    from germbank.auth.routes import bp
    from germbank.extensions import api

    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"
    login_manager.user_loader(services.load_session_user)
    app.register_blueprint(bp)
    api.register_blueprint(me_api)

    @app.before_request
    def authenticate_bearer_token():
        """A request with ``Authorization: Bearer`` is that token's owner, or refused."""
        # The person is resolved per request, even where an outer app context (and so ``g``)
        # outlives requests, as in the test suite.
        g.pop("_login_user", None)
        header = request.headers.get("Authorization", "")
        g.token_auth = False
        if not header:
            return None
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            abort(401)
        user = services.user_for_token(value.strip())
        if user is None:
            abort(401)
        db.session.commit()  # last_used_at
        g._login_user = user  # Flask-Login's current user, without touching the session
        g.token_auth = True
        return None

    @app.before_request
    def protect_from_csrf():
        """Forms and cookie-authenticated API calls need a CSRF token; token calls do not."""
        if g.get("token_auth") or not app.config.get("WTF_CSRF_ENABLED", True):
            return None
        csrf.protect()
        return None

    access.init_app(app)
