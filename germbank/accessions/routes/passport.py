"""Creating, editing and deleting accessions through the passport form.

The passport service validates every field (MCPD rules, code lists, partial dates,
coordinates) and answers per field; a stale edit (someone saved in between) is refused with
the colleague's change kept, never silently overwritten.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from germbank.accessions.forms import AccessionForm
from germbank.accessions.routes.blueprint import bp
from germbank.accessions.routes.common import apply_errors, has_errors
from germbank.accessions.routes.detail import accession_or_404
from germbank.accessions.services import (
    Conflict,
    ServiceError,
    create_accession,
    delete_accession,
    update_accession,
)
from germbank.accessions.services.passport import validate_passport
from germbank.auth.access import requires
from germbank.extensions import db


@bp.route("/new", methods=["GET", "POST"])
@requires("accessions.write")
def new():
    """Register a new accession."""
    form = AccessionForm()
    if not form.is_submitted():
        return render_template("accessions/form.html", form=form, accession=None)
    if form.validate():
        data = form.passport_data()
        try:
            if has_errors(form):
                validate_passport(data)  # report the other fields' problems too
            else:
                accession = create_accession(data)
        except ServiceError as refused:
            db.session.rollback()
            apply_errors(form, refused.errors)
        if not has_errors(form):
            db.session.commit()
            flash(_("Accession %(number)s registered.", number=accession.accenumb), "success")
            return redirect(url_for("accessions.detail", accession_id=accession.id))
    return render_template("accessions/form.html", form=form, accession=None), 400


@bp.route("/<int:accession_id>/edit", methods=["GET", "POST"])
@requires("accessions.write")
def edit(accession_id: int):
    """Change an accession's passport."""
    accession = accession_or_404(accession_id)
    form = AccessionForm()
    if not form.is_submitted():
        form.fill_from(accession)
        return render_template("accessions/form.html", form=form, accession=accession)
    status = 400
    if form.validate():
        data = form.passport_data(dict(accession.extra or {}))
        version = int(form.version.data) if (form.version.data or "").isdigit() else None
        try:
            if has_errors(form):
                validate_passport(data)
            else:
                update_accession(accession, data, expected_version=version)
        except Conflict as clash:
            db.session.rollback()
            status = 409
            flash(clash.message, "error")
            apply_errors(form, {k: v for k, v in clash.errors.items() if k != "version"})
        except ServiceError as refused:
            db.session.rollback()
            apply_errors(form, refused.errors)
        if status == 400 and not has_errors(form):
            db.session.commit()
            flash(_("Accession %(number)s saved.", number=accession.accenumb), "success")
            return redirect(url_for("accessions.detail", accession_id=accession.id))
    return render_template("accessions/form.html", form=form,
                           accession=accession_or_404(accession_id)), status


@bp.route("/<int:accession_id>/delete", methods=["POST"])
@requires("accessions.write")
def delete(accession_id: int):
    """Delete an accession that holds no lots (its history stays in the audit log)."""
    accession = accession_or_404(accession_id)
    number = accession.accenumb
    try:
        delete_accession(accession)
    except ServiceError as refused:
        db.session.rollback()
        flash(refused.message, "error")
        return redirect(url_for("accessions.detail", accession_id=accession_id))
    db.session.commit()
    flash(_("Accession %(number)s deleted.", number=number), "success")
    return redirect(url_for("accessions.index"))
