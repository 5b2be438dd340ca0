"""Small checked conversions shared by the lot, test, event and observation services."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _

from germbank.accessions.services.errors import add_error


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
    if isinstance(value, bool):
        add_error(errors, name, _("Give a whole number."))
        return None
    try:
        number = int(value) if isinstance(value, int) else int(str(value).strip())
    except ValueError:
        add_error(errors, name, _("Give a whole number."))
        return None
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
    number = round(number, places)
    if not (0 <= number <= upper if inclusive else 0 <= number < upper):
        add_error(errors, name, _("Out of range (0 to %(max)s).", max=upper))
        return None
    return number
