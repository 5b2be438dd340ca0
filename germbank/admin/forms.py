"""Forms for adding and changing people."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

ROLE_CHOICES = [
    ("admin", _l("Administrator")),
    ("agronomist", _l("Agronomist")),
    ("technician", _l("Technician")),
    ("project_manager", _l("Project manager")),
    ("viewer", _l("Viewer")),
]


class NewUserForm(FlaskForm):
    """Add a person with a first password."""

    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    full_name = StringField(_l("Full name"), validators=[Optional(), Length(max=128)])
    email = EmailField(_l("Email"), validators=[Optional(), Length(max=254)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    password = PasswordField(_l("First password"), validators=[DataRequired()])


class RoleForm(FlaskForm):
    """Change a person's role."""

    role = SelectField(_l("Role"), choices=ROLE_CHOICES)


class ToggleForm(FlaskForm):
    """Disable or enable a person (a CSRF-protected button)."""
