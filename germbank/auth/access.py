"""Route access policies, declared on every view and enforced in one place.

A view is marked ``@public``, ``@signed_in`` or ``@requires("permission")``. A
``before_request`` hook reads the mark of the view about to run and answers 401/redirect or
403 before the view starts. A view without a mark is refused, so no route can be added
without a decision on who may use it (the role-matrix test reads the same marks).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Flask, abort, current_app, redirect, request, url_for
from flask_login import current_user

from germbank.auth.permissions import roles_for

F = TypeVar("F", bound=Callable[..., Any])
ATTRIBUTE = "germbank_access"


@dataclass(frozen=True)
class Policy:
    """Who may call a view: anyone (public), anyone signed in, or holders of a permission."""

    kind: str  # "public" | "signed_in" | "permission"
    permission: str | None = None

    def allows(self, user: Any) -> bool:
        """Decide for ``user`` (an anonymous user included)."""
        if self.kind == "public":
            return True
        if not getattr(user, "is_authenticated", False):
            return False
        if self.kind == "signed_in":
            return True
        return user.role in roles_for(self.permission or "")


def _mark(policy: Policy) -> Callable[[F], F]:
    def decorator(view: F) -> F:
        setattr(view, ATTRIBUTE, policy)
        return view

    return decorator


public = _mark(Policy("public"))
signed_in = _mark(Policy("signed_in"))


def requires(permission: str) -> Callable[[F], F]:
    """Mark a view as needing ``permission`` (see :mod:`germbank.auth.permissions`)."""
    roles_for(permission)  # fail at import time on a typo
    return _mark(Policy("permission", permission))


# Endpoints that belong to extensions and cannot carry a mark themselves.
EXTENSION_POLICIES: dict[str, Policy] = {
    "static": Policy("public"),
    "api-docs.openapi_json": Policy("signed_in"),
}


def policy_for(endpoint: str | None, method: str) -> Policy | None:
    """Find the policy of ``endpoint`` for ``method``; None when it declares none."""
    if endpoint is None:
        return None
    if endpoint in EXTENSION_POLICIES:
        return EXTENSION_POLICIES[endpoint]
    view = current_app.view_functions.get(endpoint)
    if view is None:
        return None
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        handler = getattr(view_class, method.lower(), None)
        if handler is None and method == "HEAD":
            handler = getattr(view_class, "get", None)
        found = getattr(handler, ATTRIBUTE, None) or getattr(view_class, ATTRIBUTE, None)
        if found is not None:
            return found
    return getattr(view, ATTRIBUTE, None)


def is_api_request() -> bool:
    """JSON clients get JSON answers; people get pages and redirects."""
    return request.path.startswith("/api/")


def enforce_policy() -> Any:
    """``before_request`` hook: stop the request unless the view's policy allows it."""
    if request.endpoint is None:  # 404/405: let the error handlers answer
        return None
    policy = policy_for(request.endpoint, request.method)
    if policy is None:
        current_app.logger.error("route %s declares no access policy", request.endpoint)
        abort(403)
    if policy.allows(current_user):
        return None
    if not current_user.is_authenticated:
        if is_api_request():
            abort(401)
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    abort(403)


def init_app(app: Flask) -> None:
    """Install the policy check ahead of every view."""
    app.before_request(enforce_policy)
