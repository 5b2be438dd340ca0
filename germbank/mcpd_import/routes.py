"""Pages: upload an MCPD file, preview the dry-run report, confirm, see the result; export.

Views stay thin: reading and validating is ``germbank.mcpd``, importing and exporting are the
services; the views store the upload between steps and own the transaction.
"""

from __future__ import annotations

from io import BytesIO

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _

from germbank.accessions.services.errors import ValidationFailed
from germbank.auth.access import requires
from germbank.extensions import db
from germbank.mcpd import McpdFileError, check_file
from germbank.mcpd_import import storage
from germbank.mcpd_import.forms import ConfirmForm, UploadForm
from germbank.mcpd_import.messages import error_message, problems_csv
from germbank.mcpd_import.services.exporter import export_csv_chunks, export_xlsx
from germbank.mcpd_import.services.importer import ConcurrentChange, import_mcpd

bp = Blueprint("mcpd_import", __name__)

SHOWN_PROBLEMS = 500
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/mcpd/import", methods=["GET", "POST"])
@requires("accessions.write")
def upload():
    """Choose a file and options; a valid upload is checked (dry run) and previewed."""
    form = UploadForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("mcpd_import/upload.html", form=form), status
    data = form.file.data.read()
    filename = form.file.data.filename or "upload.csv"
    token = storage.save_upload(data, filename, {"mode": form.mode.data,
                                                 "skip_invalid": form.skip_invalid.data})
    folder = storage.folder_for(token)
    try:
        report = _run(folder, dry_run=True)
    except McpdFileError as error:
        db.session.rollback()
        flash(_("The file cannot be imported: %(reason)s", reason=error_message(error)), "error")
        return render_template("mcpd_import/upload.html", form=form), 400
    db.session.rollback()
    storage.save_report(folder, "preview", report)
    return redirect(url_for("mcpd_import.preview", token=token))


@bp.route("/mcpd/import/<token>")
@requires("accessions.write")
def preview(token: str):
    """The dry-run report and the confirm button."""
    folder = storage.folder_for(token)
    report = storage.load_report(folder, "preview")
    if report is None:
        abort(404)
    meta = storage.load_meta(folder)
    form = ConfirmForm(data={"mode": meta["mode"], "skip_invalid": meta["skip_invalid"]})
    return render_template("mcpd_import/report.html", report=report, token=token, form=form,
                           stage="preview", shown=SHOWN_PROBLEMS)


@bp.route("/mcpd/import/<token>/confirm", methods=["POST"])
@requires("accessions.write")
def confirm(token: str):
    """Run the real import with the confirmed options; commit all or nothing."""
    folder = storage.folder_for(token)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    meta = storage.load_meta(folder)
    meta.update(mode=form.mode.data, skip_invalid=form.skip_invalid.data)
    storage.save_meta(folder, meta)
    try:
        report = _run(folder, dry_run=False)
    except (McpdFileError, ConcurrentChange) as error:
        db.session.rollback()
        flash(_("The file cannot be imported: %(reason)s", reason=error_message(error)), "error")
        return redirect(url_for("mcpd_import.preview", token=token))
    if report.applied:
        db.session.commit()
    else:
        db.session.rollback()
    storage.save_report(folder, "result", report)
    return redirect(url_for("mcpd_import.result", token=token))


@bp.route("/mcpd/import/<token>/report")
@requires("accessions.write")
def result(token: str):
    """What the import did: counts and every problem."""
    folder = storage.folder_for(token)
    report = storage.load_report(folder, "result")
    if report is None:
        return redirect(url_for("mcpd_import.preview", token=token))
    return render_template("mcpd_import/report.html", report=report, token=token, form=None,
                           stage="result", shown=SHOWN_PROBLEMS)


@bp.route("/mcpd/import/<token>/<stage>/rejected.csv")
@requires("accessions.write")
def rejected_rows(token: str, stage: str):
    """The rejected rows with a reason column, to fix and import again."""
    report = _stage_report(token, stage)
    return _download(report.rejected_csv(), f"{_stem(token)}-rejected.csv")


@bp.route("/mcpd/import/<token>/<stage>/problems.csv")
@requires("accessions.write")
def problems(token: str, stage: str):
    """Every problem of the report as a table (messages also in the reader's language)."""
    report = _stage_report(token, stage)
    return _download(problems_csv(report), f"{_stem(token)}-problems.csv")


@bp.route("/accessions/export.csv")
@requires("read")
def export_csv_view():
    """The accessions matching the list's filters as an MCPD CSV (streamed)."""
    try:
        chunks = export_csv_chunks(request.args, with_extra=request.args.get("extra") == "1")
    except ValidationFailed as error:
        return _bad_filter(error)
    return Response(stream_with_context(chunks), content_type=CSV_TYPE,
                    headers={"Content-Disposition": 'attachment; filename="mcpd.csv"'})


@bp.route("/accessions/export.xlsx")
@requires("read")
def export_xlsx_view():
    """The accessions matching the list's filters as an MCPD workbook."""
    try:
        data = export_xlsx(request.args, with_extra=request.args.get("extra") == "1")
    except ValidationFailed as error:
        return _bad_filter(error)
    return send_file(BytesIO(data), mimetype=XLSX_TYPE, as_attachment=True,
                     download_name="mcpd.xlsx")


def _bad_filter(error):
    messages = "; ".join(message for found in error.errors.values() for message in found)
    return render_template("errors/generic.html", code=400,
                           message=_("The export filters are not valid: %(reason)s",
                                     reason=messages)), 400


def _download(data: bytes, name: str):
    return send_file(BytesIO(data), mimetype=CSV_TYPE, as_attachment=True, download_name=name)


def _run(folder, dry_run: bool):
    meta = storage.load_meta(folder)
    check = check_file(storage.upload_path(folder), meta["filename"])
    return import_mcpd(check, meta["filename"], mode=meta["mode"], dry_run=dry_run,
                       skip_invalid=meta["skip_invalid"])


def _stage_report(token: str, stage: str):
    if stage not in ("preview", "result"):
        abort(404)
    report = storage.load_report(storage.folder_for(token), stage)
    if report is None:
        abort(404)
    return report


def _stem(token: str) -> str:
    meta = storage.load_meta(storage.folder_for(token))
    stem = meta["filename"].rsplit(".", 1)[0]
    return "".join(ch for ch in stem if ch.isalnum() or ch in "-_") or "mcpd"
