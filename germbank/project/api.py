"""JSON API of the construction project (flask-smorest): projects, tasks and dependencies,
the computed schedule and budget summary. Budget lines, payments and the registers are in
``api_registers`` on the same blueprint.

The same services as the pages enforce the same rules: a broken rule is 422, a clash (a taken
code, lines beyond the total without ``confirm_over_total=true``) is 409, in the error format
of every GermBank API. Updates and deletes need the ``If-Match`` ETag of the last GET (428 when
missing, 412 when stale), so two managers cannot overwrite each other unknowingly.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint, abort

from germbank.api_support import error_responses
from germbank.auth.access import requires
from germbank.extensions import db
from germbank.models.project import Project, ProjectTask
from germbank.project import loading
from germbank.project import services_schedule as services
from germbank.project.rules import ProjectRuleError
from germbank.project.schemas import (
    ConfirmSchema,
    LinkSchema,
    ProjectSchema,
    TaskSchema,
    patch_schema,
)
from germbank.project.schemas_computed import (
    BudgetSummarySchema,
    ScheduleSchema,
    budget_json,
    schedule_json,
)

blp = Blueprint("projects", __name__, url_prefix="/api/v1/projects",
                description="The construction project: schedule, budget, deliverables, "
                            "instruments and risks.")


def rules_as_http(view: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a service's refusal into 409/422 with the message under its field.

    The OpenAPI document lists both answers for every view so wrapped.
    """

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except ProjectRuleError as error:
            db.session.rollback()
            abort(error.status, message=error.message, errors=error.errors)

    return error_responses(409, 422)(wrapper)


def project_or_404(project_id: int) -> Project:
    """The project of the URL."""
    return db.get_or_404(Project, project_id)


def task_or_404(project_id: int, task_id: int) -> ProjectTask:
    """A task of the project of the URL."""
    task = db.get_or_404(ProjectTask, task_id)
    if task.project_id != project_id:
        abort(404, message="No such task in this project.")
    return task


def blueprints() -> list[Blueprint]:
    """The API blueprints to register (routes of ``api_registers`` included)."""
    from germbank.project import api_registers  # noqa: F401 - adds its routes to blp

    return [blp]


@blp.route("")
class Projects(MethodView):
    """Projects."""

    @requires("read")
    @blp.response(200, ProjectSchema(many=True))
    def get(self):
        """List projects."""
        return db.session.scalars(db.select(Project).order_by(Project.id)).all()

    @requires("project.write")
    @rules_as_http
    @blp.arguments(ProjectSchema)
    @blp.response(201, ProjectSchema)
    def post(self, data):
        """Create a project."""
        project = services.create_project(data)
        db.session.commit()
        return project


@blp.route("/<int:project_id>")
class ProjectItem(MethodView):
    """One project."""

    @requires("read")
    @blp.etag
    @blp.response(200, ProjectSchema)
    def get(self, project_id):
        """Read a project."""
        return project_or_404(project_id)

    @requires("project.write")
    @rules_as_http
    @blp.etag
    @blp.arguments(patch_schema(ProjectSchema))
    @blp.arguments(ConfirmSchema, location="query")
    @blp.response(200, ProjectSchema)
    def patch(self, data, confirm, project_id):
        """Change a project (status date, total budget, dates...)."""
        project = project_or_404(project_id)
        blp.check_etag(project, ProjectSchema)
        services.update_project(project, data, confirm["confirm_over_total"])
        db.session.commit()
        return project


@blp.route("/<int:project_id>/schedule")
class ProjectSchedule(MethodView):
    """The computed schedule."""

    @requires("read")
    @blp.response(200, ScheduleSchema)
    def get(self, project_id):
        """Forecast dates, float, critical path, variance and flags as of the status date."""
        project = project_or_404(project_id)
        result = loading.project_schedule(project)
        if result is None:
            abort(404, message="The project has no tasks yet.")
        return schedule_json(result, {str(t.id): t.code for t in project.tasks})


