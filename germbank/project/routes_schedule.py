"""Pages where project managers change the project and its schedule: the project's settings
and status date, tasks and their progress, dependencies and the baseline."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from germbank import audit
from germbank.auth.access import requires
from germbank.extensions import db
from germbank.models.project import TaskLink
from germbank.project import services_schedule as services
from germbank.project.forms import (
    ConfirmForm,
    DependencyForm,
    ProgressForm,
    ProjectForm,
    StatusDateForm,
    TaskForm,
    data_of,
)
from germbank.project.routes import bp, get_project, get_task, render_task
from germbank.project.rules import ConfirmationNeeded, ProjectRuleError


def refuse(form, error: ProjectRuleError) -> None:
    """Show a service's refusal next to its field (or at the top of the page)."""
    db.session.rollback()
    field = form._fields.get(error.field) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "error")


def status_of(form) -> int:
    """400 when the form comes back with errors, so clients and tests can tell."""
    return 400 if form.errors else 200


@bp.route("/new", methods=["GET", "POST"])
@requires("project.write")
def project_new():
    """Create the project."""
    form = ProjectForm()
    if form.validate_on_submit():
        try:
            project = services.create_project(data_of(form, ProjectForm.FIELDS))
        except ProjectRuleError as error:
            refuse(form, error)
        else:
            db.session.commit()
            flash(_("Project created."), "success")
            return redirect(url_for("project.dashboard", project_id=project.id))
    return render_template("project/empty.html", form=form), status_of(form)


@bp.route("/<int:project_id>/edit", methods=["GET", "POST"])
@requires("project.write")
def project_edit(project_id: int):
    """Change the project's name, total budget, dates or status date."""
    project = get_project(project_id)
    form = ProjectForm(obj=project)
    needs_confirm = False
    if form.validate_on_submit():
        try:
            services.update_project(project, data_of(form, ProjectForm.FIELDS),
                                    confirm_over_total=form.confirm_over_total.data)
        except ConfirmationNeeded as error:
            refuse(form, error)
            needs_confirm = True
        except ProjectRuleError as error:
            refuse(form, error)
        else:
            db.session.commit()
            flash(_("Project saved."), "success")
            return redirect(url_for("project.dashboard", project_id=project.id))
    fields = ProjectForm.FIELDS + (("confirm_over_total",) if needs_confirm else ())
    return render_template(
        "project/form.html", form=form, project=project, title=_("Edit project"),
        fields=fields, history=audit.history("project", project.id),
    ), status_of(form)


@bp.route("/<int:project_id>/status-date", methods=["POST"])
@requires("project.write")
def status_date(project_id: int):
    """Move the date the dashboard, Gantt chart and report are computed as of."""
    project = get_project(project_id)
    form = StatusDateForm()
    if form.validate_on_submit():
        try:
            services.update_project(project, {"status_date": form.status_date.data},
                                    confirm_over_total=True)
        except ProjectRuleError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Status date saved."), "success")
    else:
        flash(_("Give a valid date."), "error")
    return redirect(url_for("project.dashboard", project_id=project.id))


@bp.route("/<int:project_id>/tasks/new", methods=["GET", "POST"])
@requires("project.write")
def task_new(project_id: int):
    """Add a work package or milestone."""
    project = get_project(project_id)
    form = TaskForm()
    if form.validate_on_submit():
        try:
            task = services.create_task(project, data_of(form, TaskForm.FIELDS),
                                        note=form.note.data or "")
        except ProjectRuleError as error:
            refuse(form, error)
        else:
            db.session.commit()
            flash(_("Task %(code)s added.", code=task.code), "success")
            return redirect(url_for("project.task", project_id=project.id, task_id=task.id))
    return render_template("project/form.html", form=form, project=project,
                           title=_("New task"), fields=TaskForm.FIELDS + ("note",)), \
        status_of(form)


