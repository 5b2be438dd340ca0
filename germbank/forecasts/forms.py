"""Forms of the viability pages: crop constants, the planner filter and the what-if scenario.

The constants form mirrors
:class:`~germbank.forecasts.services.constants_edit.ConstantsInput`;
the service does the domain checks (it also serves the API), the form only the types.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from germbank.forecasts.services.constants import EffectiveConstants
from germbank.forecasts.services.constants_edit import ConstantsInput

MOISTURE_MODELS = [
    ("cromarty", _l("Cromarty isotherm (seed oil content)")),
    ("henderson", _l("Modified Henderson isotherm (K, N, C)")),
    ("sealed", _l("Sealed packets (fixed moisture)")),
]


class ConstantsForm(FlaskForm):
    """A crop's viability constants, its seed-moisture relation and their provenance."""

    ke = FloatField(_l("KE"), validators=[InputRequired()])
    cw = FloatField(_l("CW"), validators=[InputRequired()])
    ch = FloatField(_l("CH"), validators=[InputRequired()])
    cq = FloatField(_l("CQ"), validators=[InputRequired()])
    moisture_floor_pct = FloatField(_l("Low-moisture limit (%)"), validators=[InputRequired()])
    moisture_model = SelectField(_l("Seed moisture from air humidity"), choices=MOISTURE_MODELS)
    oil_content_pct = FloatField(
        _l("Seed oil content (percent of dry weight)"), validators=[Optional()]
    )
    henderson_k = FloatField(_l("Henderson K"), validators=[Optional()])
    henderson_n = FloatField(_l("Henderson N"), validators=[Optional()])
    henderson_c = FloatField(_l("Henderson C"), validators=[Optional()])
    sealed_moisture_pct = FloatField(
        _l("Moisture at packing (percent, wet basis)"), validators=[Optional()]
    )
    source = TextAreaField(_l("Source"), validators=[DataRequired(), Length(max=5000)])
    is_substitute = BooleanField(_l("Borrowed from another species (substitute)"))
    substitute_for = StringField(_l("Substitute for (species)"), validators=[Length(max=255)])
    note = TextAreaField(_l("Note"), validators=[Length(max=5000)])

    def fill(self, effective: EffectiveConstants) -> None:
        """Show the values the crop's forecasts use now."""
        record = effective.as_record()
        for name in ("ke", "cw", "ch", "cq", "moisture_floor_pct", "source", "note"):
            getattr(self, name).data = record[name]
        self.is_substitute.data = record["is_substitute"]
        self.substitute_for.data = record["substitute_for"]
        config = record["moisture_model"]
        self.moisture_model.data = config["model"]
        self.oil_content_pct.data = config.get("oil_content_pct")
        self.henderson_k.data = config.get("k")
        self.henderson_n.data = config.get("n")
        self.henderson_c.data = config.get("c")
        self.sealed_moisture_pct.data = config.get("moisture_wet_pct")

    def moisture_config(self) -> dict:
        """The chosen moisture model as the config the service stores."""
        model = self.moisture_model.data
        if model == "henderson":
            return {
                "model": model,
                "k": self.henderson_k.data,
                "n": self.henderson_n.data,
                "c": self.henderson_c.data,
            }
        if model == "sealed":
            return {"model": model, "moisture_wet_pct": self.sealed_moisture_pct.data}
        return {"model": "cromarty", "oil_content_pct": self.oil_content_pct.data}

    def entered(self) -> ConstantsInput:
        """The form's values for the service."""
        return ConstantsInput(
            ke=self.ke.data,
            cw=self.cw.data,
            ch=self.ch.data,
            cq=self.cq.data,
            moisture_floor_pct=self.moisture_floor_pct.data,
            moisture_model=self.moisture_config(),
            source=self.source.data or "",
            is_substitute=bool(self.is_substitute.data),
            substitute_for=self.substitute_for.data or "",
            note=self.note.data or "",
        )


class PlannerFilterForm(FlaskForm):
    """Which lots the planner lists (a GET form: no CSRF token needed)."""

    class Meta:
        csrf = False

    months = IntegerField(
        _l("Predicted below threshold within (months)"),
        validators=[Optional(), NumberRange(min=0, max=600)],
    )
    crop_id = SelectField(_l("Crop"), coerce=int, validators=[Optional()])


class WhatIfForm(FlaskForm):
    """A store excursion to try out (a GET form: it changes nothing)."""

    class Meta:
        csrf = False

    location_id = SelectField(_l("Store or room"), coerce=int, validators=[InputRequired()])
    start = DateField(_l("From"), validators=[InputRequired()])
    days = FloatField(
        _l("For (days)"), validators=[InputRequired(), NumberRange(min=0.04, max=3650)]
    )
    delta_temperature_c = FloatField(
        _l("Warmer by (°C)"), validators=[InputRequired(), NumberRange(min=-40, max=60)]
    )
    delta_rh_pct = FloatField(
        _l("Wetter by (% RH)"), default=0.0, validators=[Optional(), NumberRange(min=-100, max=100)]
    )
    moved_more_than_days = FloatField(
        _l("Count lots moved by more than (days)"),
        default=30.0,
        validators=[Optional(), NumberRange(min=0, max=36500)],
    )
