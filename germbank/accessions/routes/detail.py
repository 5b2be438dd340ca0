"""The accession page: passport, lots with stock and regeneration status, germination tests,
observations, regeneration events and the record's history."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import abort, render_template, request

from germbank.accessions import queries_pages as queries
from germbank.accessions.forms import ObservationForm, RegenerationEventForm
from germbank.accessions.routes.blueprint import bp
from germbank.accessions.routes.present import map_link, passport_sections
from germbank.accessions.services import reasons_for
from germbank.accessions.services.observations import observations_query
from germbank.accessions.services.regeneration import estimated_seed_count
from germbank.auth.access import requires
from germbank.extensions import db
from germbank.models.accessions import Accession
from germbank.models.inventory import Observation


@bp.route("/<int:accession_id>")
@requires("read")
def detail(accession_id: int):
    """Everything the bank knows about one accession."""
    return render_accession_page(accession_id)


def render_accession_page(accession_id: int, observation_form: ObservationForm | None = None,
                          event_form: RegenerationEventForm | None = None,
                          status: int = 200) -> tuple[str, int]:
    """Render the page; the record forms re-use it to show their errors (status 400)."""
    accession = queries.accession_with_lots(accession_id)
    if accession is None:
        abort(404)
    reasons = reasons_for(accession)
    lot_reasons: dict[int, list[Any]] = {}
    for reason in reasons:
        if reason.lot_id is not None:
            lot_reasons.setdefault(reason.lot_id, []).append(reason)
    descriptor, cut = _observation_filter()
    observations = list(db.session.scalars(observations_query(accession.id, descriptor, cut)))
    event_form = event_form or RegenerationEventForm(formdata=None)
    event_form.source_lot_id.choices = [("", "—")] + [
        (str(lot.id), lot.lot_number) for lot in accession.lots]
    tests = sorted(((test, lot) for lot in accession.lots for test in lot.germination_tests),
                   key=lambda pair: (pair[0].tested_on, pair[0].id), reverse=True)
    return render_template(
        "accessions/detail.html",
        accession=accession,
        lots=accession.lots,
        sections=passport_sections(accession),
        map_url=map_link(accession),
        reasons=reasons,
        accession_reasons=[reason for reason in reasons if reason.lot_id is None],
        lot_reasons=lot_reasons,
        seed_estimates={lot.id: estimated_seed_count(lot) for lot in accession.lots},
        tests=tests,
        observations=observations,
        descriptors=_descriptors(accession.id),
        observation_filter={"descriptor": descriptor or "", "cut": cut},
        observation_form=observation_form or ObservationForm(formdata=None),
        event_form=event_form,
        history=queries.merged_history([
            ("accession", [accession.id]),
            ("observation", [o.id for o in observations] if not (descriptor or cut)
             else _observation_ids(accession.id)),
            ("regeneration_event", [e.id for e in accession.regeneration_events]),
        ]),
    ), status


def _observation_filter() -> tuple[str | None, int | None]:
    descriptor = (request.args.get("descriptor") or "").strip() or None
    cut = request.args.get("cut", type=int)
    return descriptor, cut if cut in (1, 2, 3) else None


def _descriptors(accession_id: int) -> list[str]:
    return list(db.session.scalars(
        sa.select(Observation.descriptor).where(Observation.accession_id == accession_id)
        .distinct().order_by(Observation.descriptor)))


def _observation_ids(accession_id: int) -> list[int]:
    return list(db.session.scalars(
        sa.select(Observation.id).where(Observation.accession_id == accession_id)))


def accession_or_404(accession_id: int) -> Accession:
    """The accession, or the friendly 404 page."""
    return db.get_or_404(Accession, accession_id)
