"""The passport form: every MCPD field, grouped the way a curator reads a passport.

Fields carry the raw text a person typed; the passport service (``validate_passport``) is the
only judge of what is valid, so the page, the API and the importer accept exactly the same
values. The form only shapes input: coded fields become selects with labels, STORAGE a
multi-select, extra attributes a ``name = value`` text area.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField

from germbank.accessions.forms.choices import code_choices, country_choices

PASSPORT_GROUPS: tuple[tuple[str, Any, tuple[str, ...]], ...] = (
    ("identification", _l("Identification"),
     ("instcode", "accenumb", "accename", "name_zh", "puid", "othernumb")),
    ("taxonomy", _l("Taxonomy"),
     ("genus", "species", "spauthor", "subtaxa", "subtauthor", "cropname")),
    ("collecting", _l("Collecting"),
     ("collnumb", "colldate", "collsite", "collsrc", "collcode", "collname",
      "collinstaddress", "collmissid")),
    ("origin", _l("Origin and coordinates"),
     ("origcty", "declatitude", "declongitude", "latitude", "longitude", "elevation",
      "coorduncert", "coorddatum", "georefmeth")),
    ("breeding", _l("Biological status and breeding"),
     ("sampstat", "bredcode", "bredname", "ancest")),
    ("donor", _l("Acquisition and donor"),
     ("acqdate", "donorcode", "donorname", "donornumb")),
    ("storage", _l("Storage and safety duplicates"),
     ("storage", "duplsite", "duplinstname", "mlsstat")),
    ("remarks", _l("Remarks and extra attributes"), ("remarks", "extra")),
)
"""(key, title, columns): sections of the form and of the accession page, in reading order."""

FIELD_LABELS: dict[str, Any] = {
    "puid": _l("Persistent identifier (DOI)"),
    "instcode": _l("Holding institute (WIEWS code)"),
    "accenumb": _l("Accession number"),
    "collnumb": _l("Collecting number"),
    "collcode": _l("Collecting institute (WIEWS code)"),
    "collname": _l("Collecting institute name"),
    "collinstaddress": _l("Collecting institute address"),
    "collmissid": _l("Collecting mission"),
    "genus": _l("Genus"),
    "species": _l("Species"),
    "spauthor": _l("Species authority"),
    "subtaxa": _l("Subtaxon"),
    "subtauthor": _l("Subtaxon authority"),
    "cropname": _l("Crop name"),
    "accename": _l("Accession name(s)"),
    "name_zh": _l("Chinese name"),
    "acqdate": _l("Acquisition date"),
    "origcty": _l("Country of origin"),
    "collsite": _l("Collecting site"),
    "declatitude": _l("Latitude (decimal)"),
    "latitude": _l("Latitude (DMS)"),
    "declongitude": _l("Longitude (decimal)"),
    "longitude": _l("Longitude (DMS)"),
    "coorduncert": _l("Coordinate uncertainty (m)"),
    "coorddatum": _l("Geodetic datum"),
    "georefmeth": _l("Georeferencing method"),
    "elevation": _l("Elevation (m)"),
    "colldate": _l("Collecting date"),
    "bredcode": _l("Breeding institute (WIEWS code)"),
    "bredname": _l("Breeding institute name"),
    "sampstat": _l("Biological status"),
    "ancest": _l("Pedigree"),
    "collsrc": _l("Collecting source"),
    "donorcode": _l("Donor institute (WIEWS code)"),
    "donorname": _l("Donor name"),
    "donornumb": _l("Donor accession number"),
    "othernumb": _l("Other identifiers"),
    "duplsite": _l("Safety duplicate sites (WIEWS codes)"),
    "duplinstname": _l("Safety duplicate institutes"),
    "storage": _l("Storage type"),
    "mlsstat": _l("MLS status"),
    "remarks": _l("Remarks"),
    "extra": _l("Extra attributes"),
}

FIELD_HINTS: dict[str, Any] = {
    "instcode": _l("e.g. CHN121"),
    "accename": _l("Several names separated by ;"),
    "acqdate": _l("YYYYMMDD; unknown month or day as -- (e.g. 2019---- or 201905--)"),
    "colldate": _l("YYYYMMDD; unknown month or day as -- (e.g. 2019---- or 201905--)"),
    "declatitude": _l("-90 to 90, e.g. 28.3417"),
    "declongitude": _l("-180 to 180, e.g. 112.3583"),
    "latitude": _l("DDMMSSH, e.g. 282030N"),
    "longitude": _l("DDDMMSSH, e.g. 1122130E"),
    "othernumb": _l("INSTCODE:number;INSTCODE:number"),
    "collcode": _l("Several codes separated by ;"),
    "bredcode": _l("Several codes separated by ;"),
    "duplsite": _l("Several codes separated by ;"),
    "remarks": _l("FIELD:remark;FIELD:remark"),
    "extra": _l("One per line: name = value"),
    "storage": _l("Hold Ctrl (or ⌘) to choose several"),
}

WIDE_FIELDS = frozenset({"collsite", "collinstaddress", "ancest", "remarks", "extra"})


class AccessionForm(FlaskForm):
    """Create or edit an accession; ``version`` guards against overwriting a colleague's edit."""

    version = HiddenField()
    sampstat = SelectField(FIELD_LABELS["sampstat"], validate_choice=False)
    collsrc = SelectField(FIELD_LABELS["collsrc"], validate_choice=False)
    mlsstat = SelectField(FIELD_LABELS["mlsstat"], validate_choice=False)
    origcty = SelectField(FIELD_LABELS["origcty"], validate_choice=False)
    storage = SelectMultipleField(FIELD_LABELS["storage"], validate_choice=False)
    extra = TextAreaField(FIELD_LABELS["extra"])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sampstat.choices = code_choices("SAMPSTAT", "—")
        self.collsrc.choices = code_choices("COLLSRC", "—")
        self.mlsstat.choices = code_choices("MLSSTAT", "—")
        self.origcty.choices = country_choices("—")
        self.storage.choices = code_choices("STORAGE", None)

    def groups(self) -> list[tuple[str, Any, list[Any]]]:
        """The form's fields by passport section, for the template."""
        return [(key, title, [self[column] for column in columns])
                for key, title, columns in PASSPORT_GROUPS]

    def passport_data(self, current_extra: dict[str, Any] | None = None) -> dict[str, Any]:
        """Every passport field as the service expects it (blank clears a field).

        Extra attributes that are not ``name = value`` lines are left out and reported on
        the field (``self.extra.errors``): the caller must not save then.
        """
        data: dict[str, Any] = {}
        for _key, _title, columns in PASSPORT_GROUPS:
            for column in columns:
                if column == "extra":
                    try:
                        data["extra"] = parse_extra(self.extra.data or "", current_extra or {})
                    except ExtraSyntaxError as problem:
                        self.extra.errors = [str(problem)]
                elif column == "storage":
                    data["storage"] = ";".join(self.storage.data or []) or None
                else:
                    text = (self[column].data or "").strip()
                    data[column] = text or None
        data["name_zh"] = data.get("name_zh") or ""
        return data

    def fill_from(self, accession: Any) -> None:
        """Show an accession's stored values (GET of the edit page)."""
        for _key, _title, columns in PASSPORT_GROUPS:
            for column in columns:
                value = getattr(accession, column)
                if column == "extra":
                    self.extra.data = format_extra(value or {})
                elif column == "storage":
                    self.storage.data = [str(code) for code in accession.storage_codes()]
                else:
                    self[column].data = "" if value is None else _plain(value)
        self.version.data = str(accession.version)


