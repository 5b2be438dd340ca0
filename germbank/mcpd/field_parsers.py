"""Which parser reads which MCPD field, plus the few field-specific parsers (taxon names,
accession numbers).  Coordinates are not here: they are read as pairs in ``rows``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from germbank.mcpd import values
from germbank.mcpd.fields import FIELDS
from germbank.mcpd.messages import N_
from germbank.mcpd.values import AdjustedValue, InvalidValue

Parser = Callable[[str], object]

_GENUS = re.compile(r"(×\s?)?[A-Z][a-z]+(-[a-z]+)?")
_SPECIES = re.compile(r"(×\s?)?[a-z]+(-[a-z]+)?|spp?\.")


def parse_genus(text: str) -> str:
    """Genus: one word with an initial capital; ``boehmeria`` / ``BOEHMERIA`` are fixed."""
    name = text.strip()
    if name.islower() or name.isupper():
        name = name.capitalize()
    if _GENUS.fullmatch(name):
        return name
    if " " in name:
        raise InvalidValue(N_("is not a genus name (one word, e.g. Boehmeria); put the species "
                              "epithet in SPECIES and the rest in SUBTAXA"))
    raise InvalidValue(N_("is not a genus name (one word with an initial capital, e.g. Boehmeria)"))


def parse_species(text: str) -> str:
    """Specific epithet: one lower-case word, or ``sp.`` / ``spp.`` when unidentified."""
    name = text.strip()
    if name.isupper() or name[:1].isupper():
        name = name.lower()
    if name in ("sp", "spp"):
        name += "."
    if _SPECIES.fullmatch(name):
        return name
    if " " in name:
        raise InvalidValue(N_("is not a specific epithet (one lower-case word, e.g. nivea); put "
                              "the authority in SPAUTHOR and any subtaxon in SUBTAXA"))
    raise InvalidValue(N_("is not a specific epithet (one lower-case word, e.g. nivea, or sp.)"))


_FLOATED_NUMBER = re.compile(r"\d+\.0+")


def parse_identifier(text: str) -> str:
    """Accession-style identifiers: kept as written, except a spreadsheet's ``12345.0``."""
    if _FLOATED_NUMBER.fullmatch(text):
        fixed = values.defloat(text)
        raise AdjustedValue(fixed, N_("looks like a number mangled by a spreadsheet; "
                                      "read as %(fixed)s"), fixed=fixed)
    return text


def plain_text(text: str) -> str:
    """Free text: kept as written (the reader has already trimmed it)."""
    return text


def _single_parser(code: str, kind: str, code_list: str | None) -> Parser:
    if code == "GENUS":
        return parse_genus
    if code == "SPECIES":
        return parse_species
    if code in ("ACCENUMB", "COLLNUMB", "DONORNUMB"):
        return parse_identifier
    if code == "ELEVATION":
        return values.parse_elevation
    if code == "COORDUNCERT":
        return values.parse_coordinate_uncertainty
    if kind == "date":
        return values.parse_date
    if kind == "multi-text":
        return values.split_multi
    if code_list == "WIEWS":
        return values.parse_wiews
    if code_list == "ISO3166":
        return values.parse_country
    if code_list is not None:
        return partial(values.parse_integer_code, code_list=code_list)
    return plain_text


PARSERS: dict[str, Parser] = {
    field.code: _single_parser(field.code, field.kind, field.code_list) for field in FIELDS
}
"""Parser of one value (for multi-coded fields: of one item of the list)."""


def parse_value(code: str, text: str) -> object:
    """Parse one trimmed, non-empty cell of MCPD field ``code`` (strict: no partial lists).

    Used by the marshmallow schema; the bulk validator in ``rows`` calls the same parsers.
    """
    parser = PARSERS[code]
    if code in MULTI_CODED:
        return [parser(item) for item in values.split_codes(text)]
    return parser(text)


MULTI_CODED = frozenset(field.code for field in FIELDS if field.kind == "multi-coded")