@blp.route("/<int:project_id>/budget")
class ProjectBudget(MethodView):
    """The budget summary."""

    @requires("read")
    @blp.response(200, BudgetSummarySchema)
    def get(self, project_id):
        """Planned, committed, paid and remaining, with warnings, in exact yuan."""
        return budget_json(loading.budget_summary(project_or_404(project_id)))


@blp.route("/<int:project_id>/baseline")
class ProjectBaseline(MethodView):
    """The saved baseline."""

    @requires("project.write")
    @blp.response(200, ProjectSchema)
    def post(self, project_id):
        """Save every task's planned dates as its baseline."""
        project = project_or_404(project_id)
        services.save_baseline(project)
        db.session.commit()
        return project


@blp.route("/<int:project_id>/tasks")
class Tasks(MethodView):
    """Tasks of a project."""

    @requires("read")
    @blp.response(200, TaskSchema(many=True))
    def get(self, project_id):
        """List the project's work packages and milestones."""
        return project_or_404(project_id).tasks

    @requires("project.write")
    @rules_as_http
    @blp.arguments(TaskSchema)
    @blp.response(201, TaskSchema)
    def post(self, data, project_id):
        """Add a work package or milestone."""
        project = project_or_404(project_id)
        note = data.pop("note", "")
        task = services.create_task(project, data, note)
        db.session.commit()
        return task


@blp.route("/<int:project_id>/tasks/<int:task_id>")
class TaskItem(MethodView):
    """One task."""

    @requires("read")
    @blp.etag
    @blp.response(200, TaskSchema)
    def get(self, project_id, task_id):
        """Read a task."""
        return task_or_404(project_id, task_id)

    @requires("project.write")
    @rules_as_http
    @blp.etag
    @blp.arguments(patch_schema(TaskSchema))
    @blp.response(200, TaskSchema)
    def patch(self, data, project_id, task_id):
        """Change a task: plan, progress (% complete, actual dates) or owner."""
        task = task_or_404(project_id, task_id)
        blp.check_etag(task, TaskSchema)
        note = data.pop("note", "")
        services.update_task(task, data, note)
        db.session.commit()
        return task

    @requires("project.write")
    @blp.etag
    @blp.response(204)
    def delete(self, project_id, task_id):
        """Delete a task with its dependencies."""
        task = task_or_404(project_id, task_id)
        blp.check_etag(task, TaskSchema)
        services.delete_task(task)
        db.session.commit()


@blp.route("/<int:project_id>/tasks/<int:task_id>/dependencies")
class Dependencies(MethodView):
    """What a task waits for."""

    @requires("read")
    @blp.response(200, LinkSchema(many=True))
    def get(self, project_id, task_id):
        """List the task's finish-to-start dependencies."""
        return task_or_404(project_id, task_id).predecessor_links

    @requires("project.write")
    @rules_as_http
    @blp.arguments(LinkSchema)
    @blp.response(201, LinkSchema)
    def post(self, data, project_id, task_id):
        """Make the task wait for another; a loop is refused (422) and named."""
        task = task_or_404(project_id, task_id)
        predecessor = db.session.get(ProjectTask, data["predecessor_id"])
        if predecessor is None:
            abort(422, message="No such predecessor task.",
                  errors={"predecessor_id": ["No such task."]})
        link = services.add_dependency(task, predecessor, data["lag_days"])
        db.session.commit()
        return link


@blp.route("/<int:project_id>/tasks/<int:task_id>/dependencies/<int:predecessor_id>")
class DependencyItem(MethodView):
    """One dependency."""

    @requires("project.write")
    @blp.response(204)
    def delete(self, project_id, task_id, predecessor_id):
        """Remove a dependency."""
        task = task_or_404(project_id, task_id)
        link = next((k for k in task.predecessor_links if k.predecessor_id == predecessor_id),
                    None)
        if link is None:
            abort(404, message="The task does not depend on that task.")
        services.remove_dependency(link)
        db.session.commit()
