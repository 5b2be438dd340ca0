"""The technicians' device forms: where a device is, and what it is."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

UNASSIGNED = ""


class PlaceForm(FlaskForm):
    """Place (or move) a device at a location from a given local time (default: now)."""

    location = SelectField(_l("Location"), choices=[], validate_choice=True)
    placed_at = StringField(
        _l("From (local time, empty for now)"),
        validators=[Optional()],
        render_kw={"type": "datetime-local"},
    )


class DeviceForm(FlaskForm):
    """Describe a device."""

    name = StringField(_l("Name"), validators=[Length(max=128)])
    interval_s = IntegerField(
        _l("Reporting interval (seconds)"),
        validators=[InputRequired(), NumberRange(min=1, max=86_400)],
    )
    notes = TextAreaField(_l("Notes"), validators=[Length(max=2000)])
