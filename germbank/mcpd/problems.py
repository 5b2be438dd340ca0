"""A problem found in one cell of an MCPD file, and how its message is worded."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]
HEADER_ROW = 1


@dataclass(slots=True)
class Problem:
    """One finding about one cell (``row`` is the spreadsheet row number, header = 1).

    ``template`` and ``params`` keep the untranslated message so a page can show it in Chinese.
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
    """Build a problem whose message reads ``COLUMN 'value' <reason>``."""
    params = dict(params or {})
    params.setdefault("column", column)
    params.setdefault("value", value or "")
    return Problem(row, column, value or "", template % params, severity, template, params)