def _plain(value: Any) -> str:
    """A stored value as the person should see it in a text box (28.5, not 28.500000)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _text_field(column: str) -> Any:
    if column in WIDE_FIELDS:
        return TextAreaField(FIELD_LABELS[column])
    return StringField(FIELD_LABELS[column])


for _group in PASSPORT_GROUPS:
    for _column in _group[2]:
        if not hasattr(AccessionForm, _column):
            setattr(AccessionForm, _column, _text_field(_column))


def format_extra(extra: dict[str, Any]) -> str:
    """Extra attributes as ``name = value`` lines, sorted by name."""
    return "\n".join(f"{name} = {'' if value is None else value}"
                     for name, value in sorted(extra.items()))


class ExtraSyntaxError(ValueError):
    """A line of the extra attributes is not ``name = value``."""


def parse_extra(text: str, current: dict[str, Any]) -> dict[str, Any]:
    """``name = value`` lines -> mapping; an unchanged value keeps its stored type (a number).

    A line without ``=`` raises :class:`ExtraSyntaxError` naming the line, rather than being
    dropped silently. Names are checked by the passport service.
    """
    extra: dict[str, Any] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if "=" not in line:
            raise ExtraSyntaxError(_("Line %(n)d is not 'name = value': %(line)s",
                                     n=number, line=line.strip()))
        name, value = (part.strip() for part in line.split("=", 1))
        old = current.get(name)
        extra[name] = old if old is not None and str(old) == value else value
    return extra
