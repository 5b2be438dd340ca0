"""Storage locations: site > store/greenhouse > room/bay > shelf/bed > position.

Seed lots, living plants, sensors and instruments all point at a location, so the hierarchy
lives in the foundation rather than in any one feature.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
import sqlalchemy.orm as so

from germbank.extensions import db
from germbank.orm import utcnow

LOCATION_KINDS = ("site", "store", "greenhouse", "room", "bay", "shelf", "bed", "position")

# What a location of each kind may be placed in.
ALLOWED_PARENTS: dict[str, tuple[str | None, ...]] = {
    "site": (None,),
    "store": ("site",),
    "greenhouse": ("site",),
    "room": ("store",),
    "bay": ("greenhouse",),
    "shelf": ("room",),
    "bed": ("bay", "greenhouse"),
    "position": ("shelf", "bed"),
}

# Store climate classes of the standards file; thresholds default from them.
CLIMATE_CLASSES = ("drying", "base", "medium_term", "short_term", "greenhouse")


class StorageLocation(db.Model):
    """A place where seed or plants are kept or a device is mounted."""

    __tablename__ = "storage_locations"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    parent_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("storage_locations.id", ondelete="RESTRICT"), index=True
    )
    code: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(128))
    name_zh: so.Mapped[str] = so.mapped_column(sa.String(128), default="")
    kind: so.Mapped[str] = so.mapped_column(sa.String(16))
    climate_class: so.Mapped[str | None] = so.mapped_column(sa.String(16))
    setpoint_temperature: so.Mapped[Decimal | None] = so.mapped_column(sa.Numeric(5, 2))
    setpoint_humidity: so.Mapped[Decimal | None] = so.mapped_column(sa.Numeric(5, 2))
    area_m2: so.Mapped[Decimal | None] = so.mapped_column(sa.Numeric(10, 2))
    is_active: so.Mapped[bool] = so.mapped_column(default=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    parent: so.Mapped[StorageLocation | None] = so.relationship(
        remote_side=[id], back_populates="children"
    )
    children: so.Mapped[list[StorageLocation]] = so.relationship(
        back_populates="parent", order_by="StorageLocation.code"
    )

    __table_args__ = (
        sa.CheckConstraint(
            "kind IN ('site', 'store', 'greenhouse', 'room', 'bay', 'shelf', 'bed', 'position')",
            name="kind_known",
        ),
    )

    def path(self) -> list[StorageLocation]:
        """Return the chain from the site down to this location, for breadcrumbs."""
        chain: list[StorageLocation] = []
        node: StorageLocation | None = self
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def display_name(self, locale: str | None = None) -> str:
        """Name in the reader's language when a Chinese name exists."""
        if locale and locale.startswith("zh") and self.name_zh:
            return self.name_zh
        return self.name

    def __repr__(self) -> str:
        return f"<StorageLocation {self.code}>"
