"""What the bank physically holds of an accession and what was measured on it.

Inventory lots (seed lots and living plants), their movements between storage locations,
germination tests, regeneration events and characterization/evaluation observations.
A lot's location history is derived from its movements (the first one, from nowhere, is its
initial placement), so "where was this lot between t1 and t2" has one answer for monitoring.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from germbank.extensions import db
from germbank.orm import utcnow

if TYPE_CHECKING:
    from germbank.models.accessions import Accession
    from germbank.models.auth import User
    from germbank.models.locations import StorageLocation

LOT_KINDS = ("seed", "plant")
LOT_STATUSES = ("active", "depleted", "discarded")
SEED_STORAGE_TYPES = (11, 12, 13)  # MCPD STORAGE: short, medium, long term
REGENERATION_STATUSES = ("planned", "in_progress", "completed", "cancelled")


class InventoryLot(db.Model):
    """A seed lot or a group of living plants of one accession, kept at one location."""

    __tablename__ = "inventory_lots"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    accession_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("accessions.id", ondelete="RESTRICT"), index=True
    )
    lot_number: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(8))
    location_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("storage_locations.id", ondelete="RESTRICT"), index=True
    )
    # Seed lots
    grams: so.Mapped[Decimal | None] = so.mapped_column(sa.Numeric(12, 3))
    seed_count: so.Mapped[int | None]
    thousand_seed_weight_g: so.Mapped[Decimal | None] = so.mapped_column(sa.Numeric(10, 3))
    seed_moisture_pct: so.Mapped[Decimal | None] = so.mapped_column(sa.Numeric(5, 2))
    harvest_date: so.Mapped[date | None]
    storage_type: so.Mapped[int | None]
    container: so.Mapped[str] = so.mapped_column(sa.String(64), default="")
    # Living plants
    plant_count: so.Mapped[int | None]
    bed: so.Mapped[str] = so.mapped_column(sa.String(64), default="")
    row: so.Mapped[str] = so.mapped_column(sa.String(64), default="")
    position: so.Mapped[str] = so.mapped_column(sa.String(64), default="")
    planting_date: so.Mapped[date | None]
    health_status: so.Mapped[str] = so.mapped_column(sa.String(64), default="")
    # Both
    initial_germination_pct: so.Mapped[Decimal | None] = so.mapped_column(sa.Numeric(5, 2))
    # Copy of the latest germination test, kept by the germination service, so the bank-wide
    # regeneration check reads one row per lot instead of ranking every test.
    latest_tested_on: so.Mapped[date | None]
    latest_germination_pct: so.Mapped[Decimal | None] = so.mapped_column(sa.Numeric(5, 2))
    status: so.Mapped[str] = so.mapped_column(sa.String(16), default="active", index=True)
    is_original_sample: so.Mapped[bool] = so.mapped_column(default=False)
    notes: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    version: so.Mapped[int] = so.mapped_column(default=1)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, onupdate=utcnow)

    accession: so.Mapped[Accession] = so.relationship(back_populates="lots")
    location: so.Mapped[StorageLocation | None] = so.relationship()
    movements: so.Mapped[list[LotMovement]] = so.relationship(
        back_populates="lot",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(LotMovement.moved_at, LotMovement.id)",
    )
    germination_tests: so.Mapped[list[GerminationTest]] = so.relationship(
        back_populates="lot",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(GerminationTest.tested_on, GerminationTest.id)",
    )

    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (
        # The accession list's location and storage filters read these instead of every lot
        # (migration 0007_accession_search).
        sa.Index("ix_inventory_lots_location_status_accession",
                 "location_id", "status", "accession_id"),
        sa.Index("ix_inventory_lots_storage_status_accession",
                 "storage_type", "status", "accession_id"),
        sa.CheckConstraint("kind IN ('seed', 'plant')", name="kind_known"),
        sa.CheckConstraint("status IN ('active', 'depleted', 'discarded')", name="status_known"),
        sa.CheckConstraint(
            "storage_type IS NULL OR storage_type IN (11, 12, 13)", name="storage_type_known"
        ),
        sa.CheckConstraint("seed_count IS NULL OR seed_count >= 0", name="seed_count_positive"),
        sa.CheckConstraint(
            "plant_count IS NULL OR plant_count >= 0", name="plant_count_positive"
        ),
        sa.CheckConstraint(
            "initial_germination_pct IS NULL OR "
            "(initial_germination_pct >= 0 AND initial_germination_pct <= 100)",
            name="initial_germination_range",
        ),
    )

    def latest_test(self) -> GerminationTest | None:
        """The most recent germination test (tests are ordered by date)."""
        return self.germination_tests[-1] if self.germination_tests else None

    def __repr__(self) -> str:
        return f"<InventoryLot {self.lot_number}>"


class LotMovement(db.Model):
    """A lot placed at or moved between locations; ``from_location_id`` None is a placement."""

    __tablename__ = "lot_movements"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lot_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("inventory_lots.id", ondelete="CASCADE")
    )
    from_location_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("storage_locations.id", ondelete="RESTRICT"), index=True
    )
    to_location_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("storage_locations.id", ondelete="RESTRICT"), index=True
    )
    moved_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    moved_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    reason: so.Mapped[str] = so.mapped_column(sa.String(255), default="")

    lot: so.Mapped[InventoryLot] = so.relationship(back_populates="movements")
    from_location: so.Mapped[StorageLocation | None] = so.relationship(
        foreign_keys=[from_location_id]
    )
    to_location: so.Mapped[StorageLocation | None] = so.relationship(
        foreign_keys=[to_location_id]
    )
    moved_by: so.Mapped[User | None] = so.relationship()

    __table_args__ = (sa.Index("ix_lot_movements_lot_time", "lot_id", "moved_at"),)

    def __repr__(self) -> str:
        return f"<LotMovement lot={self.lot_id} {self.from_location_id}->{self.to_location_id}>"


class GerminationTest(db.Model):
    """A germination test of a lot; the result is normal seedlings divided by seeds sown."""

    __tablename__ = "germination_tests"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lot_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("inventory_lots.id", ondelete="CASCADE")
    )
    tested_on: so.Mapped[date]
    replicates: so.Mapped[int]
    seeds_per_replicate: so.Mapped[int]
    # Normal seedlings per replicate, one integer per replicate.
    normal_counts: so.Mapped[list[Any]] = so.mapped_column(sa.JSON, default=list)
    abnormal_count: so.Mapped[int] = so.mapped_column(default=0)
    dead_count: so.Mapped[int] = so.mapped_column(default=0)
    dormant_count: so.Mapped[int] = so.mapped_column(default=0)
    result_pct: so.Mapped[Decimal] = so.mapped_column(sa.Numeric(5, 2))
    method: so.Mapped[str] = so.mapped_column(sa.String(128), default="")
    tested_by: so.Mapped[str] = so.mapped_column(sa.String(128), default="")
    notes: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    lot: so.Mapped[InventoryLot] = so.relationship(back_populates="germination_tests")

    __table_args__ = (
        sa.Index("ix_germination_tests_lot_date", "lot_id", "tested_on"),
        sa.CheckConstraint("replicates >= 1", name="replicates_positive"),
        sa.CheckConstraint("seeds_per_replicate >= 1", name="seeds_positive"),
        sa.CheckConstraint("result_pct >= 0 AND result_pct <= 100", name="result_range"),
    )

    @property
    def seeds_sown(self) -> int:
        """Seeds sown in all replicates together."""
        return self.replicates * self.seeds_per_replicate

    @property
    def normal_total(self) -> int:
        """Normal seedlings in all replicates together."""
        return sum(int(count) for count in self.normal_counts or [])

    def __repr__(self) -> str:
        return f"<GerminationTest lot={self.lot_id} {self.tested_on} {self.result_pct}%>"


class RegenerationEvent(db.Model):
    """Growing an accession out again to renew its seed or plants."""

    __tablename__ = "regeneration_events"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    accession_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("accessions.id", ondelete="CASCADE"), index=True
    )
    source_lot_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("inventory_lots.id", ondelete="SET NULL")
    )
    new_lot_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("inventory_lots.id", ondelete="SET NULL")
    )
    status: so.Mapped[str] = so.mapped_column(sa.String(16), default="planned")
    planned_on: so.Mapped[date | None]
    started_on: so.Mapped[date | None]
    completed_on: so.Mapped[date | None]
    site: so.Mapped[str] = so.mapped_column(sa.String(128), default="")
    plants_grown: so.Mapped[int | None]
    seed_harvested_g: so.Mapped[Decimal | None] = so.mapped_column(sa.Numeric(12, 3))
    notes: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, onupdate=utcnow)

    accession: so.Mapped[Accession] = so.relationship(back_populates="regeneration_events")
    source_lot: so.Mapped[InventoryLot | None] = so.relationship(foreign_keys=[source_lot_id])
    new_lot: so.Mapped[InventoryLot | None] = so.relationship(foreign_keys=[new_lot_id])

    __table_args__ = (
        sa.CheckConstraint(
            "status IN ('planned', 'in_progress', 'completed', 'cancelled')",
            name="status_known",
        ),
    )


class Observation(db.Model):
    """One characterization or evaluation value of an accession (e.g. plant height 182 cm)."""

    __tablename__ = "observations"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    accession_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("accessions.id", ondelete="CASCADE")
    )
    descriptor: so.Mapped[str] = so.mapped_column(sa.String(128))
    value: so.Mapped[str] = so.mapped_column(sa.String(255))
    unit: so.Mapped[str] = so.mapped_column(sa.String(32), default="")
    observed_on: so.Mapped[date | None]
    cut_number: so.Mapped[int | None]
    method: so.Mapped[str] = so.mapped_column(sa.String(128), default="")
    observer: so.Mapped[str] = so.mapped_column(sa.String(128), default="")
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    accession: so.Mapped[Accession] = so.relationship(back_populates="observations")

    __table_args__ = (
        sa.Index("ix_observations_accession_descriptor", "accession_id", "descriptor"),
        sa.CheckConstraint(
            "cut_number IS NULL OR (cut_number >= 1 AND cut_number <= 3)", name="cut_range"
        ),
    )
