"""Exports of a location's readings (CSV, XLSX) and its daily climate report (page, XLSX)."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Response, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from germbank.auth.access import requires
from germbank.monitoring.blueprint import bp, location_or_404
from germbank.monitoring.defaults import THRESHOLD_METRICS
from germbank.monitoring.services import export as export_service
from germbank.monitoring.services.report import daily_report, daily_report_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_DAYS = 366 * 5


def _day(name: str, default: date | None = None) -> date:
    text = request.args.get(name, "").strip()
    if not text:
        if default is not None:
            return default
        abort(400, description=_("%(name)s is required (YYYY-MM-DD).", name=name))
    try:
        return date.fromisoformat(text)
    except ValueError:
        abort(400, description=_("%(name)s must be a date as YYYY-MM-DD.", name=name))


def _period(default_days: int | None = None) -> tuple[date, date]:
    """The requested local days (inclusive), checked."""
    yesterday = date.today() - timedelta(days=1)
    last = _day("end", yesterday if default_days else None)
    first = _day("start", last - timedelta(days=default_days - 1) if default_days else None)
    if last < first:
        abort(400, description=_("The end date must not be before the start date."))
    if (last - first).days >= MAX_DAYS:
        abort(400, description=_("Choose at most five years at a time."))
    return first, last


def _metrics() -> list[str] | None:
    chosen = [m.strip() for m in request.args.get("metrics", "").split(",") if m.strip()]
    unknown = [m for m in chosen if m not in THRESHOLD_METRICS]
    if unknown:
        abort(400, description=_("Unknown metrics: %(names)s.", names=", ".join(unknown)))
    return chosen or None


@bp.route("/locations/<code>/export")
@requires("read")
def export(code: str):
    """Readings of the location for the chosen days, as CSV or XLSX (or the daily report)."""
    location = location_or_404(code)
    kind = request.args.get("format", "csv")
    if kind == "report":
        return redirect(url_for("monitoring.report", code=code, start=request.args.get("start"),
                                end=request.args.get("end")))
    if kind not in ("csv", "xlsx"):
        abort(400, description=_("format must be csv, xlsx or report."))
    resolution = request.args.get("resolution", "raw")
    if resolution not in ("raw", "hourly"):
        abort(400, description=_("resolution must be raw or hourly."))
    first, last = _period()
    tz = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    start, end = export_service.local_range(first, last, tz)
    rows = export_service.rows(location, _metrics(), start, end, resolution, tz)
    name = f"{location.code}_{first.isoformat()}_{last.isoformat()}_{resolution}"
    if kind == "csv":
        return Response(
            export_service.csv_chunks(rows, resolution),
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    try:
        content = export_service.xlsx_bytes(rows, resolution)
    except export_service.ExportTooLarge:
        abort(400, description=_("More than a million readings: choose CSV, hourly values or a "
                                 "shorter period."))
    return Response(
        content, mimetype=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
    )


@bp.route("/locations/<code>/report")
@requires("read")
def report(code: str):
    """Daily minimum, maximum, mean and time out of range; the last 7 days by default."""
    location = location_or_404(code)
    first, last = _period(default_days=7)
    if request.args.get("format") == "xlsx":
        return Response(
            daily_report_xlsx(location, first, last), mimetype=XLSX,
            headers={"Content-Disposition":
                     f'attachment; filename="{location.code}_daily_{first}_{last}.xlsx"'},
        )
    return render_template(
        "monitoring/report.html", report=daily_report(location, first, last), location=location
    )
