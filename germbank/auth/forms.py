"""Sign-in, password and token forms (Flask-WTF, so each carries a CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length


class LoginForm(FlaskForm):
    """Username and password."""

    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    remember = BooleanField(_l("Keep me signed in"))


class PasswordForm(FlaskForm):
    """Change one's own password."""

    current = PasswordField(_l("Current password"), validators=[DataRequired()])
    new = PasswordField(_l("New password"), validators=[DataRequired()])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new", message=_l("The passwords differ."))],
    )


class TokenForm(FlaskForm):
    """Name a new API token."""

    name = StringField(_l("Token name"), validators=[DataRequired(), Length(max=100)])


class LanguageForm(FlaskForm):
    """Pick the interface language."""

    locale = SelectField(
        _l("Language"), choices=[("zh_CN", "中文"), ("en", "English")], validate_choice=True
    )
