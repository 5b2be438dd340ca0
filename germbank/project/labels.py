"""Words for stored codes (kinds, statuses, flags) in the reader's language.

Codes stay English and stable in the database and the API; people see these labels.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from germbank.project.schedule import Flag

TASK_KINDS = {"work_package": _l("Work package"), "milestone": _l("Milestone")}
RISK_KINDS = {"risk": _l("Risk"), "issue": _l("Issue")}
RISK_IMPACTS = {"low": _l("Low"), "medium": _l("Medium"), "high": _l("High"),
                "critical": _l("Severe")}
RISK_STATUSES = {"open": _l("Open"), "mitigating": _l("Being handled"), "closed": _l("Closed")}
ACCEPTANCE = {"pending": _l("Not yet inspected"), "passed": _l("Passed"), "failed": _l("Failed")}
STAGES = {"ordered": _l("Ordered"), "delivered": _l("Delivered"), "installed": _l("Installed"),
          "accepted": _l("Accepted"), "failed": _l("Failed acceptance")}
MEASURES = {"manual": _l("Entered by hand"),
            "instruments_installed": _l("Counted from installed instruments")}
FLAGS = {
    Flag.OVERDUE: _l("Overdue"),
    Flag.LATE_START: _l("Late start"),
    Flag.BEHIND_PROGRESS: _l("Behind plan"),
    Flag.FORECAST_LATE: _l("Forecast late"),
    Flag.FLOAT_EXHAUSTED: _l("No float left"),
}


def label(table: dict, code: object) -> str:
    """The label of ``code`` in ``table``, or the code itself when unknown."""
    return str(table.get(code, code))


def budget_warning(warning) -> str:
    """A budget warning (``germbank.project.budget.BudgetWarning``) in the reader's language."""
    from flask_babel import gettext as _

    from germbank.project.budget import WarningCode, format_yuan

    texts = {
        WarningCode.OVER_TOTAL: _("The budget lines exceed the approved total by %(excess)s "
                                  "yuan."),
        WarningCode.COMMITTED_OVER_PLANNED: _("%(line)s: contracts exceed the planned amount "
                                              "by %(excess)s yuan."),
        WarningCode.PAID_OVER_PLANNED: _("%(line)s: payments exceed the planned amount by "
                                         "%(excess)s yuan."),
        WarningCode.PAID_OVER_COMMITTED: _("%(line)s: payments exceed the contracts by "
                                           "%(excess)s yuan."),
    }
    return texts[warning.code] % {"line": warning.line_name or "",
                                  "excess": format_yuan(warning.excess)}
