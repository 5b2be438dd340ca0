"""Entering what was measured or done: germination tests, observations, regeneration events.

Each view hands the form's values to its service, commits on success and otherwise shows
the service's per-field messages with status 400, having stored nothing.
"""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from germbank.accessions import queries_pages as queries
from germbank.accessions.forms import GerminationTestForm, ObservationForm, RegenerationEventForm
from germbank.accessions.routes.blueprint import bp
from germbank.accessions.routes.common import apply_errors, has_errors
from germbank.accessions.routes.detail import accession_or_404, render_accession_page
from germbank.accessions.services import ServiceError, record_germination_test
from germbank.accessions.services.events import create_regeneration_event
from germbank.accessions.services.observations import add_observation as store_observation
from germbank.auth.access import requires
from germbank.extensions import db


@bp.route("/lots/<int:lot_id>/tests/new", methods=["GET", "POST"])
@requires("accessions.write")
def new_test(lot_id: int):
    """Enter a germination test of a seed lot; the result is computed from the counts."""
    lot = queries.lot_with_details(lot_id)
    if lot is None:
        abort(404)
    form = GerminationTestForm()
    if not form.is_submitted():
        form.tested_on.data = date.today().isoformat()
        form.replicates.data, form.seeds_per_replicate.data = "4", "50"
        return render_template("accessions/test_form.html", form=form, lot=lot)
    valid = form.validate()  # first: validate() resets the field messages
    data = form.test_data()
    if valid and not has_errors(form):
        try:
            test = record_germination_test(lot, data)
        except ServiceError as refused:
            db.session.rollback()
            apply_errors(form, refused.errors, {"normal_counts": "normal_1"})
        else:
            db.session.commit()
            flash(_("Germination test recorded: %(pct)s %% (%(normal)d normal seedlings of "
                    "%(sown)d seeds sown).", pct=test.result_pct, normal=test.normal_total,
                    sown=test.seeds_sown), "success")
            return redirect(url_for("accessions.lot", lot_id=lot.id) + "#tests")
    lot = queries.lot_with_details(lot_id)
    return render_template("accessions/test_form.html", form=form, lot=lot), 400


@bp.route("/<int:accession_id>/observations", methods=["POST"])
@requires("accessions.write")
def add_observation(accession_id: int):
    """Record one characterization or evaluation value."""
    accession = accession_or_404(accession_id)
    form = ObservationForm()
    if form.validate():
        try:
            store_observation(accession, form.observation_data())
        except ServiceError as refused:
            db.session.rollback()
            apply_errors(form, refused.errors)
        else:
            db.session.commit()
            flash(_("Observation added."), "success")
            return redirect(url_for("accessions.detail", accession_id=accession_id)
                            + "#observations")
    return render_accession_page(accession_id, observation_form=form, status=400)


@bp.route("/<int:accession_id>/regeneration-events", methods=["POST"])
@requires("accessions.write")
def add_regeneration_event(accession_id: int):
    """Plan or record a regeneration of the accession."""
    accession = accession_or_404(accession_id)
    form = RegenerationEventForm()
    if form.validate():
        try:
            create_regeneration_event(accession, form.event_data())
        except ServiceError as refused:
            db.session.rollback()
            apply_errors(form, refused.errors)
        else:
            db.session.commit()
            flash(_("Regeneration saved."), "success")
            return redirect(url_for("accessions.detail", accession_id=accession_id)
                            + "#regeneration-events")
    return render_accession_page(accession_id, event_form=form, status=400)
