"""Pure parsers for single MCPD cell values: the rules for what a value may look like.

Each parser takes a trimmed, non-empty string and returns the clean value, raises
:class:`InvalidValue` when the text cannot be a value of that field, or raises
:class:`AdjustedValue` when it could make sense of the text only by changing it (the caller keeps
the adjusted value and tells the user).  The messages are the part after ``COLUMN 'value'``, so
the row validator can say exactly which cell is wrong and why.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re

from germbank.mcpd import codes
from germbank.mcpd.messages import N_


class InvalidValue(ValueError):
    """The text cannot be a value of the field.  ``template % params`` is the reason."""

    def __init__(self, template: str, **params: object) -> None:
        super().__init__(template % params if params else template)
        self.template = template
        self.params = params


class AdjustedValue(Exception):
    """The text was understood only after changing it; ``value`` is what will be stored."""

    def __init__(self, value: object, template: str, **params: object) -> None:
        super().__init__(template % params if params else template)
        self.value = value
        self.template = template
        self.params = params


NULL_TOKENS = frozenset({"NA", "N/A", "NULL", "NONE", "NAN", "-", "--", "?"})
"""Spellings of "no value" that spreadsheets put into numeric, coded and date cells."""

_FLOATED_INT = re.compile(r"(-?\d+)\.0*")


def defloat(text: str) -> str:
    """Undo a spreadsheet turning an integer into a float: ``'410.0'`` -> ``'410'``.

    Also handles exponent forms Excel writes for long numbers (``2.0160225E7``).
    """
    match = _FLOATED_INT.fullmatch(text)
    if match:
        return match.group(1)
    if "e" in text or "E" in text:
        try:
            number = float(text)
        except ValueError:
            return text
        if math.isfinite(number) and number.is_integer():
            return str(int(number))
    return text


def clean_float(number: float) -> float:
    """Drop binary float noise (28.341700000000003 -> 28.3417) while keeping 12 digits."""
    return float(format(number, ".12g"))


def parse_number(text: str) -> float:
    """Parse a decimal number, accepting a decimal comma (``'28,5'``) when there is no dot."""
    candidate = text.replace(" ", "")
    if "," in candidate and "." not in candidate and candidate.count(",") == 1:
        candidate = candidate.replace(",", ".")
    try:
        number = float(candidate)
    except ValueError:
        raise InvalidValue(N_("is not a number")) from None
    if not math.isfinite(number):
        raise InvalidValue(N_("is not a number"))
    return clean_float(number)


_METRES = re.compile(r"(.*?)\s*(m|metres|meters|米)", re.IGNORECASE)


def parse_metres(text: str, minimum: float, maximum: float) -> float:
    """Parse a length in metres, allowing a trailing unit (``'410 m'``, ``'410米'``)."""
    match = _METRES.fullmatch(text)
    number = parse_number(match.group(1) if match else text)
    if not minimum <= number <= maximum:
        raise InvalidValue(N_("is outside %(minimum)s..%(maximum)s metres"),
                           minimum=format_number(minimum), maximum=format_number(maximum))
    return number


def parse_elevation(text: str) -> int:
    """Elevation in whole metres above sea level (Dead Sea to Everest); decimals are rounded."""
    number = parse_metres(text, -500, 9000)
    if number.is_integer():
        return int(number)
    raise AdjustedValue(round(number), N_("was rounded to %(rounded)s m"), rounded=round(number))


def parse_coordinate_uncertainty(text: str) -> float:
    """Coordinate uncertainty in metres: not negative, and below half the Earth's circumference."""
    return parse_metres(text, 0, 20_000_000)


def format_number(number: float | int) -> str:
    """Write a number without float artefacts: 410.0 -> '410', 28.3417 -> '28.3417'."""
    if isinstance(number, float):
        if number.is_integer():
            return str(int(number))
        return repr(clean_float(number))
    return str(number)


def _integer_code_lookup(code_list: dict[int, str]) -> dict[str, int]:
    """Precompute every common spelling of each code, so the usual case is one dict lookup."""
    lookup = {}
    for code in code_list:
        for spelling in (str(code), f"{code}.0", f"{code}.00"):
            lookup[spelling] = code
    return lookup


_CODE_LOOKUPS = {name: _integer_code_lookup(values)
                 for name, values in codes.INTEGER_CODE_LISTS.items()}
_MLS_WORDS = {"YES": 1, "Y": 1, "TRUE": 1, "NO": 0, "N": 0, "FALSE": 0}


