"""What every accessions API module shares: the blueprint class, error mapping, pagination.

Errors keep one shape for the client: a refused field is ``errors[field]`` whether the
marshmallow schema or a service refused it (webargs would nest schema errors under the
request location; :class:`FlatErrorParser` flattens them).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, NoReturn

import sqlalchemy as sa
from flask_smorest import Blueprint, abort
from webargs.flaskparser import FlaskParser

from germbank.accessions.services.errors import Conflict, ValidationFailed
from germbank.accessions.services.values import as_id
from germbank.api_support import error_responses
from germbank.extensions import db

WRITE = "accessions.write"
MAX_OFFSET = 2 ** 31


class FlatErrorParser(FlaskParser):
    """Report request validation errors by field name, like the services do."""

    def handle_error(self, error, req, schema, *, error_status_code, error_headers) -> NoReturn:
        """Abort with ``errors = {field: [messages]}`` (locations merged)."""
        flat: dict[str, Any] = {}
        messages = error.messages
        if not isinstance(messages, dict):
            messages = {"_schema": messages}
        for location, found in messages.items():
            if isinstance(found, dict):
                flat.update(found)
            else:
                flat[location] = found
        abort(error_status_code or self.DEFAULT_VALIDATION_STATUS,
              message="The request is not valid.", errors=flat, headers=error_headers)


class ApiBlueprint(Blueprint):
    """flask-smorest blueprint whose argument errors are flat, per field."""

    ARGUMENTS_PARSER = FlatErrorParser()
    PAGINATION_ARGUMENTS_PARSER = FlatErrorParser()


def service_errors(view: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a service refusal into 422 (validation) or 409 (conflict), rolling back.

    The OpenAPI document lists both answers for every view so wrapped.
    """

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except ValidationFailed as failed:
            db.session.rollback()
            abort(422, message=failed.message, errors=failed.errors)
        except Conflict as conflict:
            db.session.rollback()
            abort(409, message=conflict.message, errors=conflict.errors)

    return error_responses(409, 422)(wrapper)


def paginated(query: sa.Select, pagination_parameters) -> list[Any]:
    """One page of ``query``'s rows; sets the total for the ``X-Pagination`` header."""
    count = sa.select(sa.func.count()).select_from(query.order_by(None).subquery())
    pagination_parameters.item_count = db.session.scalar(count)
    return list(db.session.scalars(page_of(query, pagination_parameters)))


def page_of(query: sa.Select, pagination_parameters) -> sa.Select:
    """``query`` limited to the requested page (a page beyond any table is empty, not 500)."""
    offset = pagination_parameters.first_item
    if offset > MAX_OFFSET:
        return query.where(sa.false())
    return query.limit(pagination_parameters.page_size).offset(offset)


def get_or_404(model: type, ident: int, what: str) -> Any:
    """The record of the URL, or a 404 that names what was not found."""
    found = db.session.get(model, ident) if as_id(ident) is not None else None
    if found is None:
        abort(404, message=f"No {what} with id {ident}.")
    return found
