"""Validate raw MCPD rows into clean records and a precise list of problems.

The rule (issue 3): a problem that would store wrong data or leave required data missing is an
*error* and the row is rejected; a problem that leaves the record right is a *warning* and the row
is kept -- a malformed optional value is dropped, a redundant field that disagrees with its
primary loses to the primary, an unknown column is kept as an extra attribute.

Records hold a key for every MCPD column present in the file (``None`` for a blank cell) and
none for absent columns or dropped values, so an upsert can tell "clear this" from "leave it".

Built for bulk imports: a :class:`RowValidator` plans the work once per header, and the usual
path for a clean cell is a dict lookup or one parser call.  The marshmallow schema in
``germbank.mcpd.schema`` uses the same parsers for single records.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from germbank.mcpd.coordinates import parse_decimal_degrees, parse_dms
from germbank.mcpd.field_parsers import MULTI_CODED, PARSERS
from germbank.mcpd.field_parsers import plain_text as _text_parser
from germbank.mcpd.fields import (
    COORDINATE_PAIRS,
    EXTRA_KEY,
    FIELD_BY_CODE,
    REQUIRED,
    canonical_column,
)
from germbank.mcpd.messages import N_, REASON
from germbank.mcpd.problems import HEADER_ROW, Problem, make_problem
from germbank.mcpd.values import NULL_TOKENS, AdjustedValue, InvalidValue, split_codes

_VALUE = N_("%(column)s '%(value)s' %(reason)s")
_VALUE_IGNORED = N_("%(column)s '%(value)s' %(reason)s; the value was ignored")
_ITEM_IGNORED = N_("%(column)s '%(value)s': '%(item)s' %(reason)s; the value was ignored")


@dataclass(slots=True)
class RowResult:
    """The outcome for one row: the clean record (``None`` when the row has errors)."""

    row: int
    raw: Mapping[str, str | None]
    record: dict | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        """True when the row can be imported (warnings allowed)."""
        return self.record is not None

    @property
    def errors(self) -> list[Problem]:
        """The problems that reject this row."""
        return [problem for problem in self.problems if problem.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that leave the row importable."""
        return [problem for problem in self.problems if not problem.is_error]