def parse_integer_code(text: str, code_list: str) -> int:
    """Parse a value of an integer code list (SAMPSTAT, COLLSRC, STORAGE, MLSSTAT)."""
    lookup = _CODE_LOOKUPS[code_list]
    code = lookup.get(text)
    if code is not None:
        return code
    code = lookup.get(defloat(text.replace(" ", "")))
    if code is not None:
        return code
    if code_list == "MLSSTAT" and text.upper() in _MLS_WORDS:
        return _MLS_WORDS[text.upper()]
    raise InvalidValue(N_("is not %(expected)s"), expected=codes.CODE_LIST_EXAMPLES[code_list])


def parse_country(text: str) -> str:
    """ISO 3166-1 alpha-3 country code, case-insensitive; ISO 3166-3 historic codes allowed."""
    code = text.replace(" ", "").upper()
    if code in codes.ISO3166_ALL:
        return code
    if len(code) == 2 and code.isalpha():
        raise InvalidValue(N_("is a two-letter code; MCPD needs the three-letter ISO 3166-1 "
                              "code (e.g. CHN, not CN)"))
    raise InvalidValue(N_("is not an ISO 3166-1 three-letter country code (e.g. CHN, IND)"))


def parse_wiews(text: str) -> str:
    """FAO WIEWS institute code, case- and space-insensitive: ``' chn 123'`` -> ``'CHN123'``."""
    code = text.replace(" ", "").upper()
    if codes.is_wiews_code(code):
        return code
    raise InvalidValue(N_("is not a FAO WIEWS institute code (three-letter country code and "
                          "3 or 4 digits, e.g. CHN123)"))


def split_multi(text: str) -> list[str]:
    """Split an MCPD multi-value cell on ``;``, trimming parts and dropping empty ones."""
    if ";" not in text:
        return [text]
    return [part for part in (piece.strip() for piece in text.split(";")) if part]


_CODE_SEPARATORS = re.compile(r"[;,，；\s]+")


def split_codes(text: str) -> list[str]:
    """Split a multi-code cell: codes cannot contain separators, so ``,`` and spaces count too."""
    return [part for part in _CODE_SEPARATORS.split(text) if part]


_MCPD_DATE = re.compile(r"(\d{4})(\d\d|--)(\d\d|--)")
_OTHER_DATE = re.compile(
    r"(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?)?(?:[ T]00:00(?::00)?)?")


def parse_date(text: str, today: dt.date | None = None) -> str:
    """Validate a full or partial date and return it in MCPD form ``YYYYMMDD``.

    Unknown month or day is written ``--`` (MCPD also allows ``00``; both read, ``--`` written).
    Also accepts float-mangled (``20160225.0``), ISO (``2016-02-25``), Excel datetime
    (``2016-02-25 00:00:00``) and Chinese (``2016年2月25日``) spellings, which are unambiguous.
    """
    candidate = defloat(text.replace(" 00:00:00", "").strip())
    match = _MCPD_DATE.fullmatch(candidate)
    if match:
        year, month, day = match.groups()
    elif candidate.isdigit() and len(candidate) in (4, 6):
        year, month, day = candidate[:4], candidate[4:6] or "--", "--"
    else:
        match = _OTHER_DATE.fullmatch(candidate)
        if not match:
            raise InvalidValue(N_("is not a date in MCPD form YYYYMMDD (unknown month or day "
                                  "as --, e.g. 2019---- or 201903--)"))
        year = match.group(1)
        month = f"{int(match.group(2)):02d}" if match.group(2) else "--"
        day = f"{int(match.group(3)):02d}" if match.group(3) else "--"
    month = "--" if month == "00" else month
    day = "--" if day == "00" else day
    return _check_date_parts(year, month, day, today or dt.date.today())


def _check_date_parts(year: str, month: str, day: str, today: dt.date) -> str:
    """Check the parts make a real date that is not in the future; return the MCPD form."""
    y = int(year)
    if y < 1000:
        raise InvalidValue(N_("has an impossible year %(year)s"), year=year)
    if month == "--":
        if day != "--":
            raise InvalidValue(N_("gives a day but no month"))
        earliest = dt.date(y, 1, 1)
    else:
        m = int(month)
        if not 1 <= m <= 12:
            raise InvalidValue(N_("has no month %(month)s"), month=month)
        if day == "--":
            earliest = dt.date(y, m, 1)
        else:
            d = int(day)
            if not 1 <= d <= calendar.monthrange(y, m)[1]:
                raise InvalidValue(N_("is not a calendar date (%(month)s has no day %(day)s)"),
                                   month=f"{year}-{month}", day=day)
            earliest = dt.date(y, m, d)
    if earliest > today:
        raise InvalidValue(N_("is in the future"))
    return f"{year}{month}{day}"
