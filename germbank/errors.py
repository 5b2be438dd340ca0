"""One place that turns failures into answers: JSON under ``/api/``, friendly pages elsewhere.

API errors have the shape ``{"status", "title", "detail", "errors"}``; no answer ever carries
a stack trace.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from germbank.extensions import db

log = logging.getLogger(__name__)

TITLES = {
    400: "Bad request",
    401: "Sign-in required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    412: "Precondition failed",
    413: "Too large",
    415: "Unsupported media type",
    422: "Unprocessable entity",
    428: "Precondition required",
    429: "Too many requests",
    500: "Internal server error",
    503: "Service unavailable",
}


def api_error(status: int, detail: str, errors: Any = None, headers: dict | None = None):
    """Build the JSON error answer used by every API route."""
    body = {
        "status": status,
        "title": TITLES.get(status, "Error"),
        "detail": detail,
        "errors": errors or {},
    }
    response = jsonify(body)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="GermBank"'
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _detail(error: HTTPException) -> tuple[str, Any, dict]:
    data = getattr(error, "data", None) or {}
    errors = data.get("errors") or data.get("messages") or {}
    detail = data.get("message") or error.description or TITLES.get(error.code or 500, "")
    return str(detail), errors, data.get("headers") or {}


def handle_http_exception(error: HTTPException):
    """Answer an HTTP error in the form the client can read."""
    code = error.code or 500
    if code >= 500:
        db.session.rollback()
    if request.path.startswith("/api/"):
        detail, errors, headers = _detail(error)
        if isinstance(error, CSRFError):
            detail = "CSRF token missing or invalid; send X-CSRFToken or use a bearer token."
        elif code == 413 and _upload_limit():
            detail = f"The request is larger than the {_upload_limit()} allowed."
        return api_error(code, detail, errors, headers)
    if isinstance(error, CSRFError):
        message = _("The form had expired or came from elsewhere. Please try again.")
    elif code == 413 and _upload_limit():
        # Werkzeug's own text ("exceeds the capacity limit") tells no one what to do.
        message = _("The upload is larger than the %(limit)s allowed. Split the file into "
                    "smaller parts and try again.", limit=_upload_limit())
    else:
        message = _explicit_description(error)
    template = f"errors/{code}.html" if code in (400, 403, 404, 500) else "errors/generic.html"
    return render_template(template, error=error, message=message, code=code), code


def _upload_limit() -> str | None:
    """MAX_CONTENT_LENGTH as people read it ("50 MB"), or None when there is no limit."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if not limit:
        return None
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):g} MB"
    return f"{limit / 1024:g} KB"


def _explicit_description(error: HTTPException) -> str | None:
    """A description a view passed to ``abort()``, not Werkzeug's generic English one."""
    description = error.description
    default = type(error).description if isinstance(error, HTTPException) else None
    if description and description != default:
        return str(description)
    return None


def handle_unexpected(error: Exception):
    """Log the failure with its trace for the operators; show the person only an apology."""
    log.exception("unhandled error on %s %s", request.method, request.path)
    db.session.rollback()
    return handle_http_exception(InternalServerError())


def init_app(app: Flask) -> None:
    """Register the handlers for every HTTP error and for anything unexpected."""
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected)
