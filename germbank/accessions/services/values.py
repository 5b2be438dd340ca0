"""Small checked conversions shared by the lot, test, event and observation services."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _

from germbank.accessions.services.errors import add_error

MAX_ID = 2 ** 31 - 1
"""Largest record id (ids are 32-bit integers); a bigger number names no record."""

_DIGITS = re.compile(r"[0-9]+")


def as_id(value: Any) -> int | None:
    """A record id from an int or ASCII digits, or None when it cannot name a record."""
    if isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 1 <= value <= MAX_ID else None


def is_whole_number(value: Any) -> bool:
    """True for an int, an integral float or ASCII digits (not ``True``, not ``'²'``)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    if isinstance(value, float):
        return value.is_integer()
    return isinstance(value, str) and _DIGITS.fullmatch(value.strip()) is not None


def clean_date(name: str, value: Any, errors: dict, future_ok: bool = False) -> date | None:
    """A date from a ``date`` or ISO text; a future date only where planning allows it."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value).strip())
        except ValueError:
            add_error(errors, name, _("Give a date as YYYY-MM-DD."))
            return None
    if value.year < 1900:
        add_error(errors, name, _("Give a date after 1900."))
        return None
    if not future_ok and value > date.today():
        add_error(errors, name, _("A date in the future is not possible here."))
        return None
    return value


def clean_integer(name: str, value: Any, errors: dict, low: int, high: int) -> int | None:
    """A whole number within ``low..high`` (text digits accepted)."""
    if value is None or value == "":
        return None
    if not is_whole_number(value) or (isinstance(value, str) and not value.strip()):
        add_error(errors, name, _("Give a whole number."))
        return None
    number = int(value) if not isinstance(value, str) else int(value.strip())
    if not low <= number <= high:
        add_error(errors, name, _("Between %(low)d and %(high)d.", low=low, high=high))
        return None
    return number


def clean_decimal(name: str, value: Any, errors: dict, places: int,
                  upper: int | Decimal, inclusive: bool = False) -> Decimal | None:
    """A non-negative decimal below ``upper`` (or up to it), rounded to ``places`` decimals."""
    if value is None or value == "":
        return None
    try:
        number = None if isinstance(value, bool) else Decimal(str(value).strip())
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        add_error(errors, name, _("Give a number."))
        return None
    if abs(number) <= upper:  # rounding a huge number would overflow the decimal context
        number = round(number, places)
    if not (0 <= number <= upper if inclusive else 0 <= number < upper):
        add_error(errors, name, _("Out of range (0 to %(max)s).", max=upper))
        return None
    return number
