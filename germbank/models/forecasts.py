"""Viability forecasting settings that agronomists change: per-crop constants and accepted fits.

The crop's KE, CW, their source and the substitute flag live on :class:`Crop` itself (the
accessions domain owns them). What the forecast needs beyond that lives here: the temperature
constants CH and CQ when a crop has its own, the seed-moisture relation, the low-moisture
limit and what a substitute set stands in for. Every column left empty means "the published
default of germbank.viability", so a row only records what somebody deliberately changed.

Accepted calibration fits are kept, one row per acceptance, so the lot page can say which Ki
(and KE) the forecast uses, when it was fitted, from how many tests and how well. Only the
newest active fit of a lot counts; withdrawing a fit deactivates it rather than deleting it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from germbank.extensions import db
from germbank.orm import utcnow

FIT_SCOPES = ("lot", "crop")


class CropViabilitySettings(db.Model):
    """One crop's viability settings beyond KE and CW; empty columns take the defaults."""

    __tablename__ = "forecast_crop_settings"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    crop_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("crops.id", ondelete="CASCADE"), unique=True
    )
    ch: so.Mapped[float | None] = so.mapped_column(sa.Float)
    cq: so.Mapped[float | None] = so.mapped_column(sa.Float)
    moisture_floor_pct: so.Mapped[float | None] = so.mapped_column(sa.Float)
    # {"model": "cromarty", "oil_content_pct": 20} | henderson | sealed (germbank.viability)
    moisture_model: so.Mapped[dict[str, Any] | None] = so.mapped_column(sa.JSON)
    substitute_for: so.Mapped[str] = so.mapped_column(sa.String(255), default="")
    note: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (
        sa.CheckConstraint(
            "moisture_floor_pct IS NULL OR (moisture_floor_pct > 0 AND moisture_floor_pct < 25)",
            name="floor_range",
        ),
    )

    def __repr__(self) -> str:
        return f"<CropViabilitySettings crop={self.crop_id}>"


class LotViabilityFit(db.Model):
    """An accepted calibration of one lot: its fitted Ki (and KE when fitted), with quality.

    basis_ke/basis_cw are the constants the fit was made under; when the crop's constants
    change later the page says the fit is stale instead of silently mixing the two.
    """

    __tablename__ = "forecast_lot_fits"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lot_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("inventory_lots.id", ondelete="CASCADE")
    )
    scope: so.Mapped[str] = so.mapped_column(sa.String(8), default="lot")
    ki: so.Mapped[float] = so.mapped_column(sa.Float)
    initial_pct: so.Mapped[float] = so.mapped_column(sa.Float)
    ke: so.Mapped[float | None] = so.mapped_column(sa.Float)
    basis_ke: so.Mapped[float] = so.mapped_column(sa.Float)
    basis_cw: so.Mapped[float] = so.mapped_column(sa.Float)
    n_tests: so.Mapped[int]
    rmse_pct: so.Mapped[float] = so.mapped_column(sa.Float)
    rmse_probit: so.Mapped[float] = so.mapped_column(sa.Float)
    r_squared: so.Mapped[float | None] = so.mapped_column(sa.Float)
    is_active: so.Mapped[bool] = so.mapped_column(default=True)
    fitted_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    fitted_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    __table_args__ = (
        sa.Index("ix_forecast_lot_fits_lot_active", "lot_id", "is_active"),
        sa.CheckConstraint("scope IN ('lot', 'crop')", name="scope_known"),
        sa.CheckConstraint("n_tests >= 1", name="tests_positive"),
    )

    def __repr__(self) -> str:
        return f"<LotViabilityFit lot={self.lot_id} ki={self.ki:.3f}>"
