"""What every accession page shares: template helpers, service errors onto form fields,
local times from forms, and the MCPD export links when that feature is installed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import current_app, flash
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from germbank.accessions.forms.choices import code_label, country_name
from germbank.accessions.forms.lots import KIND_LABELS, STATUS_LABELS
from germbank.accessions.forms.passport import FIELD_HINTS, FIELD_LABELS, WIDE_FIELDS
from germbank.accessions.forms.records import REGENERATION_STATUS_LABELS
from germbank.accessions.routes.blueprint import bp
from germbank.templating import local_zone

REASON_LABELS = {
    "low_germination": _l("Low germination"),
    "low_stock": _l("Low stock"),
    "test_overdue": _l("Test overdue"),
    "few_plants": _l("Too few plants"),
}
"""The regeneration rules' reason codes as the page names them."""

PER_PAGE = 50


def locale() -> str:
    """The reader's locale as text ("zh_CN" or "en")."""
    return str(get_locale() or "zh_CN")


def partial_date(text: str | None) -> str:
    """An MCPD date for reading: ``2019----`` -> 2019, ``201905--`` -> 2019-05."""
    if not text:
        return ""
    if len(text) != 8:
        return text
    year, month, day = text[:4], text[4:6], text[6:]
    return "-".join(part for part in (year, month, day) if part.isdigit() and part != "00")


def storage_labels(text: str | None) -> list[str]:
    """MCPD STORAGE ``11;20`` as labels in the reader's language."""
    return [code_label("STORAGE", code) for code in (text or "").split(";") if code.strip()]


def crop_name(crop: Any) -> str:
    """A crop's name in the reader's language."""
    return crop.display_name(locale()) if crop is not None else ""


def location_label(location: Any) -> str:
    """``ST1-R1-S01 · Shelf 1`` in the reader's language."""
    if location is None:
        return ""
    return f"{location.code} · {location.display_name(locale())}"


def export_endpoint(extension: str) -> str | None:
    """The endpoint that serves ``/accessions/export.<extension>``, if the export exists.

    The MCPD import/export feature is optional; the list shows its links only when its
    routes are registered.
    """
    wanted = f"/accessions/export.{extension}"
    for rule in current_app.url_map.iter_rules():
        if rule.rule == wanted and "GET" in (rule.methods or ()):
            return rule.endpoint
    return None


@bp.app_template_global("accession_field_label")
def accession_field_label(column: str) -> str:
    """The label of a passport field (used by templates of other features too)."""
    return str(FIELD_LABELS.get(column, column))


@bp.context_processor
def page_helpers() -> dict[str, Any]:
    """Helpers the accession templates call."""
    return {
        "code_label": code_label,
        "country_name": country_name,
        "partial_date": partial_date,
        "storage_labels": storage_labels,
        "crop_name": crop_name,
        "location_label": location_label,
        "reason_labels": REASON_LABELS,
        "status_labels": STATUS_LABELS,
        "kind_labels": KIND_LABELS,
        "regeneration_status_labels": REGENERATION_STATUS_LABELS,
        "locale_code": locale(),
        "field_hints": FIELD_HINTS,
        "wide_fields": WIDE_FIELDS,
    }


def apply_errors(form: Any, errors: dict[str, list[str]], aliases: dict[str, str] | None = None
                 ) -> None:
    """Show a service's per-field messages next to the form's fields.

    A message for a field the form does not show (``version``, ``lot_id``) is flashed, so
    no refusal is ever silent.
    """
    aliases = aliases or {}
    for name, messages in errors.items():
        target = aliases.get(name, name)
        field = form._fields.get(target) if hasattr(form, "_fields") else None
        if field is None:
            for message in messages:
                flash(f"{accession_field_label(name)}: {message}", "error")
            continue
        field.errors = [*list(field.errors or ()), *messages]


def has_errors(form: Any) -> bool:
    """True when any field of the form carries a message."""
    return any(field.errors for field in form)


def local_datetime(text: str | None) -> datetime | None:
    """A ``datetime-local`` value in the bank's time zone as an aware UTC time.

    Raises ``ValueError`` with a message for the person when the text is not a time.
    """
    text = (text or "").strip()
    if not text:
        return None
    try:
        naive = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(_("Give a date and time as YYYY-MM-DD HH:MM.")) from None
    if naive.tzinfo is not None:
        return naive.astimezone(UTC)
    return naive.replace(tzinfo=local_zone()).astimezone(UTC)
