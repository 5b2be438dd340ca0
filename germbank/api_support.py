"""Conventions every JSON API module shares: errors, conflicts and optimistic concurrency.

flask-smorest blueprints live in each feature's ``api.py``; they mark each method with an
access policy (:mod:`germbank.auth.access`) and raise :func:`conflict` or
:func:`flask_smorest.abort` for rule violations, which :mod:`germbank.errors` turns into
``{"status", "title", "detail", "errors"}``.

The OpenAPI document promises what the API answers (a fuzzer checks it,
``tests/api_fuzz``): :class:`ErrorSchema` is every error body, the errors every operation can
give are documented once (:class:`CommonErrorResponsesPlugin`), and record ids in URLs are
bounded (:func:`install_record_id_converter`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from http import HTTPStatus
from typing import Any, TypeVar

import marshmallow as ma
from apispec import BasePlugin
from flask import Flask, request
from flask_smorest import Blueprint, abort
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import abort as werkzeug_abort
from werkzeug.routing import IntegerConverter

from germbank.auth.access import Policy, policy_for
from germbank.auth.permissions import ALL_ROLES, roles_for
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


#: Never registered: only its ``alt_response`` decorator is used, which records documentation
#: on the view function and does not depend on the blueprint the view belongs to.
_DOCUMENTATION = Blueprint("api-error-documentation", __name__)


def error_responses(*statuses: int) -> Callable[[F], F]:
    """Document that a view may also answer ``statuses``, each with :class:`ErrorSchema`.

    For the answers beyond the common ones every operation documents (400/401/403/404, see
    :class:`CommonErrorResponsesPlugin`): 409 for a clash with stored data, 422 for a broken
    rule, 404 for an id in the body that names no record. A status the document does not
    list is a broken promise to the client (and a fuzzing finding). Decorators that turn
    service errors into answers apply it themselves, so no view can forget.
    """

    def decorator(view: F) -> F:
        for status in statuses:
            view = _DOCUMENTATION.alt_response(status, response=HTTPStatus(status).name)(view)
        return view

    return decorator


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


# --- What the OpenAPI document promises for every operation --------------------------------

#: Record ids are ``Integer`` columns (PostgreSQL ``int4``): nothing larger can name a record.
MAX_RECORD_ID = 2**31 - 1

#: A whole number stored in an ``Integer`` column (32 bits on PostgreSQL): larger ones would
#: fail in the database (500) instead of being refused with the field named (422).
STORED_INTEGER = ma.validate.Range(min=-(2**31), max=2**31 - 1)


def record_id_field(**kwargs: Any) -> ma.fields.Integer:
    """An id of a stored record in a request body or query: 1 to :data:`MAX_RECORD_ID`."""
    return ma.fields.Integer(validate=ma.validate.Range(min=1, max=MAX_RECORD_ID), **kwargs)


#: How a decimal sent as a string is written: digits, optionally a point and more digits.
DECIMAL_PATTERN = r"^-?\d+(\.\d+)?$"


def install_record_id_converter(app: Flask) -> None:
    """Make ``<int:...>`` in every route a record id, 0 to :data:`MAX_RECORD_ID`.

    Werkzeug's converter accepts any number of digits; an id beyond the database's integer
    range then reached the query and failed there (500 on SQLite, which cannot bind it). Out
    of range, the route now does not match, so the answer is an honest 404, and the OpenAPI
    document states the range. Still werkzeug's ``IntegerConverter`` (with a ``max``), so
    everything that reads routes sees an integer. Call before any route is added.
    """
    app.url_map.converters["int"] = functools.partial(IntegerConverter, max=MAX_RECORD_ID)


def decimal_string_properties(self: Any, field: ma.fields.Field, ret: dict,
                              **kwargs: Any) -> dict:
    """apispec attribute function: a ``Decimal(as_string=True)`` field is a decimal string.

    apispec documents every Decimal as a JSON number, but money and percentages travel as
    strings ("10830000.00") so no client rounds them through binary floats. Range bounds
    move to ``x-minimum``/``x-maximum``: ``minimum`` on a string is not valid JSON Schema.
    """
    if not (isinstance(field, ma.fields.Decimal) and field.as_string):
        return {}
    for bound in ("minimum", "maximum"):
        if bound in ret:
            ret[f"x-{bound}"] = ret.pop(bound)
    return {"type": "string", "format": "decimal", "pattern": DECIMAL_PATTERN}


NUL_REFUSED = "Text may not contain the NUL character (U+0000)."


def refuse_nul_characters() -> None:
    """``before_request``: a request with NUL (U+0000) in its text is refused with 400.

    PostgreSQL cannot store or even compare such text (the query failed: a 500), and no
    GermBank text needs it. ``errors`` names every place: ``path``, ``query.<name>``,
    ``json.<field>...``.
    """
    places = ["path"] if "\x00" in request.path else []
    for name, values in request.args.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            places.append(f"query.{name}")
    if not request.path.startswith("/api/"):
        # Pages: the same rule for form fields, answered with the friendly 400 page.
        for name, values in request.form.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                places.append(f"form.{name}")
        if places:
            from flask_babel import gettext

            message = gettext("Text may not contain the NUL character (U+0000).")
            werkzeug_abort(400, description=message)
        return
    if request.is_json:
        places.extend(_nul_places(request.get_json(silent=True), "json"))
    if places:
        abort(400, message=NUL_REFUSED, errors={place: [NUL_REFUSED] for place in places})


def _nul_places(value: Any, where: str) -> list[str]:
    """Where NUL occurs in a decoded JSON value (keys included)."""
    if isinstance(value, str):
        return [where] if "\x00" in value else []
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            key_text = str(key)
            found += [f"{where}.{key_text}"] if "\x00" in key_text else []
            found += _nul_places(item, f"{where}.{key_text}")
        return found
    if isinstance(value, list):
        return [place for index, item in enumerate(value)
                for place in _nul_places(item, f"{where}[{index}]")]
    return []


def common_error_statuses(policy: Policy | None, names_a_record: bool) -> list[int]:
    """The error answers any operation can give, from its access policy and URL.

    400 when the request is malformed (a body that is not JSON, text with a NUL character:
    :func:`refuse_nul_characters`), 401 without a valid token, 403 when some role lacks the
    permission, 404 when the URL names a record. Operation-specific answers (409, 412, 422,
    428) are documented by the views' own decorators.
    """
    statuses = [400]
    if policy is None or policy.kind != "public":
        statuses.append(401)
    if policy is None or (policy.kind == "permission"
                          and roles_for(policy.permission or "") != ALL_ROLES):
        statuses.append(403)
    if names_a_record:
        statuses.append(404)
    return statuses


class CommonErrorResponsesPlugin(BasePlugin):
    """apispec plugin: documents :func:`common_error_statuses` on every API operation.

    Done once here so that no view can forget them; each refers to flask-smorest's response
    component of that status, whose body is :class:`ErrorSchema`.
    """

    def __init__(self, app_of: Callable[[], Flask]) -> None:
        super().__init__()
        self._app_of = app_of

    def operation_helper(self, path: str | None = None, operations: dict | None = None,
                         **kwargs: Any) -> None:
        """Add the common error responses an operation does not document already."""
        rule = kwargs.get("rule")
        if rule is None or not operations:
            return
        app = self._app_of()
        with app.test_request_context():
            for method, operation in operations.items():
                policy = policy_for(rule.endpoint, method.upper())
                responses = operation.setdefault("responses", {})
                documented = {str(code) for code in responses}
                for status in common_error_statuses(policy, bool(rule.arguments)):
                    if str(status) not in documented:
                        responses[str(status)] = HTTPStatus(status).name
