"""The project's pages that every signed-in person may read: dashboard, schedule with the Gantt
chart, budget with the S-curve, deliverables, instruments, risks and the weekly report.

Edit forms live in ``routes_schedule`` and ``routes_register`` on the same blueprint.
"""

from __future__ import annotations

import io
from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from germbank import audit
from germbank.auth.access import requires
from germbank.extensions import db
from germbank.models.project import BudgetLine, Payment, Project, ProjectTask
from germbank.project import charts, labels, loading
from germbank.project.budget import format_yuan
from germbank.project.dashboard import build_dashboard
from germbank.project.forms import (
    ConfirmForm,
    DependencyForm,
    ProgressForm,
    ProjectForm,
    StatusDateForm,
    TaskForm,
)
from germbank.project.report import weekly_report, weekly_report_file
from germbank.project.rules import ProjectRuleError

bp = Blueprint("project", __name__, url_prefix="/project")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def get_project(project_id: int) -> Project:
    """The project of the URL, or 404."""
    return db.get_or_404(Project, project_id)


def get_task(project: Project, task_id: int) -> ProjectTask:
    """A task of this project, or 404."""
    task = db.get_or_404(ProjectTask, task_id)
    if task.project_id != project.id:
        abort(404)
    return task


def choice_of(argument: str, allowed: tuple[str, ...]) -> tuple[str, int]:
    """A query-string choice and the page status: an unknown value is flashed as a precise
    error, answered with 400, and replaced by the default so the page still shows."""
    value = request.args.get(argument, allowed[0])
    if value in allowed:
        return value, 200
    flash(_("%(name)s must be one of: %(allowed)s.", name=argument, allowed=", ".join(allowed)),
          "error")
    return allowed[0], 400


def svg_choice(argument: str, allowed: tuple[str, ...]) -> str:
    """A query-string choice of an SVG download; an unknown value stops with a plain 400."""
    value = request.args.get(argument, allowed[0])
    if value not in allowed:
        abort(Response(_("%(name)s must be one of: %(allowed)s.", name=argument,
                         allowed=", ".join(allowed)), 400, mimetype="text/plain"))
    return value


def yuan(value) -> str:
    """10830000 -> "10,830,000.00"; empty for no value."""
    return "" if value is None else format_yuan(value)


def percent(fraction, places: int = 1) -> str:
    """0.4567 -> "45.7 %"; empty for no value."""
    return "" if fraction is None else f"{float(fraction) * 100:.{places}f} %"


def quantity(value) -> str:
    """1522.81 -> "1,522.81", 20.00 -> "20"."""
    if value is None:
        return ""
    text = f"{value:,.2f}"
    return text[:-3] if text.endswith(".00") else text


@bp.context_processor
def project_helpers() -> dict:
    """Labels, number formats and the reader's locale for every project template."""
    return {"labels": labels, "label": labels.label, "locale": loading.current_locale(),
            "today": date.today(), "yuan": yuan, "percent": percent, "quantity": quantity,
            "budget_warning": labels.budget_warning}


@bp.route("/")
@requires("read")
def index():
    """Open the project, or offer to create one when there is none yet."""
    project = loading.the_project()
    if project is not None:
        return redirect(url_for("project.dashboard", project_id=project.id))
    return render_template("project/empty.html", form=ProjectForm())


@bp.route("/<int:project_id>/")
@requires("read")
def dashboard(project_id: int):
    """Schedule variance, spend vs plan, deliverables, overdue and at-risk items."""
    project = get_project(project_id)
    board = build_dashboard(project)
    return render_template("project/dashboard.html", project=project, board=board,
                           status_form=StatusDateForm(status_date=project.status_date),
                           confirm_form=ConfirmForm())


@bp.route("/<int:project_id>/schedule")
@requires("read")
def schedule(project_id: int):
    """The Gantt chart and the task table."""
    project = get_project(project_id)
    scale, status = choice_of("scale", ("month", "week"))
    result = loading.project_schedule(project)
    svg = charts.gantt_svg(project, result, scale) if result else ""
    return render_template("project/schedule.html", project=project, result=result, svg=svg,
                           scale=scale, confirm_form=ConfirmForm()), status


