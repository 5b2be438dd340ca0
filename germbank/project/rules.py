"""The refusals a project manager can meet, shared by the pages and the JSON API.

Services raise these with a translated message and the field at fault; a page shows the
message next to the field, the API answers with ``status`` and ``{"errors": {field: [...]}}``.
"""

from __future__ import annotations

from decimal import Decimal


class ProjectRuleError(ValueError):
    """A change that breaks a project rule. ``status`` is 422 (rule) or 409 (clash)."""

    status = 422

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    @property
    def errors(self) -> dict[str, list[str]]:
        """The API's ``errors`` member: the message under its field (or ``_schema``)."""
        return {self.field or "_schema": [self.message]}


class ProjectConflict(ProjectRuleError):
    """The change clashes with stored data (a duplicate code, an existing link)."""

    status = 409


class ConfirmationNeeded(ProjectConflict):
    """Allowed only when the manager confirms, e.g. budget lines beyond the approved total."""

    def __init__(self, message: str, field: str | None, excess: Decimal) -> None:
        super().__init__(message, field)
        self.excess = excess
