"""Passport data: crops, taxa, institutes and accessions with every MCPD v2.1 field.

Each MCPD descriptor is one column named after its code in lower case (``ACCENUMB`` ->
``accenumb``), so import and export are a mechanical copy through
:attr:`Accession.MCPD_COLUMNS`. Multi-value fields (``ACCENAME``, ``STORAGE`` ...) are kept as
MCPD text joined by ``;``, exactly as they are exchanged; dates are MCPD partial-date text
(``2019----``) because a partial date is not a SQL date. Lots, tests and observations live in
:mod:`germbank.models.inventory`.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from germbank.extensions import db
from germbank.orm import utcnow

if TYPE_CHECKING:
    from germbank.models.inventory import InventoryLot, Observation, RegenerationEvent

PROPAGATIONS = ("seed", "clonal")
POLLINATIONS = ("self", "cross")

# Defaults from the standards file (genebank-standards.md, "Viability and regeneration").
DEFAULT_MIN_VIABLE_SEEDS = {"self": 1500, "cross": 3000}
DEFAULT_REGENERATION_THRESHOLD = Decimal("0.85")
DEFAULT_MIN_PLANTS = 5


class Crop(db.Model):
    """A crop and the rules the bank applies to it: regeneration thresholds, viability constants.

    Every number has a default from the standards file and can be changed per crop, because
    the right value depends on the crop's breeding system and how its seed stores.
    """

    __tablename__ = "crops"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    code: so.Mapped[str] = so.mapped_column(sa.String(32), unique=True)
    name_en: so.Mapped[str] = so.mapped_column(sa.String(128))
    name_zh: so.Mapped[str] = so.mapped_column(sa.String(128), default="")
    propagation: so.Mapped[str] = so.mapped_column(sa.String(8), default="seed")
    pollination: so.Mapped[str] = so.mapped_column(sa.String(8), default="self")
    # None means "the default of the standards file" for the crop's pollination / the store.
    min_viable_seeds: so.Mapped[int | None]
    monitoring_interval_years: so.Mapped[int | None]
    regeneration_threshold: so.Mapped[Decimal] = so.mapped_column(
        sa.Numeric(4, 3), default=DEFAULT_REGENERATION_THRESHOLD
    )
    min_plants: so.Mapped[int] = so.mapped_column(default=DEFAULT_MIN_PLANTS)
    viability_ke: so.Mapped[float | None] = so.mapped_column(sa.Float)
    viability_cw: so.Mapped[float | None] = so.mapped_column(sa.Float)
    constants_source: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    is_substitute: so.Mapped[bool] = so.mapped_column(default=False)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    taxa: so.Mapped[list[Taxon]] = so.relationship(back_populates="crop")

    __table_args__ = (
        sa.CheckConstraint("propagation IN ('seed', 'clonal')", name="propagation_known"),
        sa.CheckConstraint("pollination IN ('self', 'cross')", name="pollination_known"),
        sa.CheckConstraint(
            "regeneration_threshold > 0 AND regeneration_threshold <= 1", name="threshold_range"
        ),
    )

    def minimum_viable_seeds(self) -> int:
        """Viable seeds below which the stock must be regenerated (per crop or by pollination)."""
        if self.min_viable_seeds is not None:
            return self.min_viable_seeds
        return DEFAULT_MIN_VIABLE_SEEDS.get(self.pollination, DEFAULT_MIN_VIABLE_SEEDS["cross"])

    def display_name(self, locale: str | None = None) -> str:
        """Name in the reader's language when a Chinese name exists."""
        if locale and locale.startswith("zh") and self.name_zh:
            return self.name_zh
        return self.name_en

    def __repr__(self) -> str:
        return f"<Crop {self.code}>"


