"""The project's Gantt chart and S-curve in the reader's language.

The SVG renderers take every word as a parameter; this module supplies them translated, and
labels the vertical line "Today" only when the figures really are as of today (the demo's
illustrative schedule is reported as of a 2024 status date).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from flask_babel import format_date
from flask_babel import gettext as _

from germbank.models.project import Project
from germbank.project import loading
from germbank.project.gantt import GanttLabels, render_gantt
from germbank.project.schedule import ScheduleResult
from germbank.project.scurve import SCurveLabels, compact_yuan, render_scurve

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def as_format(text: str) -> str:
    """A translated ``%(name)s`` message as a ``str.format`` template for the SVG renderers."""
    escaped = text.replace("{", "{{").replace("}", "}}")
    return _PLACEHOLDER.sub(r"{\1}", escaped).replace("%%", "%")


def gantt_labels(status: date) -> GanttLabels:
    """Every word of the Gantt chart, translated."""
    line = _("Today %(date)s") if status == date.today() else _("Status date %(date)s")
    return GanttLabels(
        title=_("Project schedule (Gantt chart)"),
        summary=as_format(_("%(count)s tasks from %(start)s to %(finish)s; "
                            "critical path: %(critical)s.")),
        today=as_format(line),
        baseline=_("Baseline"),
        actual=_("Actual"),
        forecast=_("Forecast"),
        progress=_("% complete"),
        critical=_("Critical path"),
        milestone=_("Milestone"),
        bar=as_format(_("%(name)s: %(start)s – %(finish)s, %(percent)s%% complete")),
        baseline_bar=as_format(_("baseline %(start)s – %(finish)s")),
        float_days=as_format(_("float %(days)s d")),
        overdue=_("overdue"),
        at_risk=_("at risk"),
        dependency=as_format(_("%(predecessor)s → %(successor)s, lag %(lag)s d")),
        month=lambda day: format_date(day, "MMM"),
    )


def gantt_svg(project: Project, schedule: ScheduleResult, scale: str = "month") -> str:
    """The project's Gantt chart as SVG markup."""
    return render_gantt(schedule, scale=scale, labels=gantt_labels(schedule.status_date),
                        id_prefix=f"gantt-{project.id}")


def scurve_labels() -> SCurveLabels:
    """Every word of the S-curve, translated; Chinese ticks in 万元 (ten thousand yuan)."""
    chinese = loading.current_locale().startswith("zh")
    return SCurveLabels(
        title=_("Planned vs actual cumulative spend"),
        axis=_("Cumulative spend (ten thousand yuan)") if chinese
        else _("Cumulative spend (yuan)"),
        planned=_("Planned"),
        actual=_("Actual (paid)"),
        total=as_format(_("Total budget %(amount)s")),
        point=as_format(_("%(period)s: planned %(planned)s, paid %(actual)s")),
        summary=as_format(_("Planned %(planned)s by %(last)s; paid %(actual)s by %(status)s.")),
        no_data=_("No budget lines with a period yet."),
        tick=(lambda value: f"{value / Decimal(10000):,.0f}") if chinese else compact_yuan,
    )


def scurve_svg(project: Project, period: str = "month") -> str:
    """The project's S-curve as SVG markup."""
    return render_scurve(loading.spend_points(project, period), total=project.total_budget,
                         labels=scurve_labels(), id_prefix=f"scurve-{project.id}")
