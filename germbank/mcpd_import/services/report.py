"""What an import did (or would do): counts, every problem, and the rejected rows as a file."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from germbank.mcpd.problems import Problem

REASON_COLUMN = "reason"
"""Column added to the rejected-rows file; ignored when that file is imported again."""


@dataclass
class RejectedRow:
    """A row that was not imported: its cells as read, and why."""

    row: int
    cells: dict[str, str | None]
    reasons: list[str]


@dataclass
class ImportReport:
    """The outcome of one import or dry run.

    ``created``/``updated``/``unchanged`` count what was done -- or, in a dry run or an
    all-or-nothing import stopped by errors, what would have been done.  ``applied`` tells
    whether the changes are in the session for the caller to commit.
    """

    filename: str
    mode: str
    dry_run: bool
    skip_invalid: bool
    columns: list[str] = field(default_factory=list)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    created_crops: int = 0
    created_taxa: int = 0
    applied: bool = False
    file_problems: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rejected_rows: list[RejectedRow] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """Problems that reject rows."""
        return [p for p in self.file_problems + self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """Problems that leave rows importable."""
        return [p for p in self.file_problems + self.problems if not p.is_error]

    @property
    def blocked(self) -> bool:
        """True when rows have errors and the import is all-or-nothing: nothing is imported."""
        return self.rejected > 0 and not self.skip_invalid

    def rejected_csv(self) -> bytes:
        """The rejected rows with a ``reason`` column, ready to fix and import again."""
        names = [name for name in self.columns if name and name != REASON_COLUMN]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(names + [REASON_COLUMN])
        for rejected in self.rejected_rows:
            writer.writerow([rejected.cells.get(name) or "" for name in names]
                            + [" | ".join(rejected.reasons)])
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")

    def problems_csv(self, translated_heading: str | None = None,
                     translate: Callable[[Problem], str] | None = None) -> bytes:
        """Every problem as a table: row, column, value, severity, message (English).

        With ``translate``, a last column headed ``translated_heading`` gives each message in
        the reader's language.
        """
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        heading = ["row", "column", "value", "severity", "message"]
        writer.writerow(heading + ([translated_heading or ""] if translate else []))
        for p in self.file_problems + self.problems:
            cells = [p.row, p.column, p.value, p.severity, p.message]
            writer.writerow(cells + ([translate(p)] if translate else []))
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")

    def to_dict(self) -> dict:
        """A JSON-safe form, to show the report again on a later page."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ImportReport:
        """Rebuild a report saved with :meth:`to_dict`."""
        data = dict(data)
        data["file_problems"] = [Problem(**p) for p in data.get("file_problems", [])]
        data["problems"] = [Problem(**p) for p in data.get("problems", [])]
        data["rejected_rows"] = [RejectedRow(**r) for r in data.get("rejected_rows", [])]
        return cls(**data)