class Taxon(db.Model):
    """A scientific name; accessions point at one so a renamed genus is fixed in one place."""

    __tablename__ = "taxa"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    genus: so.Mapped[str] = so.mapped_column(sa.String(64))
    species: so.Mapped[str] = so.mapped_column(sa.String(64), default="")
    spauthor: so.Mapped[str] = so.mapped_column(sa.String(128), default="")
    subtaxa: so.Mapped[str] = so.mapped_column(sa.String(128), default="")
    subtauthor: so.Mapped[str] = so.mapped_column(sa.String(128), default="")
    crop_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("crops.id", ondelete="SET NULL"), index=True
    )

    crop: so.Mapped[Crop | None] = so.relationship(back_populates="taxa")

    __table_args__ = (sa.UniqueConstraint("genus", "species", "subtaxa"),)

    def name(self) -> str:
        """The name as botanists write it: ``Boehmeria nivea var. tenacissima``."""
        return " ".join(part for part in (self.genus, self.species, self.subtaxa) if part)

    def __repr__(self) -> str:
        return f"<Taxon {self.name()}>"


class Institute(db.Model):
    """A genebank or research institute known by its FAO WIEWS code."""

    __tablename__ = "institutes"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    code: so.Mapped[str] = so.mapped_column(sa.String(8), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(255))
    name_zh: so.Mapped[str] = so.mapped_column(sa.String(255), default="")
    address: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    country: so.Mapped[str | None] = so.mapped_column(sa.String(3))

    def __repr__(self) -> str:
        return f"<Institute {self.code}>"


def _text(length: int | None = None) -> Any:
    """An optional text column (MCPD fields are all optional except the key and genus)."""
    return so.mapped_column(sa.String(length) if length else sa.Text)


