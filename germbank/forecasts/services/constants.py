"""The viability constants each crop's forecasts use: published defaults, agronomists' edits.

Why: the forecast is only as good as KE and CW, and for the bast-fibre crops they are borrowed
from cotton. Agronomists must see where every number comes from and be able to replace it
(by hand or by calibration), and every change must be traceable. KE, CW, the source text and
the substitute flag are columns of the crop (accessions domain); the rest of the settings are
in :class:`CropViabilitySettings`. Any value left empty takes the default of
:mod:`germbank.viability.constants` / :mod:`germbank.viability.moisture`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from germbank import audit
from germbank.extensions import db
from germbank.models.accessions import Crop
from germbank.models.forecasts import CropViabilitySettings
from germbank.viability.constants import (
    BAST_FIBRE_CONSTANTS,
    COTTON_MOISTURE_FLOOR_PCT,
    CropConstants,
    default_constants,
)
from germbank.viability.equation import UNIVERSAL_CH, UNIVERSAL_CQ
from germbank.viability.moisture import (
    CromartyIsotherm,
    MoistureModel,
    default_moisture_model,
    moisture_model_from_config,
)

AUDIT_ENTITY = "crop_viability"

# How a crop record is recognised as one of the crops with published defaults: by its code,
# its English or Chinese name, or the genus of its taxa.
_ALIASES = {
    "ramie": "ramie", "苎麻": "ramie", "boehmeria": "ramie",
    "kenaf": "kenaf", "红麻": "kenaf", "洋麻": "kenaf", "hibiscus": "kenaf",
    "jute": "jute", "黄麻": "jute", "corchorus": "jute",
    "hemp": "hemp", "大麻": "hemp", "汉麻": "hemp", "cannabis": "hemp",
    "flax": "flax", "linseed": "flax", "亚麻": "flax", "linum": "flax",
    "sisal": "sisal", "剑麻": "sisal", "agave": "sisal",
    "abutilon": "abutilon", "苘麻": "abutilon", "velvetleaf": "abutilon",
    "apocynum": "apocynum", "罗布麻": "apocynum",
}  # fmt: skip
# Oil content used by the isotherm when a crop has no default of its own.
FALLBACK_OIL_CONTENT_PCT = 20.0


class ConstantsUnavailable(ValueError):
    """The crop has neither published defaults nor constants entered by an agronomist."""


class ConstantsInvalid(ValueError):
    """Entered constants were refused; ``errors`` maps each form field to its message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{name}: {text}" for name, text in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class EffectiveConstants:
    """What a crop's forecasts use, and which values differ from the published default."""

    crop_id: int
    constants: CropConstants
    moisture_model: MoistureModel
    default_key: str | None
    edited: frozenset[str] = field(default_factory=frozenset)

    @property
    def moisture_config(self) -> dict[str, Any]:
        return self.moisture_model.to_config()

    def as_record(self) -> dict[str, Any]:
        """Flat values, for audit diffs and the API."""
        c = self.constants
        return {
            "ke": c.ke,
            "cw": c.cw,
            "ch": c.ch,
            "cq": c.cq,
            "moisture_floor_pct": c.moisture_floor_pct,
            "moisture_model": self.moisture_config,
            "source": c.source,
            "is_substitute": c.is_substitute,
            "substitute_for": c.substitute_for or "",
            "note": c.note,
        }


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


def default_key_for(crop: Crop) -> str | None:
    """The crop with published defaults this record stands for (None if unrecognised)."""
    candidates = [crop.code, crop.name_en, crop.name_zh]
    candidates += [taxon.genus for taxon in crop.taxa]
    for text in candidates:
        key = _ALIASES.get((text or "").strip().lower())
        if key:
            return key
    return None


def settings_for(crop_ids: Iterable[int]) -> dict[int, CropViabilitySettings]:
    """The stored settings rows of several crops in one query."""
    ids = list(set(crop_ids))
    if not ids:
        return {}
    rows = db.session.scalars(
        sa.select(CropViabilitySettings).where(CropViabilitySettings.crop_id.in_(ids))
    )
    return {row.crop_id: row for row in rows}


def effective_constants(
    crop: Crop, settings: CropViabilitySettings | None | bool = True
) -> EffectiveConstants:
    """The constants and moisture model for a crop's forecasts.

    settings: the crop's settings row (None when it has none); True looks it up.
    Raises ConstantsUnavailable for a crop without defaults whose KE/CW were never entered.
    """
    if settings is True:
        settings = settings_for([crop.id]).get(crop.id)
    key = default_key_for(crop)
    default = BAST_FIBRE_CONSTANTS.get(key) if key else None
    if default is None and (crop.viability_ke is None or crop.viability_cw is None):
        raise ConstantsUnavailable(
            _(
                "Crop %(code)s has no published viability constants; enter KE and CW for it.",
                code=crop.code,
            )
        )
    own_ke = crop.viability_ke is not None
    values = {
        "ke": crop.viability_ke if own_ke else default.ke,
        "cw": crop.viability_cw if crop.viability_cw is not None else default.cw,
        "ch": _first(settings and settings.ch, default and default.ch, UNIVERSAL_CH),
        "cq": _first(settings and settings.cq, default and default.cq, UNIVERSAL_CQ),
        "moisture_floor_pct": _first(
            settings and settings.moisture_floor_pct,
            default and default.moisture_floor_pct,
            COTTON_MOISTURE_FLOOR_PCT,
        ),
    }
    if own_ke or crop.constants_source:
        source = crop.constants_source or "Entered in GermBank (no source given)."
        is_substitute = crop.is_substitute
    else:
        source, is_substitute = default.source, default.is_substitute
    substitute_for = None
    if is_substitute:
        substitute_for = (settings and settings.substitute_for) or (
            default.substitute_for if default and default.substitute_for else "not stated"
        )
    note = (settings and settings.note) or (default.note if default else "")
    constants = CropConstants(
        **values,
        crop=crop.code,
        species=default.species if default else crop.name_en,
        source=source,
        is_substitute=is_substitute,
        substitute_for=substitute_for,
        note=note,
    )
    model = _moisture_model(settings, key)
    edited = _edited_fields(constants, model, default, key)
    return EffectiveConstants(crop.id, constants, model, key, edited)


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


def _first(*values):
    """The first value that is not None (0.0 counts as a value)."""
    return next(value for value in values if value is not None and value is not False)


def _moisture_model(settings: CropViabilitySettings | None, key: str | None) -> MoistureModel:
    if settings is not None and settings.moisture_model:
        return moisture_model_from_config(settings.moisture_model)
    if key is not None:
        return default_moisture_model(key)
    return CromartyIsotherm(FALLBACK_OIL_CONTENT_PCT)


def _edited_fields(constants, model, default, key) -> frozenset[str]:
    if default is None:
        return frozenset({"ke", "cw", "ch", "cq", "moisture_floor_pct", "moisture_model"})
    edited = {
        name
        for name in ("ke", "cw", "ch", "cq", "moisture_floor_pct")
        if getattr(constants, name) != getattr(default, name)
    }
    if model.to_config() != default_moisture_model(key).to_config():
        edited.add("moisture_model")
    if constants.source != default.source:
        edited.add("source")
    return frozenset(edited)


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


def resolved_default(crop: Crop) -> CropConstants | None:
    """The published default set the crop maps to, for showing next to the edited values."""
    key = default_key_for(crop)
    return default_constants(key) if key else None
