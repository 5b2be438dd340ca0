"""A problem found in one cell of an MCPD file, and how its message is worded."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from germbank.mcpd.messages import render_message

Severity = Literal["error", "warning"]
HEADER_ROW = 1


@dataclass(slots=True)
class Problem:
    """One finding about one cell (``row`` is the spreadsheet row number, header = 1).

    ``message`` is the English text (CLI, CSV files); ``template`` and ``params`` keep it
    untranslated so a page can render it again in the reader's language
    (:func:`germbank.mcpd.messages.render_message`).  ``params`` hold only JSON values: a
    report is stored as JSON between the preview and the confirm step.
    """

    row: int
    column: str
    value: str
    message: str
    severity: Severity
    template: str | None = None
    params: dict = field(default_factory=dict)

    @property
    def is_error(self) -> bool:
        """True when the row cannot be imported because of this problem."""
        return self.severity == "error"


def make_problem(row: int, column: str, value: str | None, severity: Severity,
                 template: str, params: dict | None = None) -> Problem:
    """Build a problem from an ``N_``-marked template; ``column`` and ``value`` are params too.

    A nested reason template goes in ``params["reason"]`` (see ``germbank.mcpd.messages``).
    """
    params = dict(params or {})
    params.setdefault("column", column)
    params.setdefault("value", value or "")
    return Problem(row, column, value or "", render_message(template, params), severity,
                   template, params)
