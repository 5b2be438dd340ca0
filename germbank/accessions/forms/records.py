"""Forms for what is measured or done on an accession: germination tests, observations and
regeneration events. The services compute and check; the forms only collect text."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField

REPLICATE_SLOTS = 8
"""Replicate boxes on the form: ISTA rules use 4 x 100, 8 x 50 or 4 x 25 seeds."""

CUT_CHOICES = [("", "—"), ("1", _l("1st cut")), ("2", _l("2nd cut")), ("3", _l("3rd cut"))]

REGENERATION_STATUS_LABELS = {
    "planned": _l("planned"),
    "in_progress": _l("in progress"),
    "completed": _l("completed"),
    "cancelled": _l("cancelled"),
}


class GerminationTestForm(FlaskForm):
    """A test: replicates x seeds per replicate, normal seedlings per replicate, the rest."""

    tested_on = StringField(_l("Test date"), render_kw={"type": "date"})
    replicates = StringField(_l("Replicates"), render_kw={"inputmode": "numeric"})
    seeds_per_replicate = StringField(_l("Seeds per replicate"),
                                      render_kw={"inputmode": "numeric"})
    # normal_1 ... normal_8 are added below the class: one box per replicate.
    abnormal_count = StringField(_l("Abnormal seedlings"), render_kw={"inputmode": "numeric"})
    dead_count = StringField(_l("Dead seeds"), render_kw={"inputmode": "numeric"})
    dormant_count = StringField(_l("Dormant (fresh) seeds"), render_kw={"inputmode": "numeric"})
    method = StringField(_l("Method"))
    tested_by = StringField(_l("Tested by"))
    notes = TextAreaField(_l("Notes"))

    def test_data(self) -> dict[str, Any]:
        """The test as the germination service expects it.

        Normal counts are read up to the number of replicates (or the last filled box);
        a box left empty inside that range is reported here, since the service only sees a
        list and could not say which replicate was forgotten.
        """
        texts = [(box.data or "").strip() for box in self.replicate_boxes()]
        try:
            wanted = int((self.replicates.data or "").strip())
        except ValueError:
            wanted = 0
        last_filled = max((index + 1 for index, text in enumerate(texts) if text), default=0)
        used = texts[:max(min(wanted, REPLICATE_SLOTS), last_filled)]
        missing = [index + 1 for index, text in enumerate(used) if not text]
        if missing:
            self.normal_1.errors = [_("Give the normal seedlings of replicate %(n)s.",
                                    n=", ".join(str(n) for n in missing))]
        data: dict[str, Any] = {"normal_counts": [text for text in used if text]}
        for name in ("tested_on", "replicates", "seeds_per_replicate", "abnormal_count",
                     "dead_count", "dormant_count", "method", "tested_by", "notes"):
            data[name] = (self[name].data or "").strip()
        return data

    def replicate_boxes(self) -> list[Any]:
        """The normal-seedling boxes, replicate 1 first."""
        return [self[f"normal_{n}"] for n in range(1, REPLICATE_SLOTS + 1)]


for _number in range(1, REPLICATE_SLOTS + 1):
    setattr(GerminationTestForm, f"normal_{_number}",
            StringField(_l("Replicate %(n)d", n=_number), render_kw={"inputmode": "numeric"}))


class ObservationForm(FlaskForm):
    """One characterization or evaluation value."""

    descriptor = StringField(_l("Descriptor"))
    value = StringField(_l("Value"))
    unit = StringField(_l("Unit"))
    observed_on = StringField(_l("Date"), render_kw={"type": "date"})
    cut_number = SelectField(_l("Harvest (cut)"), choices=CUT_CHOICES, validate_choice=False)
    method = StringField(_l("Method"))
    observer = StringField(_l("Observer"))

    def observation_data(self) -> dict[str, Any]:
        """The observation as the observation service expects it."""
        return {name: (self[name].data or "").strip()
                for name in ("descriptor", "value", "unit", "observed_on", "cut_number",
                             "method", "observer")}


class RegenerationEventForm(FlaskForm):
    """Plan or record a regeneration of the accession."""

    status = SelectField(_l("Status"), choices=list(REGENERATION_STATUS_LABELS.items()),
                         validate_choice=False)
    source_lot_id = SelectField(_l("Source lot"), validate_choice=False)
    planned_on = StringField(_l("Planned for"), render_kw={"type": "date"})
    started_on = StringField(_l("Started"), render_kw={"type": "date"})
    completed_on = StringField(_l("Completed"), render_kw={"type": "date"})
    site = StringField(_l("Site"))
    plants_grown = StringField(_l("Plants grown"), render_kw={"inputmode": "numeric"})
    seed_harvested_g = StringField(_l("Seed harvested (g)"))
    notes = TextAreaField(_l("Notes"))

    def event_data(self) -> dict[str, Any]:
        """The event as the regeneration-event service expects it (lot as a number)."""
        data: dict[str, Any] = {name: (self[name].data or "").strip()
                                for name in ("status", "planned_on", "started_on",
                                             "completed_on", "site", "plants_grown",
                                             "seed_harvested_g", "notes")}
        lot = (self.source_lot_id.data or "").strip()
        data["source_lot_id"] = int(lot) if lot.isdigit() else (lot or None)
        return data
