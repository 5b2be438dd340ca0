"""Viability pages: the regeneration planner (and its XLSX), the what-if, a lot's forecast.

Views are thin: they read the request, call :mod:`germbank.forecasts.services` and render.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import Response, abort, flash, render_template, request
from flask_babel import gettext as _

from germbank.auth.access import requires
from germbank.extensions import db
from germbank.forecasts.blueprint import bp
from germbank.forecasts.forms import PlannerFilterForm, WhatIfForm
from germbank.forecasts.services.context import request_cache
from germbank.forecasts.services.export import plan_to_xlsx
from germbank.forecasts.services.planner import build_plan, crop_choices
from germbank.forecasts.services.whatif import run_what_if, store_choices
from germbank.models.inventory import InventoryLot
from germbank.templating import local_zone


def _planner_form() -> PlannerFilterForm:
    form = PlannerFilterForm(formdata=request.args)
    form.crop_id.choices = [(0, _("All crops"))] + crop_choices()
    return form


def _plan_for(form: PlannerFilterForm):
    return build_plan(
        months=form.months.data, crop_id=form.crop_id.data or None, cache=request_cache()
    )


@bp.route("/planner")
@requires("read")
def planner():
    """Lots by predicted crossing of their regeneration threshold, with next tests and stock."""
    form = _planner_form()
    status = 200
    if not form.validate():
        flash(_("The filter was not understood; showing every lot."), "error")
        form.months.data, form.crop_id.data, status = None, 0, 400
    plan = _plan_for(form)
    return render_template("forecasts/planner.html", plan=plan, form=form), status


@bp.route("/planner.xlsx")
@requires("read")
def planner_xlsx():
    """The planner's rows (same filter) as an XLSX workbook."""
    form = _planner_form()
    if not form.validate():
        abort(400)
    plan = _plan_for(form)
    stamp = plan.generated_at.astimezone(local_zone()).strftime("%Y%m%d")
    return Response(
        plan_to_xlsx(plan, local_zone()),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="regeneration-plan-{stamp}.xlsx"'},
    )


@bp.route("/whatif")
@requires("read")
def what_if():
    """How many lots' crossing dates move if a store runs warmer (and wetter) for a while."""
    cache = request_cache()
    form = WhatIfForm(formdata=request.args if "location_id" in request.args else None)
    places = store_choices(cache)
    form.location_id.choices = [(loc.id, f"{loc.code} · {loc.name}") for loc in places]
    if "location_id" not in request.args:
        _suggest_cooling_failure(form, places, cache)
        return render_template("forecasts/whatif.html", form=form, result=None)
    if not form.validate():
        return render_template("forecasts/whatif.html", form=form, result=None), 400
    location = cache.locations[form.location_id.data]
    start = datetime.combine(form.start.data, time.min, tzinfo=local_zone())
    result = run_what_if(
        location,
        start=start,
        days=form.days.data,
        delta_temperature_c=form.delta_temperature_c.data,
        delta_rh_pct=form.delta_rh_pct.data or 0.0,
        moved_more_than_days=(
            30.0 if form.moved_more_than_days.data is None else form.moved_more_than_days.data
        ),
        cache=cache,
    )
    return render_template("forecasts/whatif.html", form=form, result=result)


def _suggest_cooling_failure(form: WhatIfForm, places, cache) -> None:
    """Prefill a week-long summer failure of a short-term room: cooling and drying both off."""
    room = next((p for p in places if p.kind == "room" and p.climate_class == "short_term"), None)
    if room is not None:
        form.location_id.data = room.id
    form.start.data = (cache.until.astimezone(local_zone()) - timedelta(days=14)).date()
    form.days.data, form.delta_temperature_c.data = 7.0, 15.0
    form.delta_rh_pct.data, form.moved_more_than_days.data = 10.0, 7.0


@bp.route("/lots/<int:lot_id>")
@requires("read")
def lot(lot_id: int):
    """A lot's forecast: chart, tests against predictions, and why it predicts what it does."""
    found = db.get_or_404(InventoryLot, lot_id)
    return render_template("forecasts/lot.html", lot=found)
