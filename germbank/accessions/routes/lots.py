"""Lot pages: a lot's details, where it is and has been, its tests; creating, editing and
moving lots. A lot's location changes only through a move, which the lot service records."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from germbank.accessions import queries_pages as queries
from germbank.accessions.forms import LotForm, MoveLotForm
from germbank.accessions.routes.blueprint import bp
from germbank.accessions.routes.common import apply_errors, local_datetime, locale
from germbank.accessions.routes.detail import accession_or_404
from germbank.accessions.services import ServiceError, create_lot, move_lot, update_lot
from germbank.accessions.services.regeneration import estimated_seed_count
from germbank.accessions.services.regeneration import reasons_for as accession_reasons
from germbank.auth.access import requires
from germbank.extensions import db
from germbank.models.inventory import LOT_KINDS


def _lot_or_404(lot_id: int):
    lot = queries.lot_with_details(lot_id)
    if lot is None:
        abort(404)
    return lot


@bp.route("/lots/<int:lot_id>")
@requires("read")
def lot(lot_id: int):
    """A lot: details, location path, movement history, germination tests and label."""
    return render_lot_page(_lot_or_404(lot_id))


def render_lot_page(lot, move_form: MoveLotForm | None = None, status: int = 200):
    """Render the lot page; a refused move re-renders it with the form's messages."""
    move_form = move_form or MoveLotForm(formdata=None)
    move_form.to_location_id.choices = queries.location_choices(locale(), blank="—")
    reasons = [reason for reason in accession_reasons(lot.accession)
               if reason.lot_id in (None, lot.id)]
    history = queries.merged_history([("lot", [lot.id]),
                                      ("germination_test", queries.test_ids([lot.id]))])
    return render_template(
        "accessions/lot.html", lot=lot, accession=lot.accession, move_form=move_form,
        reasons=reasons, seed_estimate=estimated_seed_count(lot),
        movements=list(reversed(lot.movements)), history=history,
        tests=list(reversed(lot.germination_tests)),
    ), status


@bp.route("/<int:accession_id>/lots/new", methods=["GET", "POST"])
@requires("accessions.write")
def new_lot(accession_id: int):
    """Add a seed lot or a group of living plants to an accession."""
    accession = accession_or_404(accession_id)
    kind = request.args.get("kind", "seed")
    if kind not in LOT_KINDS:
        abort(404)
    form = LotForm()
    form.location_id.choices = queries.location_choices(locale(), blank="—")
    if form.is_submitted():
        if form.validate():
            data = {**form.lot_data(kind), "kind": kind,
                    "location_id": (form.location_id.data or "").strip()}
            try:
                created = create_lot(accession, data)
            except ServiceError as refused:
                db.session.rollback()
                apply_errors(form, refused.errors)
            else:
                db.session.commit()
                flash(_("Lot %(number)s added.", number=created.lot_number), "success")
                return redirect(url_for("accessions.lot", lot_id=created.id))
        return render_template("accessions/lot_form.html", form=form, kind=kind,
                               accession=accession_or_404(accession_id), lot=None), 400
    return render_template("accessions/lot_form.html", form=form, kind=kind,
                           accession=accession, lot=None)


@bp.route("/lots/<int:lot_id>/edit", methods=["GET", "POST"])
@requires("accessions.write")
def edit_lot(lot_id: int):
    """Change a lot's stock, dates, status or notes (its place changes by moving it)."""
    lot = _lot_or_404(lot_id)
    form = LotForm()
    if not form.is_submitted():
        form.fill_from(lot)
        return render_template("accessions/lot_form.html", form=form, kind=lot.kind,
                               accession=lot.accession, lot=lot)
    if form.validate():
        try:
            update_lot(lot, form.lot_data(lot.kind, include_status=True))
        except ServiceError as refused:
            db.session.rollback()
            apply_errors(form, refused.errors)
        else:
            db.session.commit()
            flash(_("Lot %(number)s saved.", number=lot.lot_number), "success")
            return redirect(url_for("accessions.lot", lot_id=lot.id))
    lot = _lot_or_404(lot_id)
    return render_template("accessions/lot_form.html", form=form, kind=lot.kind,
                           accession=lot.accession, lot=lot), 400


@bp.route("/lots/<int:lot_id>/move", methods=["POST"])
@requires("accessions.write")
def move(lot_id: int):
    """Move a lot to another place in the store or greenhouse; the move is recorded."""
    lot = _lot_or_404(lot_id)
    form = MoveLotForm()
    if form.validate():
        target = (form.to_location_id.data or "").strip()
        try:
            moved_at = local_datetime(form.moved_at.data)
        except ValueError as problem:
            form.moved_at.errors = [str(problem)]
        else:
            try:
                movement = move_lot(lot, int(target) if target.isdigit() else target,
                                    moved_at=moved_at, reason=(form.reason.data or "").strip())
            except ServiceError as refused:
                db.session.rollback()
                apply_errors(form, refused.errors)
            else:
                db.session.commit()
                flash(_("Lot %(number)s moved to %(place)s.", number=lot.lot_number,
                        place=movement.to_location.code), "success")
                return redirect(url_for("accessions.lot", lot_id=lot.id))
    return render_lot_page(_lot_or_404(lot_id), form, 400)
