"""How a passport reads on the accession page: sections, labels, MCPD codes, coded values
spelled out, partial dates and coordinates in readable form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from germbank.accessions.forms.choices import code_label, country_name
from germbank.accessions.forms.passport import FIELD_LABELS, PASSPORT_GROUPS
from germbank.accessions.routes.common import partial_date, storage_labels
from germbank.accessions.services.passport import COLUMN_TO_MCPD

MULTI_TEXT = frozenset({"accename", "othernumb", "collcode", "collname", "collinstaddress",
                        "bredcode", "bredname", "duplsite", "duplinstname", "remarks"})


@dataclass(frozen=True)
class PassportRow:
    """One line of a passport section; ``values`` has several items for multi-value fields."""

    column: str
    label: str
    mcpd: str | None
    values: list[str]


@dataclass(frozen=True)
class PassportSection:
    """A titled group of passport lines; ``filled`` counts the lines that hold a value."""

    key: str
    title: str
    rows: list[PassportRow]

    @property
    def filled(self) -> int:
        """How many fields of the section hold a value."""
        return sum(1 for row in self.rows if row.values)


def display_values(column: str, value: Any) -> list[str]:
    """A stored value as the lines a person reads (empty list when blank)."""
    if value is None or value == "" or value == {}:
        return []
    if column == "sampstat":
        return [code_label("SAMPSTAT", value)]
    if column == "collsrc":
        return [code_label("COLLSRC", value)]
    if column == "mlsstat":
        return [code_label("MLSSTAT", value)]
    if column == "storage":
        return storage_labels(value)
    if column == "origcty":
        return [f"{value} · {country_name(value)}"]
    if column in ("acqdate", "colldate"):
        return [partial_date(value)]
    if column in ("declatitude", "declongitude"):
        return [f"{value:.6f}".rstrip("0").rstrip(".") + "°"]
    if column == "elevation":
        return [_("%(m)s m", m=value)]
    if column == "coorduncert":
        return [_("± %(m)s m", m=f"{value:g}")]
    if column == "extra":
        return [f"{name}: {item}" for name, item in sorted(value.items())]
    if column in MULTI_TEXT:
        return [part for part in str(value).split(";") if part]
    return [str(value)]


def passport_sections(accession: Any) -> list[PassportSection]:
    """The accession's passport in the sections of :data:`PASSPORT_GROUPS`."""
    sections = []
    for key, title, columns in PASSPORT_GROUPS:
        rows = [PassportRow(column, str(FIELD_LABELS[column]), COLUMN_TO_MCPD.get(column),
                            display_values(column, getattr(accession, column)))
                for column in columns]
        sections.append(PassportSection(key, str(title), rows))
    return sections


def map_link(accession: Any) -> str | None:
    """An OpenStreetMap link to the collecting site, when coordinates are known."""
    lat, lon = accession.declatitude, accession.declongitude
    if lat is None or lon is None:
        return None
    return f"https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lon:.5f}#map=10/{lat:.5f}/{lon:.5f}"
