"""Conventions every JSON API module shares: errors, conflicts and optimistic concurrency.

flask-smorest blueprints live in each feature's ``api.py``; they mark each method with an
access policy (:mod:`germbank.auth.access`) and raise :func:`conflict` or
:func:`flask_smorest.abort` for rule violations, which :mod:`germbank.errors` turns into
``{"status", "title", "detail", "errors"}``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import marshmallow as ma
from flask_smorest import abort
from sqlalchemy.exc import IntegrityError

from germbank.extensions import db

F = TypeVar("F", bound=Callable[..., Any])


class ErrorSchema(ma.Schema):
    """The error body of every API answer with a 4xx or 5xx status."""

    status = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    detail = ma.fields.String(required=True)
    errors = ma.fields.Dict(required=True)


def conflict(detail: str, errors: dict | None = None) -> None:
    """Stop with 409: the request clashes with what is stored (e.g. a duplicate key)."""
    abort(409, message=detail, errors=errors or {})


def unprocessable(detail: str, errors: dict | None = None) -> None:
    """Stop with 422: the request is well-formed but breaks a domain rule."""
    abort(422, message=detail, errors=errors or {})


def integrity_errors_as_conflict(view: F) -> F:
    """Turn a database uniqueness/foreign-key failure into a 409 instead of a 500."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except IntegrityError as error:
            db.session.rollback()
            conflict("The change conflicts with stored data.", {"database": [str(error.orig)]})

    return wrapper  # type: ignore[return-value]
