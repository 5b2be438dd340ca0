"""The viability constants each crop's forecasts use: published defaults, agronomists' edits.

Why: the forecast is only as good as KE and CW, and for the bast-fibre crops they are borrowed
from cotton. Agronomists must see where every number comes from and be able to replace it
(by hand or by calibration), and every change must be traceable. KE, CW, the source text and
the substitute flag are columns of the crop (accessions domain); the rest of the settings are
in :class:`CropViabilitySettings`. Any value left empty takes the default of
:mod:`germbank.viability.constants` / :mod:`germbank.viability.moisture`. Changing them
(validated and audited) is :mod:`germbank.forecasts.services.constants_edit`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

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


def resolved_default(crop: Crop) -> CropConstants | None:
    """The published default set the crop maps to, for showing next to the edited values."""
    key = default_key_for(crop)
    return default_constants(key) if key else None