_COORDINATE_COLUMNS = frozenset(code for pair in COORDINATE_PAIRS for code in pair)
_TEXT_KINDS = frozenset({"text", "multi-text"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MEMO_SIZE = 4096  # distinct values remembered per column: codes, dates and sites repeat a lot


class RowValidator:
    """Validates the rows of one file; built once from its header."""

    def __init__(self, columns: Sequence[str]) -> None:
        canonical = [canonical_column(name) for name in columns]
        self.mcpd_columns = [c for c in canonical if c in FIELD_BY_CODE]
        self.extra_columns = [c for c in canonical if c not in FIELD_BY_CODE and c]
        self.header_problems = [
            make_problem(HEADER_ROW, name, name, "warning",
                         N_("column %(column)s is not an MCPD field; its values are kept as "
                            "extra attributes"))
            for name in self.extra_columns
        ]
        planned = [code for code in self.mcpd_columns if code not in _COORDINATE_COLUMNS]
        self._plain_text = [code for code in planned if PARSERS[code] is _text_parser]
        self._plan = [
            (code, PARSERS[code], code in MULTI_CODED,
             FIELD_BY_CODE[code].kind not in _TEXT_KINDS, code in REQUIRED,
             {} if FIELD_BY_CODE[code].kind not in ("multi-text", "multi-coded") else None)
            for code in planned if PARSERS[code] is not _text_parser
        ]
        present = set(self.mcpd_columns)
        self._pairs = [(decimal, text, axis) for (decimal, text), axis
                       in zip(COORDINATE_PAIRS, ("lat", "lon"), strict=True)
                       if decimal in present or text in present]

    def validate(self, row: int, raw: Mapping[str, str | None]) -> RowResult:
        """Validate one raw row (column -> text or None) into a :class:`RowResult`."""
        record: dict = {}
        problems: list[Problem] = []
        has_error = False
        for code in self._plain_text:
            text = raw.get(code)
            if text and _CONTROL.search(text):
                text = _remove_control(row, code, text, problems)
            record[code] = (text.strip() or None) if text else None
        for code, parser, multi_coded, null_tokens_blank, required, memo in self._plan:
            text = raw.get(code)
            if text is not None:
                if _CONTROL.search(text):
                    text = _remove_control(row, code, text, problems)
                text = text.strip()
            if not text or (null_tokens_blank and text.upper() in NULL_TOKENS):
                if required:
                    problems.append(make_problem(row, code, text, "error",
                                                 N_("%(column)s is empty; every accession "
                                                    "needs one")))
                    has_error = True
                record[code] = None
                continue
            if multi_coded:
                self._multi_coded(row, code, text, parser, record, problems)
                continue
            if memo is not None and text in memo:
                record[code] = memo[text]
                continue
            try:
                value = record[code] = parser(text)
                if memo is not None and len(memo) < _MEMO_SIZE:
                    memo[text] = value
            except InvalidValue as invalid:
                severity = "error" if required else "warning"
                has_error |= required
                problems.append(make_problem(row, code, text, severity,
                                             _VALUE if required else _VALUE_IGNORED,
                                             _with_reason(invalid)))
            except AdjustedValue as adjusted:
                record[code] = adjusted.value
                problems.append(make_problem(row, code, text, "warning", _VALUE,
                                             _with_reason(adjusted)))
        for decimal, text_column, axis in self._pairs:
            _coordinate_pair(row, raw, decimal, text_column, axis, record, problems)
        if self._pairs:
            _check_half_coordinates(row, record, problems)
        if self.extra_columns:
            record[EXTRA_KEY] = {name: value.strip() for name in self.extra_columns
                                 if (value := raw.get(name)) and value.strip()}
        return RowResult(row, raw, None if has_error else record, problems)

    @staticmethod
    def _multi_coded(row, code, text, parser, record, problems) -> None:
        """Keep the valid codes of a list, warn about each invalid one."""
        kept: list = []
        for item in split_codes(text):
            try:
                value = parser(item)
            except InvalidValue as invalid:
                problems.append(make_problem(
                    row, code, text, "warning",
                    _ITEM_IGNORED, {**_with_reason(invalid), "item": item}))
                continue
            if value not in kept:
                kept.append(value)
        if kept:
            record[code] = kept


def _with_reason(error: InvalidValue | AdjustedValue) -> dict:
    """The params of a value problem: the parser's reason template and its params."""
    return {**error.params, REASON: error.template}


def _remove_control(row: int, column: str, text: str, problems: list[Problem]) -> str:
    """Control characters are no data (and no database or XLSX can hold some): drop them."""
    problems.append(make_problem(row, column, text, "warning",
                                 N_("%(column)s %(shown)s contains control characters, which "
                                    "were removed"), {"shown": ascii(text)}))
    return _CONTROL.sub("", text)


def _clean(raw: Mapping[str, str | None], column: str) -> str | None:
    text = raw.get(column)
    if text is None:
        return None
    text = _CONTROL.sub("", text).strip()
    return None if not text or text.upper() in NULL_TOKENS else text


def _coordinate_pair(row, raw, decimal_column, text_column, axis, record, problems) -> None:
    """Resolve DECLATITUDE/LATITUDE (or the longitudes): the decimal value is primary."""
    decimal_text = _clean(raw, decimal_column)
    dms_text = _clean(raw, text_column)
    decimal = dms = None
    if decimal_text is not None:
        try:
            decimal = parse_decimal_degrees(decimal_text, axis)
        except InvalidValue as invalid:
            decimal = _decimal_given_as_dms(row, decimal_column, decimal_text, axis, invalid,
                                            dms_text is not None, problems)
    if dms_text is not None:
        try:
            dms = parse_dms(dms_text, axis)
        except InvalidValue as invalid:
            dms = _dms_given_as_decimal(row, text_column, dms_text, axis, invalid,
                                        decimal is not None, problems)
    if isinstance(dms, float):  # the text column held decimal degrees
        decimal, dms = (decimal if decimal is not None else dms), None
    if decimal is not None and dms is not None and not dms.agrees_with(decimal):
        problems.append(make_problem(
            row, text_column, dms_text, "warning",
            N_("%(column)s '%(value)s' (%(converted)s) disagrees with %(primary)s %(decimal)s; "
               "kept %(primary)s and left %(column)s out"),
            {"converted": dms.decimal, "primary": decimal_column, "decimal": decimal}))
        dms = None
    if decimal is None and dms is not None:
        decimal = dms.decimal
    if decimal_column in raw or decimal is not None:
        record[decimal_column] = decimal
    if text_column in raw and (dms is not None or dms_text is None):
        record[text_column] = dms.text if dms is not None else None


def _decimal_given_as_dms(row, column, text, axis, invalid, has_text_form, problems):
    """A decimal column holding a DMS value is converted when the DMS column is empty."""
    try:
        dms = parse_dms(text, axis)
    except InvalidValue:
        dms = None
    if dms is not None and not has_text_form:
        problems.append(make_problem(row, column, text, "warning",
                                     N_("%(column)s '%(value)s' is in degrees-minutes-seconds "
                                        "form; read as %(decimal)s"), {"decimal": dms.decimal}))
        return dms.decimal
    problems.append(make_problem(row, column, text, "warning", _VALUE_IGNORED,
                                 _with_reason(invalid)))
    return None


def _dms_given_as_decimal(row, column, text, axis, invalid, has_decimal, problems):
    """A text-form column holding decimal degrees is used when the decimal column is empty."""
    try:
        decimal = parse_decimal_degrees(text, axis)
    except InvalidValue:
        decimal = None
    if decimal is not None and not has_decimal:
        problems.append(make_problem(row, column, text, "warning",
                                     N_("%(column)s '%(value)s' is in decimal degrees, not "
                                        "%(form)s; used as the decimal coordinate"),
                                     {"form": "DDMMSSH" if axis == "lat" else "DDDMMSSH"}))
        return decimal
    problems.append(make_problem(row, column, text, "warning", _VALUE_IGNORED,
                                 _with_reason(invalid)))
    return None


def _check_half_coordinates(row, record, problems) -> None:
    """A latitude without a longitude (or the reverse) cannot place the site: say so."""
    latitude, longitude = record.get("DECLATITUDE"), record.get("DECLONGITUDE")
    if (latitude is None) != (longitude is None):
        missing = "DECLONGITUDE" if longitude is None else "DECLATITUDE"
        present = "DECLATITUDE" if longitude is None else "DECLONGITUDE"
        value = latitude if longitude is None else longitude
        problems.append(make_problem(row, missing, "", "warning",
                                     N_("%(column)s is missing while %(present)s is %(given)s; "
                                        "the site cannot be mapped"),
                                     {"present": present, "given": value}))


def validate_rows(columns: Sequence[str],
                  rows: Iterable[tuple[int, Mapping[str, str | None]]],
                  row_problems: Mapping[int, list[Problem]] | None = None,
                  validator: RowValidator | None = None) -> Iterator[RowResult]:
    """Validate every row, and reject a repeated INSTCODE + ACCENUMB within the file.

    ``row_problems`` are problems the reader found in a row (e.g. too many cells); they are
    added to that row's result, and an error among them rejects the row.  Header warnings
    (unknown columns, once each) are on :func:`validator_for` ``(columns).header_problems``.
    """
    validator = validator or RowValidator(columns)
    results = (validator.validate(row, raw) for row, raw in rows)
    if row_problems is not None:
        results = _with_reader_problems(results, row_problems)
    return check_duplicates(results)


def validate_table(table) -> Iterator[RowResult]:
    """Validate the rows of a :class:`germbank.mcpd.reader.RawTable`."""
    return validate_rows(table.columns, table.rows, table.row_problems)


def _with_reader_problems(results: Iterable[RowResult],
                          row_problems: Mapping[int, list[Problem]]) -> Iterator[RowResult]:
    for result in results:
        found = row_problems.get(result.row)
        if found:
            result.problems[:0] = found
            if any(problem.is_error for problem in found):
                result.record = None
        yield result


def validator_for(columns: Sequence[str]) -> RowValidator:
    """Return the validator for a header (its ``header_problems`` list the unknown columns)."""
    return RowValidator(columns)


def check_duplicates(results: Iterable[RowResult]) -> Iterator[RowResult]:
    """Turn the second and later rows with the same INSTCODE + ACCENUMB into errors."""
    first_row: dict[tuple[str, str], int] = {}
    for result in results:
        record = result.record
        if record is not None:
            key = (record["INSTCODE"], record["ACCENUMB"])
            seen = first_row.setdefault(key, result.row)
            if seen != result.row:
                result.problems.append(make_problem(
                    result.row, "ACCENUMB", key[1], "error",
                    N_("%(column)s '%(value)s' of %(instcode)s already appears on row %(first)s"),
                    {"instcode": key[0], "first": seen}))
                result.record = None
        yield result
