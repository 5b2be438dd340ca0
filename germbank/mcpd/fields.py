"""The MCPD v2.1 field table: the single place that says which columns exist and what they hold.

Everything else in ``germbank.mcpd`` (parsers, row validation, the marshmallow schema, the
writer) is driven by this table, so a field is described once and cannot drift between the
importer and the exporter.  Order is the standard MCPD order, which is also the export order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FieldKind = Literal["text", "int", "float", "date", "coded", "multi-coded", "multi-text"]

MULTI_VALUE_SEPARATOR = ";"


@dataclass(frozen=True, slots=True)
class McpdField:
    """One MCPD descriptor.

    ``kind`` decides the parser: ``coded`` fields hold one value from a code list (an integer
    code, an ISO country code or a WIEWS institute code), ``multi-*`` fields hold several values
    joined by ``;``.  ``code_list`` names the list in :mod:`germbank.mcpd.codes`.
    """

    number: str
    code: str
    meaning: str
    kind: FieldKind
    required: bool = False
    code_list: str | None = None

    @property
    def multi_value(self) -> bool:
        """True when MCPD allows several ``;``-separated values in this field."""
        return self.kind.startswith("multi-")


def _f(number, code, meaning, kind, required=False, code_list=None) -> McpdField:
    return McpdField(number, code, meaning, kind, required, code_list)


FIELDS: tuple[McpdField, ...] = (
    _f("0", "PUID", "persistent unique identifier (e.g. a DOI)", "text"),
    _f("1", "INSTCODE", "FAO WIEWS code of the holding institute", "coded", True, "WIEWS"),
    _f("2", "ACCENUMB", "accession number, unique within INSTCODE", "text", True),
    _f("3", "COLLNUMB", "collecting number given by the collector", "text"),
    _f("4", "COLLCODE", "WIEWS code(s) of the collecting institute(s)", "multi-coded", False,
       "WIEWS"),
    _f("4.1", "COLLNAME", "collecting institute name(s), when no code exists", "multi-text"),
    _f("4.1.1", "COLLINSTADDRESS", "collecting institute address(es)", "multi-text"),
    _f("4.2", "COLLMISSID", "collecting mission identifier", "text"),
    _f("5", "GENUS", "genus, initial capital", "text", True),
    _f("6", "SPECIES", "specific epithet, lower case; sp. allowed", "text"),
    _f("7", "SPAUTHOR", "species authority", "text"),
    _f("8", "SUBTAXA", "subtaxon: subsp. / convar. / var. / f. / Group + name", "text"),
    _f("9", "SUBTAUTHOR", "subtaxon authority", "text"),
    _f("10", "CROPNAME", "common crop name", "text"),
    _f("11", "ACCENAME", "accession name(s)", "multi-text"),
    _f("12", "ACQDATE", "acquisition date YYYYMMDD, unknown parts as --", "date"),
    _f("13", "ORIGCTY", "country of origin, ISO 3166-1 alpha-3", "coded", False, "ISO3166"),
    _f("14", "COLLSITE", "collecting site description", "text"),
    _f("15.1", "DECLATITUDE", "decimal latitude, -90..90", "float"),
    _f("15.2", "LATITUDE", "latitude DDMMSSH, e.g. 282030N", "text"),
    _f("15.3", "DECLONGITUDE", "decimal longitude, -180..180", "float"),
    _f("15.4", "LONGITUDE", "longitude DDDMMSSH, e.g. 1122130E", "text"),
    _f("15.5", "COORDUNCERT", "coordinate uncertainty in metres", "float"),
    _f("15.6", "COORDDATUM", "geodetic datum (e.g. WGS84)", "text"),
    _f("15.7", "GEOREFMETH", "georeferencing method", "text"),
    _f("16", "ELEVATION", "elevation in metres above sea level", "int"),
    _f("17", "COLLDATE", "collecting date YYYYMMDD, unknown parts as --", "date"),
    _f("18", "BREDCODE", "WIEWS code(s) of the breeding institute(s)", "multi-coded", False,
       "WIEWS"),
    _f("18.1", "BREDNAME", "breeding institute name(s)", "multi-text"),
    _f("19", "SAMPSTAT", "biological status of the accession", "coded", False, "SAMPSTAT"),
    _f("20", "ANCEST", "pedigree or other ancestral information", "text"),
    _f("21", "COLLSRC", "collecting or acquisition source", "coded", False, "COLLSRC"),
    _f("22", "DONORCODE", "WIEWS code of the donor institute", "coded", False, "WIEWS"),
    _f("22.1", "DONORNAME", "donor institute or person", "text"),
    _f("23", "DONORNUMB", "donor's accession number", "text"),
    _f("24", "OTHERNUMB", "other identifiers, INSTCODE:id", "multi-text"),
    _f("25", "DUPLSITE", "WIEWS code(s) of safety-duplicate sites", "multi-coded", False,
       "WIEWS"),
    _f("25.1", "DUPLINSTNAME", "safety-duplicate institute name(s)", "multi-text"),
    _f("26", "STORAGE", "type(s) of germplasm storage", "multi-coded", False, "STORAGE"),
    _f("27", "MLSSTAT", "Multilateral System status: 0 no, 1 yes, 99 other", "coded", False,
       "MLSSTAT"),
    _f("28", "REMARKS", "remarks, FIELD:remark;FIELD:remark", "multi-text"),
)

FIELD_BY_CODE: dict[str, McpdField] = {field.code: field for field in FIELDS}

COLUMN_ORDER: tuple[str, ...] = tuple(field.code for field in FIELDS)
"""MCPD column names in the standard order: the exact header of every export."""

REQUIRED: tuple[str, ...] = tuple(field.code for field in FIELDS if field.required)
"""Columns without which an accession cannot be stored (INSTCODE + ACCENUMB is the natural key;
MCPD v2.1 marks GENUS mandatory too)."""

MULTI_VALUE: frozenset[str] = frozenset(field.code for field in FIELDS if field.multi_value)

COORDINATE_PAIRS: tuple[tuple[str, str], ...] = (
    ("DECLATITUDE", "LATITUDE"),
    ("DECLONGITUDE", "LONGITUDE"),
)
"""(primary, redundant) coordinate pairs: the decimal value wins when the two disagree."""

REDUNDANT_PAIRS: tuple[tuple[str, str], ...] = COORDINATE_PAIRS + (
    ("COLLCODE", "COLLNAME"),
    ("BREDCODE", "BREDNAME"),
    ("DONORCODE", "DONORNAME"),
    ("DUPLSITE", "DUPLINSTNAME"),
)
"""(primary, redundant) pairs.  MCPD asks for the name only when no WIEWS code exists, so a
name next to a code is redundant; checking the pair needs the institute register, which the
import service has and this pure package does not."""

EXTRA_KEY = "extra"
"""Key of a record's non-MCPD attributes (lower case, so it can never clash with an MCPD code)."""


def canonical_column(name: str) -> str:
    """Return the MCPD code for a header cell matched case-insensitively, or the trimmed name.

    Spreadsheets arrive with ``accenumb``, `` ACCENUMB `` or a BOM-prefixed first header; all of
    them mean ACCENUMB.  Unknown names keep their own spelling (they become extra attributes).
    """
    trimmed = name.strip().lstrip("\ufeff").strip()
    upper = trimmed.upper()
    return upper if upper in FIELD_BY_CODE else trimmed
