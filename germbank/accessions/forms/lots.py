"""Forms for seed lots and living plants: create, edit and move.

Values stay text; the lot service checks numbers, dates and codes and answers per field.
A seed lot and a plant lot share one form class; the page shows only the fields of the
lot's kind (``fields_for``) and only those are sent to the service.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField

SEED_STORAGE_CHOICES = [
    ("", "—"),
    ("11", _l("11 · short term")),
    ("12", _l("12 · medium term")),
    ("13", _l("13 · long term")),
]

STATUS_LABELS = {
    "active": _l("active"),
    "depleted": _l("depleted"),
    "discarded": _l("discarded"),
}

KIND_LABELS = {"seed": _l("Seed lot"), "plant": _l("Living plants")}

SEED_FIELDS = ("grams", "seed_count", "thousand_seed_weight_g", "seed_moisture_pct",
               "harvest_date", "storage_type", "container")
PLANT_FIELDS = ("plant_count", "bed", "row", "position", "planting_date", "health_status")
COMMON_FIELDS = ("lot_number", "initial_germination_pct", "is_original_sample", "notes")


class LotForm(FlaskForm):
    """A seed lot or a group of plants; ``location_id`` only when the lot is created."""

    lot_number = StringField(_l("Lot number"))
    location_id = SelectField(_l("Location"), validate_choice=False)
    status = SelectField(_l("Status"), choices=list(STATUS_LABELS.items()),
                         validate_choice=False)
    grams = StringField(_l("Weight (g)"))
    seed_count = StringField(_l("Seed count"))
    thousand_seed_weight_g = StringField(_l("Thousand-seed weight (g)"))
    seed_moisture_pct = StringField(_l("Seed moisture (%)"))
    harvest_date = StringField(_l("Harvest date"), render_kw={"type": "date"})
    storage_type = SelectField(_l("Storage type"), choices=SEED_STORAGE_CHOICES,
                               validate_choice=False)
    container = StringField(_l("Container"))
    plant_count = StringField(_l("Number of plants"))
    bed = StringField(_l("Bed"))
    row = StringField(_l("Row"))
    position = StringField(_l("Plant positions"))
    planting_date = StringField(_l("Planting date"), render_kw={"type": "date"})
    health_status = StringField(_l("Health"))
    initial_germination_pct = StringField(_l("Initial germination (%)"))
    is_original_sample = BooleanField(_l("Most original sample (keep for regeneration)"))
    notes = TextAreaField(_l("Notes"))

    @staticmethod
    def fields_for(kind: str) -> tuple[str, ...]:
        """Names of the fields a lot of ``kind`` has (besides location and status)."""
        return COMMON_FIELDS[:1] + (SEED_FIELDS if kind == "seed" else PLANT_FIELDS) + \
            COMMON_FIELDS[1:]

    def lot_data(self, kind: str, include_status: bool = False) -> dict[str, Any]:
        """The fields of ``kind`` as the lot service expects them."""
        data: dict[str, Any] = {}
        for name in self.fields_for(kind):
            value = self[name].data
            data[name] = value if isinstance(value, bool) else (value or "").strip()
        if include_status:
            data["status"] = self.status.data
        return data

    def fill_from(self, lot: Any) -> None:
        """Show a lot's stored values (GET of the edit page)."""
        for name in self.fields_for(lot.kind) + ("status",):
            value = getattr(lot, name)
            if isinstance(value, bool):
                self[name].data = value
            else:
                self[name].data = "" if value is None else str(value)


class MoveLotForm(FlaskForm):
    """Move a lot: the target location from the tree, an optional reason and time."""

    to_location_id = SelectField(_l("Move to"), validate_choice=False)
    moved_at = StringField(_l("Moved at (local time)"), render_kw={"type": "datetime-local"})
    reason = StringField(_l("Reason"))
