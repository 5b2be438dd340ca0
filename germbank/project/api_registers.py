"""JSON API of budget lines, payments, deliverables, instruments and risks.

Budget lines beyond the approved total need ``?confirm_over_total=true`` (else 409 with the
excess in the message). Updates and deletes need ``If-Match`` like the rest of the API.
"""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import abort

from germbank.auth.access import requires
from germbank.extensions import db
from germbank.models.project import BudgetLine, Deliverable, Instrument, Payment, ProjectRisk
from germbank.project import services_budget, services_register
from germbank.project.api import blp, project_or_404, rules_as_http
from germbank.project.schemas import (
    BudgetLineSchema,
    ConfirmSchema,
    DeliverableSchema,
    InstrumentSchema,
    PaymentSchema,
    RiskSchema,
    patch_schema,
)


def line_or_404(project_id: int, line_id: int) -> BudgetLine:
    """A budget line of the project of the URL."""
    line = db.get_or_404(BudgetLine, line_id)
    if line.project_id != project_id:
        abort(404, message="No such budget line in this project.")
    return line


@blp.route("/<int:project_id>/budget-lines")
class BudgetLines(MethodView):
    """Budget lines."""

    @requires("read")
    @blp.response(200, BudgetLineSchema(many=True))
    def get(self, project_id):
        """List budget lines with what has been paid."""
        return project_or_404(project_id).budget_lines

    @requires("project.write")
    @rules_as_http
    @blp.arguments(BudgetLineSchema)
    @blp.arguments(ConfirmSchema, location="query")
    @blp.response(201, BudgetLineSchema)
    def post(self, data, confirm, project_id):
        """Add a budget line (beyond the total only with confirm_over_total=true)."""
        line = services_budget.create_line(project_or_404(project_id), data,
                                           confirm["confirm_over_total"])
        db.session.commit()
        return line


@blp.route("/<int:project_id>/budget-lines/<int:line_id>")
class BudgetLineItem(MethodView):
    """One budget line."""

    @requires("read")
    @blp.etag
    @blp.response(200, BudgetLineSchema)
    def get(self, project_id, line_id):
        """Read a budget line."""
        return line_or_404(project_id, line_id)

    @requires("project.write")
    @rules_as_http
    @blp.etag
    @blp.arguments(patch_schema(BudgetLineSchema))
    @blp.arguments(ConfirmSchema, location="query")
    @blp.response(200, BudgetLineSchema)
    def patch(self, data, confirm, project_id, line_id):
        """Change a budget line."""
        line = line_or_404(project_id, line_id)
        blp.check_etag(line, BudgetLineSchema)
        services_budget.update_line(line, data, confirm["confirm_over_total"])
        db.session.commit()
        return line

    @requires("project.write")
    @rules_as_http
    @blp.etag
    @blp.response(204)
    def delete(self, project_id, line_id):
        """Delete a budget line that has no payments."""
        line = line_or_404(project_id, line_id)
        blp.check_etag(line, BudgetLineSchema)
        services_budget.delete_line(line)
        db.session.commit()


@blp.route("/<int:project_id>/budget-lines/<int:line_id>/payments")
class Payments(MethodView):
    """Payments against a budget line."""

    @requires("read")
    @blp.response(200, PaymentSchema(many=True))
    def get(self, project_id, line_id):
        """List the line's payments, oldest first."""
        return line_or_404(project_id, line_id).payments

    @requires("project.write")
    @rules_as_http
    @blp.arguments(PaymentSchema)
    @blp.response(201, PaymentSchema)
    def post(self, data, project_id, line_id):
        """Record a payment."""
        payment, _warnings = services_budget.add_payment(line_or_404(project_id, line_id), data)
        db.session.commit()
        return payment


@blp.route("/<int:project_id>/payments/<int:payment_id>")
class PaymentItem(MethodView):
    """One payment."""

    @requires("project.write")
    @blp.response(204)
    def delete(self, project_id, payment_id):
        """Delete a payment entered by mistake."""
        payment = db.get_or_404(Payment, payment_id)
        if payment.budget_line.project_id != project_id:
            abort(404, message="No such payment in this project.")
        services_budget.delete_payment(payment)
        db.session.commit()


def _register_routes(path: str, model: type, schema: type, noun: str) -> None:
    """List/create and read/update/delete routes for one register."""

    def item_or_404(project_id: int, item_id: int):
        item = db.get_or_404(model, item_id)
        if item.project_id != project_id:
            abort(404, message=f"No such {noun} in this project.")
        return item

    class Collection(MethodView):
        @requires("read")
        @blp.response(200, schema(many=True))
        def get(self, project_id):
            return getattr(project_or_404(project_id), path.replace("-", "_"))

        @requires("project.write")
        @rules_as_http
        @blp.arguments(schema)
        @blp.response(201, schema)
        def post(self, data, project_id):
            item = services_register.create(model, project_or_404(project_id), data)
            db.session.commit()
            return item

    class Item(MethodView):
        @requires("read")
        @blp.etag
        @blp.response(200, schema)
        def get(self, project_id, item_id):
            return item_or_404(project_id, item_id)

        @requires("project.write")
        @rules_as_http
        @blp.etag
        @blp.arguments(patch_schema(schema))
        @blp.response(200, schema)
        def patch(self, data, project_id, item_id):
            item = item_or_404(project_id, item_id)
            blp.check_etag(item, schema)
            services_register.update(item, data)
            db.session.commit()
            return item

        @requires("project.write")
        @blp.etag
        @blp.response(204)
        def delete(self, project_id, item_id):
            item = item_or_404(project_id, item_id)
            blp.check_etag(item, schema)
            services_register.delete(item)
            db.session.commit()

    Collection.__name__ = f"{model.__name__}Collection"
    Item.__name__ = f"{model.__name__}Item"
    Collection.get.__doc__ = f"List {noun}s."
    Collection.post.__doc__ = f"Add a {noun}."
    Item.get.__doc__ = f"Read a {noun}."
    Item.patch.__doc__ = f"Change a {noun}."
    Item.delete.__doc__ = f"Delete a {noun}."
    blp.route(f"/<int:project_id>/{path}", endpoint=f"{path}-collection")(Collection)
    blp.route(f"/<int:project_id>/{path}/<int:item_id>", endpoint=f"{path}-item")(Item)


_register_routes("deliverables", Deliverable, DeliverableSchema, "deliverable")
_register_routes("instruments", Instrument, InstrumentSchema, "instrument")
_register_routes("risks", ProjectRisk, RiskSchema, "risk")
