"""Characterization and evaluation observations of accessions (descriptor, value, unit, date).

Ramie is cut three times a year, so an observation may name its harvest (cut 1-3); the value
is kept as text because descriptors mix numbers (plant height) and states (leaf shape).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from germbank import audit
from germbank.accessions.services.errors import ValidationFailed, add_error
from germbank.accessions.services.values import clean_date, clean_integer
from germbank.extensions import db
from germbank.models.accessions import Accession
from germbank.models.inventory import Observation

AUDIT_ENTITY = "observation"
_TEXTS = {"descriptor": 128, "value": 255, "unit": 32, "method": 128, "observer": 128}


def add_observation(accession: Accession, data: Mapping[str, Any]) -> Observation:
    """Record one observation; ``descriptor`` and ``value`` are required."""
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    for name, value in data.items():
        if name in _TEXTS:
            text = "" if value is None else str(value).strip()
            if len(text) > _TEXTS[name]:
                add_error(errors, name, _("At most %(n)d characters.", n=_TEXTS[name]))
            values[name] = text
        elif name == "observed_on":
            values[name] = clean_date(name, value, errors)
        elif name == "cut_number":
            values[name] = clean_integer(name, value, errors, 1, 3)
        else:
            add_error(errors, name, _("Unknown field."))
    for name in ("descriptor", "value"):
        if not values.get(name) and name not in errors:
            add_error(errors, name, _("Required."))
    if errors:
        raise ValidationFailed(errors)
    observation = Observation(accession=accession, **values)
    db.session.add(observation)
    db.session.flush()
    audit.record(AUDIT_ENTITY, observation.id, "create",
                 {k: v for k, v in audit.snapshot(observation).items()
                  if v not in (None, "") and k != "created_at"}, accession.accenumb)
    return observation


def delete_observation(observation: Observation) -> None:
    """Delete an observation entered by mistake (audited)."""
    audit.record(AUDIT_ENTITY, observation.id, "delete", audit.snapshot(observation),
                 observation.accession.accenumb)
    db.session.delete(observation)
    db.session.flush()


def observations_query(accession_id: int | None = None, descriptor: str | None = None,
                       cut_number: int | None = None) -> sa.Select:
    """Observations, newest first, optionally of one accession, descriptor or cut."""
    query = sa.select(Observation)
    if accession_id is not None:
        query = query.where(Observation.accession_id == accession_id)
    if descriptor:
        query = query.where(Observation.descriptor == descriptor)
    if cut_number is not None:
        query = query.where(Observation.cut_number == cut_number)
    return query.order_by(Observation.observed_on.desc().nulls_last(), Observation.id.desc())