class Accession(db.Model):
    """One accession: its MCPD passport, links to crop and taxon, and its bookkeeping."""

    __tablename__ = "accessions"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    puid: so.Mapped[str | None] = _text(255)
    instcode: so.Mapped[str] = so.mapped_column(sa.String(8))
    accenumb: so.Mapped[str] = so.mapped_column(sa.String(64))
    collnumb: so.Mapped[str | None] = _text(64)
    collcode: so.Mapped[str | None] = _text(255)
    collname: so.Mapped[str | None] = _text()
    collinstaddress: so.Mapped[str | None] = _text()
    collmissid: so.Mapped[str | None] = _text(128)
    genus: so.Mapped[str] = so.mapped_column(sa.String(64))
    species: so.Mapped[str | None] = _text(64)
    spauthor: so.Mapped[str | None] = _text(128)
    subtaxa: so.Mapped[str | None] = _text(128)
    subtauthor: so.Mapped[str | None] = _text(128)
    cropname: so.Mapped[str | None] = _text(128)
    accename: so.Mapped[str | None] = _text()
    acqdate: so.Mapped[str | None] = _text(8)
    origcty: so.Mapped[str | None] = _text(3)
    collsite: so.Mapped[str | None] = _text()
    declatitude: so.Mapped[float | None] = so.mapped_column(sa.Float)
    latitude: so.Mapped[str | None] = _text(8)
    declongitude: so.Mapped[float | None] = so.mapped_column(sa.Float)
    longitude: so.Mapped[str | None] = _text(9)
    coorduncert: so.Mapped[float | None] = so.mapped_column(sa.Float)
    coorddatum: so.Mapped[str | None] = _text(32)
    georefmeth: so.Mapped[str | None] = _text(64)
    elevation: so.Mapped[int | None]
    colldate: so.Mapped[str | None] = _text(8)
    bredcode: so.Mapped[str | None] = _text(255)
    bredname: so.Mapped[str | None] = _text()
    sampstat: so.Mapped[int | None]
    ancest: so.Mapped[str | None] = _text()
    collsrc: so.Mapped[int | None]
    donorcode: so.Mapped[str | None] = _text(8)
    donorname: so.Mapped[str | None] = _text(255)
    donornumb: so.Mapped[str | None] = _text(64)
    othernumb: so.Mapped[str | None] = _text()
    duplsite: so.Mapped[str | None] = _text(255)
    duplinstname: so.Mapped[str | None] = _text()
    storage: so.Mapped[str | None] = _text(64)
    mlsstat: so.Mapped[int | None]
    remarks: so.Mapped[str | None] = _text()

    name_zh: so.Mapped[str] = so.mapped_column(sa.String(255), default="")
    crop_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("crops.id", ondelete="SET NULL"), index=True
    )
    taxon_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("taxa.id", ondelete="SET NULL"), index=True
    )
    extra: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    # Lower-case concatenation of every searchable name and number, kept by the service.
    search_text: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    version: so.Mapped[int] = so.mapped_column(default=1)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, onupdate=utcnow)

    crop: so.Mapped[Crop | None] = so.relationship()
    taxon: so.Mapped[Taxon | None] = so.relationship()
    lots: so.Mapped[list[InventoryLot]] = so.relationship(
        back_populates="accession", order_by="InventoryLot.lot_number", passive_deletes=True
    )
    observations: so.Mapped[list[Observation]] = so.relationship(
        back_populates="accession",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Observation.id",
    )
    regeneration_events: so.Mapped[list[RegenerationEvent]] = so.relationship(
        back_populates="accession",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="RegenerationEvent.id",
    )

    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (
        sa.UniqueConstraint("instcode", "accenumb"),
        sa.Index("ix_accessions_accenumb", "accenumb"),
        sa.Index("ix_accessions_genus_species", "genus", "species"),
        sa.Index("ix_accessions_sampstat", "sampstat"),
        sa.Index("ix_accessions_origcty", "origcty"),
        sa.Index("ix_accessions_acqdate", "acqdate"),
        # The storage filter tests the passport's STORAGE codes: counting reads this index.
        sa.Index("ix_accessions_storage", "storage"),
        # Free-text search (``germbank.accessions.services.search``). PostgreSQL: a trigram
        # GIN index that serves ``search_text LIKE '%term%'``. SQLite (the postgresql_*
        # options are ignored there): a B-tree, so counting matches reads this narrow index
        # instead of every row of the ~50-column table.
        sa.Index("ix_accessions_search_text", "search_text", postgresql_using="gin",
                 postgresql_ops={"search_text": "gin_trgm_ops"}),
        # SQLite: the list in its default order (accession number, then id) with every
        # column the common filters test beside it, so a page of a search or of filters is
        # one walk of this index that stops after the page, without reading the table
        # (germbank.accessions.services.search._walks_list_index). PostgreSQL plans with
        # statistics and its trigram index, and a B-tree holding the whole text could
        # exceed its index row limit (2,704 bytes), so there the index is declared empty
        # (WHERE false): present by name, so both databases keep one schema.
        sa.Index("ix_accessions_list", "accenumb", "id", "genus", "sampstat", "origcty",
                 "storage", "search_text", postgresql_where=sa.false()),
        sa.CheckConstraint(
            "declatitude IS NULL OR (declatitude >= -90 AND declatitude <= 90)",
            name="latitude_range",
        ),
        sa.CheckConstraint(
            "declongitude IS NULL OR (declongitude >= -180 AND declongitude <= 180)",
            name="longitude_range",
        ),
    )

    MCPD_COLUMNS: dict[str, str] = {
        code: code.lower()
        for code in (
            "PUID INSTCODE ACCENUMB COLLNUMB COLLCODE COLLNAME COLLINSTADDRESS COLLMISSID "
            "GENUS SPECIES SPAUTHOR SUBTAXA SUBTAUTHOR CROPNAME ACCENAME ACQDATE ORIGCTY "
            "COLLSITE DECLATITUDE LATITUDE DECLONGITUDE LONGITUDE COORDUNCERT COORDDATUM "
            "GEOREFMETH ELEVATION COLLDATE BREDCODE BREDNAME SAMPSTAT ANCEST COLLSRC "
            "DONORCODE DONORNAME DONORNUMB OTHERNUMB DUPLSITE DUPLINSTNAME STORAGE MLSSTAT "
            "REMARKS"
        ).split()
    }
    """MCPD code -> column name, in MCPD order: import and export copy through it."""

    def taxon_name(self) -> str:
        """Genus, species and subtaxon as written on the passport."""
        return " ".join(part for part in (self.genus, self.species, self.subtaxa) if part)

    def names(self) -> list[str]:
        """The accession's names (ACCENAME is ``;``-separated)."""
        return [name for name in (self.accename or "").split(";") if name]

    def storage_codes(self) -> list[int]:
        """MCPD STORAGE codes as integers (``"11;20"`` -> ``[11, 20]``)."""
        return [int(code) for code in (self.storage or "").split(";") if code.strip()]

    def __repr__(self) -> str:
        return f"<Accession {self.instcode} {self.accenumb}>"

