"""Changing a crop's viability constants: validation, storage and the audit trail.

Why apart from :mod:`constants`: reading the constants a forecast uses happens for every lot
on every page; changing them happens rarely, by an agronomist, and must name each faulty field
and leave an audited trace (entity ``crop_viability``, one entry per change, with the values
before and after). KE, CW, the source and the substitute flag are written to the crop
itself; the other settings to its :class:`CropViabilitySettings` row. The caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from germbank import audit
from germbank.extensions import db
from germbank.forecasts.services.constants import (
    AUDIT_ENTITY,
    ConstantsUnavailable,
    default_key_for,
    effective_constants,
    settings_for,
)
from germbank.models.accessions import Crop
from germbank.models.forecasts import CropViabilitySettings
from germbank.viability.moisture import moisture_model_from_config


class ConstantsInvalid(ValueError):
    """Entered constants were refused; ``errors`` maps each form field to its message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{name}: {text}" for name, text in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class ConstantsInput:
    """Constants as an agronomist enters them (all required except the note)."""

    ke: float
    cw: float
    ch: float
    cq: float
    moisture_floor_pct: float
    moisture_model: dict[str, Any]
    source: str
    is_substitute: bool
    substitute_for: str = ""
    note: str = ""


def update_crop_constants(crop: Crop, entered: ConstantsInput, summary: str = "") -> None:
    """Store an agronomist's constants for a crop (validated, audited; caller commits)."""
    validate(entered)
    before = _record_or_empty(crop)
    crop.viability_ke = float(entered.ke)
    crop.viability_cw = float(entered.cw)
    crop.constants_source = entered.source.strip()
    crop.is_substitute = bool(entered.is_substitute)
    settings = _settings_row(crop)
    settings.ch = float(entered.ch)
    settings.cq = float(entered.cq)
    settings.moisture_floor_pct = float(entered.moisture_floor_pct)
    settings.moisture_model = dict(entered.moisture_model)
    settings.substitute_for = entered.substitute_for.strip() if entered.is_substitute else ""
    settings.note = entered.note.strip()
    db.session.flush()
    _audit(crop, before, summary or "viability constants edited")


def set_crop_ke(crop: Crop, ke: float, source: str) -> None:
    """Replace only KE (after a crop-level calibration), keeping every other value."""
    before = _record_or_empty(crop)
    current = effective_constants(crop)
    crop.viability_ke = float(ke)
    if crop.viability_cw is None:
        crop.viability_cw = current.constants.cw
    crop.constants_source = source
    crop.is_substitute = current.constants.is_substitute
    settings = _settings_row(crop)
    if current.constants.is_substitute and not settings.substitute_for:
        settings.substitute_for = current.constants.substitute_for or ""
    db.session.flush()
    _audit(crop, before, "KE fitted from germination tests")


def restore_defaults(crop: Crop) -> None:
    """Forget every edit so the crop uses the published defaults again (audited)."""
    if default_key_for(crop) is None:
        raise ConstantsUnavailable(
            _("Crop %(code)s has no published defaults to restore.", code=crop.code)
        )
    before = _record_or_empty(crop)
    crop.viability_ke = None
    crop.viability_cw = None
    crop.constants_source = ""
    crop.is_substitute = False
    settings = settings_for([crop.id]).get(crop.id)
    if settings is not None:
        db.session.delete(settings)
    db.session.flush()
    _audit(crop, before, "viability constants restored to the published defaults")


def validate(entered: ConstantsInput) -> None:
    """Refuse constants the equation cannot use, naming each faulty field."""
    errors: dict[str, str] = {}
    for name in ("ke", "cw", "ch", "cq", "moisture_floor_pct"):
        value = getattr(entered, name)
        if not isinstance(value, int | float) or value != value or abs(value) == float("inf"):
            errors[name] = _("Must be a finite number.")
    if "cw" not in errors and entered.cw <= 0:
        errors["cw"] = _("CW must be positive (drier seed lives longer).")
    if "ke" not in errors and not 0 < entered.ke < 20:
        errors["ke"] = _("KE must be between 0 and 20 (published values lie between 5 and 10).")
    floor = entered.moisture_floor_pct
    if "moisture_floor_pct" not in errors and not 0 < floor < 25:
        errors["moisture_floor_pct"] = _("The low-moisture limit must be between 0 and 25 percent.")
    if not entered.source.strip():
        errors["source"] = _("Say where the constants come from.")
    if entered.is_substitute and not entered.substitute_for.strip():
        errors["substitute_for"] = _("Name the species whose constants stand in for this crop.")
    moisture_error = _moisture_error(entered.moisture_model)
    if moisture_error:
        errors["moisture_model"] = moisture_error
    if errors:
        raise ConstantsInvalid(errors)


_MOISTURE_PARAMETERS = {
    "cromarty": ("oil_content_pct",),
    "henderson": ("k", "n", "c"),
    "sealed": ("moisture_wet_pct",),
}


def _moisture_error(config: dict[str, Any]) -> str | None:
    """Why a seed-moisture configuration cannot be used, or None."""
    needed = _MOISTURE_PARAMETERS.get(config.get("model"))
    if needed is None:
        return _("Choose the Cromarty, Henderson or sealed seed-moisture relation.")
    if any(config.get(name) is None for name in needed):
        return _("Enter the values the chosen seed-moisture relation needs.")
    try:
        moisture_model_from_config(config)
    except ValueError as error:
        return _("The seed-moisture values are out of range: %(error)s", error=error)
    return None


def _settings_row(crop: Crop) -> CropViabilitySettings:
    settings = settings_for([crop.id]).get(crop.id)
    if settings is None:
        settings = CropViabilitySettings(crop_id=crop.id, substitute_for="", note="")
        db.session.add(settings)
    return settings


def _record_or_empty(crop: Crop) -> dict[str, Any]:
    try:
        return effective_constants(crop).as_record()
    except ConstantsUnavailable:
        return {}


def _audit(crop: Crop, before: dict[str, Any], summary: str) -> None:
    after = effective_constants(crop).as_record()
    changes = audit.diff(before, after)
    audit.record(AUDIT_ENTITY, crop.id, "update", changes, f"{crop.code}: {summary}")
