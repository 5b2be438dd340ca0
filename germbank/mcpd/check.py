"""One call from a file to validated rows: what the import page, the CLI and tests use."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from germbank.mcpd.problems import Problem
from germbank.mcpd.reader import RawTable, ReadLimits, Source, read_mcpd
from germbank.mcpd.rows import RowResult, RowValidator, check_duplicates


@dataclass
class FileCheck:
    """A file being validated: ``results`` yields one :class:`RowResult` per data row.

    ``file_problems`` (unknown columns, once each; values under unnamed columns) is complete
    once ``results`` has been consumed.
    """

    table: RawTable
    validator: RowValidator
    results: Iterator[RowResult]

    @property
    def file_problems(self) -> list[Problem]:
        """Problems about the file as a whole rather than one row."""
        return list(self.validator.header_problems) + list(self.table.problems)


def check_file(source: Source, filename: str | None = None,
               limits: ReadLimits | None = None) -> FileCheck:
    """Read and validate a file lazily.  Raises ``McpdFileError`` if it is no MCPD table."""
    table = read_mcpd(source, filename, limits)
    validator = RowValidator(table.columns)
    return FileCheck(table, validator, _results(table, validator))


def _results(table: RawTable, validator: RowValidator) -> Iterator[RowResult]:
    def validated() -> Iterator[RowResult]:
        for row, raw in table.rows:
            result = validator.validate(row, raw)
            found = table.row_problems.get(row)
            if found:
                result.problems[:0] = found
                if any(problem.is_error for problem in found):
                    result.record = None
            yield result

    return check_duplicates(validated())
