"""What a service says when it refuses a change, so pages and the API can answer precisely.

Pages show :class:`ValidationFailed` messages next to each field (status 400); the API turns
them into 422 with the same per-field ``errors``. :class:`Conflict` is a clash with stored data
(a duplicate key, a record still in use) and becomes 409.
"""

from __future__ import annotations


class ServiceError(Exception):
    """A change the services refused; ``errors`` maps a field name to its messages."""

    def __init__(self, message: str, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors: dict[str, list[str]] = errors or {}


class ValidationFailed(ServiceError):
    """The input breaks a rule; ``errors`` says which field and why (field -> messages)."""

    def __init__(self, errors: dict[str, list[str]], message: str | None = None) -> None:
        super().__init__(message or "The input is not valid.", errors)


class Conflict(ServiceError):
    """The change clashes with stored data (duplicate key, record in use, stale version)."""


def add_error(errors: dict[str, list[str]], field: str, message: str) -> None:
    """Append ``message`` to the messages of ``field``."""
    errors.setdefault(field, []).append(message)