@bp.route("/<int:project_id>/gantt.svg")
@requires("read")
def gantt_svg(project_id: int):
    """The Gantt chart alone, as an SVG file (for slides and the task force)."""
    project = get_project(project_id)
    result = loading.project_schedule(project)
    if result is None:
        abort(Response(_("The project has no tasks yet."), 404, mimetype="text/plain"))
    svg = charts.gantt_svg(project, result, svg_choice("scale", ("month", "week")))
    return Response(svg, mimetype="image/svg+xml")


@bp.route("/<int:project_id>/tasks/<int:task_id>")
@requires("read")
def task(project_id: int, task_id: int):
    """One task: its dates, dependencies, progress log and history (and forms for managers)."""
    project = get_project(project_id)
    item = get_task(project, task_id)
    return render_task(project, item)


def render_task(project: Project, item: ProjectTask, status: int = 200, form=None,
                progress_form=None, dependency_form=None):
    """The task page, optionally with forms carrying errors."""
    result = loading.project_schedule(project)
    row = result.by_key.get(str(item.id)) if result else None
    dependency_form = dependency_form or DependencyForm()
    dependency_form.predecessor_id.choices = [
        SelectChoice(str(t.id), f"{t.code} {t.display_name(loading.current_locale())}")
        for t in project.tasks if t.id != item.id
    ]
    from germbank.models.project import ProgressUpdate

    updates = db.session.scalars(
        db.select(ProgressUpdate).where(ProgressUpdate.task_id == item.id)
        .order_by(ProgressUpdate.recorded_on.desc(), ProgressUpdate.id.desc())
    ).all()
    return render_template(
        "project/task.html", project=project, task=item, row=row,
        form=form or TaskForm(obj=item),
        progress_form=progress_form or ProgressForm(obj=item),
        dependency_form=dependency_form, confirm_form=ConfirmForm(), updates=updates,
        history=audit.history("project_task", item.id),
    ), status


@bp.route("/<int:project_id>/budget")
@requires("read")
def budget(project_id: int):
    """Budget lines, payments and the S-curve."""
    project = get_project(project_id)
    period, status = choice_of("period", ("month", "week"))
    payments = db.session.scalars(
        db.select(Payment).join(BudgetLine).where(BudgetLine.project_id == project.id)
        .order_by(Payment.paid_on.desc(), Payment.id.desc())
    ).all()
    return render_template(
        "project/budget.html", project=project, summary=loading.budget_summary(project),
        svg=charts.scurve_svg(project, period), period=period,
        points=loading.spend_points(project, period), payments=payments,
    ), status


@bp.route("/<int:project_id>/s-curve.svg")
@requires("read")
def scurve_svg(project_id: int):
    """The S-curve alone, as an SVG file."""
    project = get_project(project_id)
    svg = charts.scurve_svg(project, svg_choice("period", ("month", "week")))
    return Response(svg, mimetype="image/svg+xml")


@bp.route("/<int:project_id>/deliverables")
@requires("read")
def deliverables(project_id: int):
    """Target versus achieved for each deliverable."""
    project = get_project(project_id)
    return render_template("project/deliverables.html", project=project)


@bp.route("/<int:project_id>/instruments")
@requires("read")
def instruments(project_id: int):
    """The instrument register."""
    project = get_project(project_id)
    board = build_dashboard(project)
    return render_template("project/instruments.html", project=project, board=board)


@bp.route("/<int:project_id>/risks")
@requires("read")
def risks(project_id: int):
    """Risks and issues, open ones first."""
    project = get_project(project_id)
    ordered = sorted(project.risks, key=lambda r: (not r.is_open, r.due_on or date.max, r.id))
    return render_template("project/risks.html", project=project, risks=ordered,
                           as_of=loading.status_date(project))


@bp.route("/<int:project_id>/report")
@requires("read")
def report(project_id: int):
    """The weekly progress report for the task force, ready to print."""
    project = get_project(project_id)
    try:
        content = weekly_report(project)
    except ProjectRuleError as error:
        flash(error.message, "error")
        return redirect(url_for("project.dashboard", project_id=project.id))
    return render_template("project/report.html", project=project, report=content)


@bp.route("/<int:project_id>/report.xlsx")
@requires("read")
def report_xlsx(project_id: int):
    """The weekly progress report as an Excel workbook."""
    project = get_project(project_id)
    try:
        data, filename = weekly_report_file(project)
    except ProjectRuleError as error:
        flash(error.message, "error")
        return redirect(url_for("project.dashboard", project_id=project.id))
    return send_file(io.BytesIO(data), as_attachment=True, download_name=filename,
                     mimetype=XLSX)
