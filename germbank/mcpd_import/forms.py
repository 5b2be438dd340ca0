"""Forms of the MCPD import pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, SelectField, SubmitField

MODE_CHOICES = [
    ("insert", _l("Add new accessions only (stop on accessions already stored)")),
    ("upsert", _l("Add new accessions and update stored ones")),
]


class ImportOptionsForm(FlaskForm):
    """How to import: the mode and whether rows with errors may be skipped."""

    mode = SelectField(_l("Mode"), choices=MODE_CHOICES, default="insert")
    skip_invalid = BooleanField(_l("Import the valid rows and give me the rejected ones back"))


class UploadForm(ImportOptionsForm):
    """Choose an MCPD file; the next page shows what the import would do."""

    file = FileField(_l("MCPD file (CSV or XLSX)"), validators=[
        FileRequired(_l("Choose a file.")),
        FileAllowed(["csv", "txt", "tsv", "xlsx", "xlsm"],
                    _l("Only CSV and XLSX files can be imported.")),
    ])
    submit = SubmitField(_l("Check the file"))


class ConfirmForm(ImportOptionsForm):
    """Run the import that the preview described."""

    submit = SubmitField(_l("Import"))
