"""Pure parsers for MCPD coordinates: decimal degrees and the DDMMSSH / DDDMMSSH text forms.

MCPD keeps each coordinate twice (decimal DECLATITUDE and text LATITUDE).  Old files often have
only the text form, so it must be converted; when both exist they must agree within the
precision of the text form (a minute when the seconds are ``--``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from germbank.mcpd.messages import N_
from germbank.mcpd.values import InvalidValue, clean_float, parse_number

Axis = Literal["lat", "lon"]

_LIMIT = {"lat": 90, "lon": 180}
_HEMISPHERES = {"lat": ("N", "S"), "lon": ("E", "W")}
_DEGREE_DIGITS = {"lat": 2, "lon": 3}
_MCPD_DMS = {
    "lat": re.compile(r"(\d{2})(\d\d|--)(\d\d|--)([NS])"),
    "lon": re.compile(r"(\d{3})(\d\d|--)(\d\d|--)([EW])"),
}
# 28°20'30"N, 28°20′30.5″N, N 28 20 30, 北纬28°20′30″ ...
_SYMBOL_DMS = re.compile(
    r"(?P<pre>[NSEW])?\s*(?P<deg>\d{1,3}(?:\.\d+)?)\s*[°º˚d]?\s*"
    r"(?:(?P<min>\d{1,2}(?:\.\d+)?)\s*['′’m]?\s*)?"
    r"(?:(?P<sec>\d{1,2}(?:\.\d+)?)\s*(?:[\"″”]|''|′′|s)?\s*)?(?P<post>[NSEW])?")
_CHINESE_HEMISPHERES = {"北纬": "N", "南纬": "S", "东经": "E", "西经": "W",
                        "北": "N", "南": "S", "东": "E", "西": "W"}


@dataclass(frozen=True, slots=True)
class Dms:
    """A parsed text-form coordinate: its MCPD text, decimal value and precision in degrees."""

    text: str
    decimal: float
    resolution: float

    def agrees_with(self, decimal: float) -> bool:
        """True when ``decimal`` lies within the precision of this text form."""
        return abs(decimal - self.decimal) <= self.resolution + 1e-6


def parse_decimal_degrees(text: str, axis: Axis) -> float:
    """Parse a decimal coordinate and check its range (-90..90 latitude, -180..180 longitude).

    A hemisphere letter instead of a sign is accepted (``'28.5N'``, ``'S 12.25'``).
    """
    candidate = text.strip().upper()
    sign = 1.0
    for letter in ("N", "S", "E", "W"):
        if candidate.startswith(letter) or candidate.endswith(letter):
            if letter not in _HEMISPHERES[axis]:
                raise InvalidValue(N_("has hemisphere %(letter)s, which is not a %(axis)s"),
                                   letter=letter, axis=_axis_name(axis))
            sign = -1.0 if letter in ("S", "W") else 1.0
            candidate = candidate.strip(letter).strip()
            break
    try:
        number = parse_number(candidate) * sign
    except InvalidValue:
        raise InvalidValue(N_("is not a decimal %(axis)s in degrees (e.g. %(example)s)"),
                           axis=_axis_name(axis), example=_example(axis)) from None
    limit = _LIMIT[axis]
    if not -limit <= number <= limit:
        raise InvalidValue(N_("is outside -%(limit)s..%(limit)s degrees"), limit=limit)
    return clean_float(number)


def parse_dms(text: str, axis: Axis) -> Dms:
    """Parse ``282030N`` / ``1122130E`` (MCPD), with ``--`` for unknown minutes or seconds.

    Degree-symbol spellings (``28°20'30"N``, ``北纬28°20′30″``) are accepted and rewritten in
    MCPD form.  Returns the MCPD text, the decimal degrees (rounded to 6 places, ~0.1 m) and
    the resolution used to compare it with a decimal value.
    """
    candidate = text.strip().upper().replace(" ", "")
    match = _MCPD_DMS[axis].fullmatch(candidate)
    if match:
        degrees, minutes, seconds, hemisphere = match.groups()
        if minutes == "--" and seconds != "--":
            raise InvalidValue(N_("gives seconds but no minutes"))
        return _build(axis, float(degrees), _part(minutes), _part(seconds), hemisphere)
    return _parse_symbol_form(text, axis)


def _part(digits: str) -> float | None:
    return None if digits == "--" else float(digits)


def _parse_symbol_form(text: str, axis: Axis) -> Dms:
    candidate = text.strip()
    for word, letter in _CHINESE_HEMISPHERES.items():
        if candidate.startswith(word):
            candidate = letter + candidate[len(word):]
            break
    match = _SYMBOL_DMS.fullmatch(candidate.upper())
    hemisphere = match and (match.group("pre") or match.group("post"))
    has_symbol = any(mark in text for mark in "°º˚'′’\"″”") or " " in text.strip()
    if not match or not hemisphere or not has_symbol:
        raise InvalidValue(N_("is not a %(axis)s in MCPD form %(form)s (e.g. %(example)s; "
                              "unknown minutes or seconds as --)"), axis=_axis_name(axis),
                           form="DDMMSSH" if axis == "lat" else "DDDMMSSH",
                           example="282030N" if axis == "lat" else "1122130E")
    if match.group("pre") and match.group("post"):
        raise InvalidValue(N_("gives the hemisphere twice"))
    if hemisphere not in _HEMISPHERES[axis]:
        raise InvalidValue(N_("has hemisphere %(letter)s, which is not a %(axis)s"),
                           letter=hemisphere, axis=_axis_name(axis))
    minutes = float(match.group("min")) if match.group("min") else None
    seconds = float(match.group("sec")) if match.group("sec") else None
    return _build(axis, float(match.group("deg")), minutes, seconds, hemisphere)


def _build(axis: Axis, degrees: float, minutes: float | None, seconds: float | None,
           hemisphere: str) -> Dms:
    """Check the parts and assemble the MCPD text, decimal value and resolution."""
    if minutes is not None and minutes >= 60:
        raise InvalidValue(N_("has %(minutes)s minutes (must be below 60)"),
                           minutes=_trim(minutes))
    if seconds is not None and seconds >= 60:
        raise InvalidValue(N_("has %(seconds)s seconds (must be below 60)"),
                           seconds=_trim(seconds))
    value = degrees + (minutes or 0) / 60 + (seconds or 0) / 3600
    if value > _LIMIT[axis]:
        raise InvalidValue(N_("is beyond %(limit)s degrees"), limit=_LIMIT[axis])
    if not degrees.is_integer() and minutes is None:
        resolution = 1e-6
        minutes_text = seconds_text = "--"
    else:
        resolution = 1.0 if minutes is None else (1 / 60 if seconds is None else 1 / 3600)
        minutes_text = "--" if minutes is None else f"{int(minutes):02d}"
        seconds_text = "--" if seconds is None else f"{int(seconds):02d}"
    sign = -1 if hemisphere in ("S", "W") else 1
    text = (f"{int(degrees):0{_DEGREE_DIGITS[axis]}d}{minutes_text}{seconds_text}{hemisphere}")
    return Dms(text=text, decimal=round(sign * value, 6), resolution=resolution)


def _trim(number: float) -> str:
    return str(int(number)) if number.is_integer() else str(number)


def _axis_name(axis: Axis) -> str:
    return N_("latitude") if axis == "lat" else N_("longitude")


def _example(axis: Axis) -> str:
    return "28.3417" if axis == "lat" else "112.3583"
