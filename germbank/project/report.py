"""The weekly progress report of a stored project, in the reader's language.

Both the printable page and the XLSX download come from :func:`weekly_report`, so the task
force reads the same figures on paper and in the spreadsheet.
"""

from __future__ import annotations

from flask_babel import gettext as _

from germbank.models.project import Project
from germbank.project import labels, loading
from germbank.project.rules import ProjectRuleError
from germbank.project.weekly import (
    Deliverable,
    ProjectInfo,
    RiskItem,
    WeeklyReport,
    build_weekly_report,
)


def weekly_report(project: Project) -> WeeklyReport:
    """The report for the week containing the project's status date."""
    locale = loading.current_locale()
    schedule = loading.project_schedule(project, locale)
    if schedule is None:
        raise ProjectRuleError(_("The project has no tasks yet, so there is nothing to report."))
    info = ProjectInfo(
        name=project.display_name(locale), site=project.site, lead_unit=project.lead_unit,
        total_budget=project.total_budget, illustrative=project.is_illustrative,
    )
    deliverables = [
        Deliverable(d.display_name(locale), d.unit, d.target, d.achieved, d.evidence)
        for d in project.deliverables
    ]
    risks = [
        RiskItem(
            title=r.title, kind=labels.label(labels.RISK_KINDS, r.kind), owner=r.owner,
            impact=labels.label(labels.RISK_IMPACTS, r.impact),
            status=labels.label(labels.RISK_STATUSES, r.status), is_open=r.is_open,
            due=r.due_on, mitigation=r.response,
        )
        for r in project.risks
    ]
    return build_weekly_report(
        info, schedule, loading.budget_summary(project, locale), loading.payments(project),
        deliverables, risks, loading.progress_notes(project), translate=_,
    )


def weekly_report_file(project: Project) -> tuple[bytes, str]:
    """The XLSX bytes and a file name such as ``YJ-GENEBANK-weekly-2024-09-09.xlsx``."""
    # openpyxl and pandas load on the first download, not with every app start.
    from germbank.project.report_xlsx import weekly_report_xlsx

    report = weekly_report(project)
    data = weekly_report_xlsx(report, summary_title=_("Summary"), item=_("Item"),
                              value=_("Value"))
    return data, f"{project.code}-weekly-{report.week_start.isoformat()}.xlsx"
