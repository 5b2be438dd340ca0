"""One call from a file to validated rows: what the import page, the CLI and tests use."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from germbank.mcpd.problems import Problem
from germbank.mcpd.reader import RawTable, ReadLimits, Source, read_mcpd
from germbank.mcpd.rows import RowResult, RowValidator, validate_rows


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
    return FileCheck(table, validator, validate_rows(table.columns, table.rows,
                                                      table.row_problems, validator))
