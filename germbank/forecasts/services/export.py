"""The regeneration plan as an XLSX workbook (pandas + openpyxl), for planning meetings.

Why: agronomists plan regeneration fields and test schedules in spreadsheets. Dates are real
dates in the bank's time zone and numbers are numbers, so the sheet sorts and filters.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from germbank.forecasts.services.planner import Plan

if TYPE_CHECKING:  # pandas loads on first use, not with the app (0.3 s of every start)
    pass


def plan_columns() -> list[str]:
    """Column headings, in the reader's language."""
    return [
        _("Lot"),
        _("Accession"),
        _("Crop"),
        _("Location"),
        _("Initial germination (%)"),
        _("Predicted now (%)"),
        _("Regeneration threshold (%)"),
        _("Last test (%)"),
        _("Last test minus prediction (points)"),
        _("Predicted crossing"),
        _("Months to crossing"),
        _("Next test"),
        _("Next test set by"),
        _("Seeds in stock"),
        _("Viable seeds now (predicted)"),
        _("Seed needed (crop minimum, viable)"),
        _("Measured share of history (%)"),
        _("Constants are a substitute"),
    ]


def plan_to_xlsx(plan: Plan, zone: ZoneInfo) -> bytes:
    """The plan's rows as one sheet, in plan order."""
    import pandas as pd
    driven = {"prediction": _("prediction"), "standard_interval": _("standard interval")}
    records = [
        [
            row.lot_number,
            row.accession_number,
            row.crop_code,
            row.location_code,
            round(row.initial_pct, 2),
            round(row.predicted_now_pct, 2),
            round(row.threshold_pct, 2),
            row.last_test_pct,
            _rounded(row.last_test_error_pct_points),
            _local_date(row.crossing, zone),
            None if row.months_to_crossing is None else round(row.months_to_crossing, 1),
            _local_date(row.next_test_on, zone),
            driven.get(row.next_test_driven_by, row.next_test_driven_by),
            row.seed_count,
            row.viable_seeds_now,
            row.min_viable_seeds,
            round(100.0 * row.measured_fraction, 1),
            _("yes") if row.substitute_constants else _("no"),
        ]
        for row in plan.rows
    ]
    frame = pd.DataFrame(records, columns=plan_columns())
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name=_("Regeneration plan")[:31])
        sheet = writer.sheets[_("Regeneration plan")[:31]]
        for column in sheet.columns:
            width = max(len(str(cell.value or "")) for cell in column)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 40)
        sheet.freeze_panes = "A2"
    return buffer.getvalue()


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _local_date(moment: datetime | None, zone: ZoneInfo):
    return None if moment is None else moment.astimezone(zone).date()