@bp.route("/<int:project_id>/tasks/<int:task_id>/edit", methods=["POST"])
@requires("project.write")
def task_edit(project_id: int, task_id: int):
    """Change a task's names, type, plan, owner or progress."""
    project = get_project(project_id)
    task = get_task(project, task_id)
    form = TaskForm()
    if form.validate_on_submit():
        try:
            services.update_task(task, data_of(form, TaskForm.FIELDS), form.note.data or "")
        except ProjectRuleError as error:
            refuse(form, error)
        else:
            db.session.commit()
            flash(_("Task %(code)s saved.", code=task.code), "success")
            return redirect(url_for("project.task", project_id=project.id, task_id=task.id))
    return render_task(project, task, 400, form=form)


@bp.route("/<int:project_id>/tasks/<int:task_id>/progress", methods=["POST"])
@requires("project.write")
def task_progress(project_id: int, task_id: int):
    """Record % complete and actual dates; the Gantt chart, dashboard and report follow."""
    project = get_project(project_id)
    task = get_task(project, task_id)
    form = ProgressForm()
    if form.validate_on_submit():
        try:
            services.record_progress(task, form.percent_complete.data, form.actual_start.data,
                                     form.actual_finish.data, (form.note.data or "").strip())
        except ProjectRuleError as error:
            refuse(form, error)
        else:
            db.session.commit()
            flash(_("Progress of %(code)s recorded.", code=task.code), "success")
            return redirect(url_for("project.task", project_id=project.id, task_id=task.id))
    return render_task(project, task, 400, progress_form=form)


@bp.route("/<int:project_id>/tasks/<int:task_id>/delete", methods=["POST"])
@requires("project.write")
def task_delete(project_id: int, task_id: int):
    """Remove a task with its dependencies."""
    project = get_project(project_id)
    task = get_task(project, task_id)
    if ConfirmForm().validate_on_submit():
        code = task.code
        services.delete_task(task)
        db.session.commit()
        flash(_("Task %(code)s deleted.", code=code), "success")
    return redirect(url_for("project.schedule", project_id=project.id))


@bp.route("/<int:project_id>/tasks/<int:task_id>/dependencies", methods=["POST"])
@requires("project.write")
def dependency_add(project_id: int, task_id: int):
    """Make the task wait for another; a loop is refused and named."""
    project = get_project(project_id)
    task = get_task(project, task_id)
    form = DependencyForm()
    form.predecessor_id.choices = [SelectChoice(str(t.id), t.code) for t in project.tasks
                                   if t.id != task.id]
    if form.validate_on_submit():
        predecessor = get_task(project, form.predecessor_id.data)
        try:
            services.add_dependency(task, predecessor, form.lag_days.data or 0)
        except ProjectRuleError as error:
            refuse(form, error)
        else:
            db.session.commit()
            flash(_("Dependency added."), "success")
            return redirect(url_for("project.task", project_id=project.id, task_id=task.id))
    return render_task(project, task, 400, dependency_form=form)


@bp.route("/<int:project_id>/dependencies/<int:link_id>/delete", methods=["POST"])
@requires("project.write")
def dependency_remove(project_id: int, link_id: int):
    """Drop a dependency."""
    project = get_project(project_id)
    link = db.get_or_404(TaskLink, link_id)
    successor = link.successor
    if successor.project_id != project.id:
        abort(404)
    if ConfirmForm().validate_on_submit():
        services.remove_dependency(link)
        db.session.commit()
        flash(_("Dependency removed."), "success")
    return redirect(url_for("project.task", project_id=project.id, task_id=successor.id))


@bp.route("/<int:project_id>/baseline", methods=["POST"])
@requires("project.write")
def baseline(project_id: int):
    """Save the current plan as the baseline variance is measured against."""
    project = get_project(project_id)
    if ConfirmForm().validate_on_submit():
        count = services.save_baseline(project)
        db.session.commit()
        flash(_("Baseline saved for %(count)d tasks.", count=count), "success")
    return redirect(url_for("project.schedule", project_id=project.id))
