"""MCPD v2.1 passport files: pure reading, validating and writing (no Flask, no database).

The import and export features (``germbank.mcpd_import``) and the accession forms build on this.

    check = check_file(data, "passport.xlsx")       # raises McpdFileError if no MCPD table
    for result in check.results:                    # one RowResult per data row
        result.record, result.problems
    write_csv(records) / write_xlsx(records)        # exact MCPD columns, deterministic bytes
"""

from germbank.mcpd.check import FileCheck, check_file
from germbank.mcpd.fields import COLUMN_ORDER, EXTRA_KEY, FIELD_BY_CODE, FIELDS, REQUIRED
from germbank.mcpd.problems import Problem
from germbank.mcpd.reader import McpdFileError, RawTable, ReadLimits, read_mcpd
from germbank.mcpd.rows import RowResult, RowValidator, validate_rows
from germbank.mcpd.writer import csv_chunks, write_csv, write_xlsx

__all__ = [
    "COLUMN_ORDER", "EXTRA_KEY", "FIELDS", "FIELD_BY_CODE", "REQUIRED", "FileCheck",
    "McpdFileError", "Problem", "RawTable", "ReadLimits", "RowResult", "RowValidator",
    "check_file", "csv_chunks", "read_mcpd", "validate_rows", "write_csv", "write_xlsx",
]
