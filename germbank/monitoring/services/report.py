"""The daily climate report of a location: one row per local day and metric, with pandas.

Raw readings are used when the range is a month or less and raw rows exist (time out of
range is then measured reading by reading); otherwise hourly rollups (an hour counts out of
range when its mean was). The report says which it used.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from flask import current_app

from germbank.models import StorageLocation
from germbank.monitoring.daily import COLUMNS, daily_from_hourly, daily_from_readings
from germbank.monitoring.metrics import sort_metrics, unit_of
from germbank.monitoring.services.export import local_range
from germbank.monitoring.services.lot_climate import CLIMATE_METRICS, limits_at
from germbank.monitoring.services.source import climate_source

RAW_REPORT_LIMIT = timedelta(days=31)

if TYPE_CHECKING:  # pandas loads on first use, not with the app (0.3 s of every start)
    import pandas as pd


@dataclass(slots=True)
class DailyReport:
    """The report's table and how it was made."""

    location: StorageLocation
    first: date
    last: date
    table: pd.DataFrame  # COLUMNS plus metric, unit, minimum_limit, maximum_limit, basis


def daily_report(location: StorageLocation, first: date, last: date) -> DailyReport:
    """Per local day and metric: min, max, mean, readings, hours covered and out of range."""
    import pandas as pd
    tz = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    gap_minutes = int(current_app.config.get("MONITORING_REPORT_MAX_GAP_MINUTES", 15))
    max_gap = timedelta(minutes=gap_minutes)
    start, end = local_range(first, last, tz)
    source = climate_source()
    metrics = sort_metrics(
        m for m in source.metrics({location.id}).get(location.id, []) if m in CLIMATE_METRICS
    )
    limits = limits_at({location.id})
    frames = []
    for metric in metrics:
        low, high = limits.get((location.id, metric), (None, None))
        raw = source.raw(location.id, metric, start, end) if end - start <= RAW_REPORT_LIMIT else []
        if raw:
            frame = daily_from_readings(
                pd.DataFrame(raw, columns=["ts", "value"]), low, high, tz, max_gap
            )
            basis = "readings"
        else:
            hours = source.hourly(location.id, metric, start, end)
            frame = daily_from_hourly(
                pd.DataFrame(
                    [(b.start, b.minimum, b.maximum, b.mean, b.count) for b in hours],
                    columns=["start", "minimum", "maximum", "mean", "count"],
                ),
                low, high, tz,
            )
            basis = "hourly"
        if frame.empty:
            continue
        frame.insert(1, "metric", metric)
        frame["unit"] = unit_of(metric)
        frame["minimum_limit"] = low
        frame["maximum_limit"] = high
        frame["basis"] = basis
        frames.append(frame)
    table = (
        pd.concat(frames, ignore_index=True).sort_values(["date", "metric"], kind="stable")
        if frames
        else pd.DataFrame(columns=[*COLUMNS, "metric", "unit", "minimum_limit", "maximum_limit",
                                   "basis"])
    )
    return DailyReport(location, first, last, table.reset_index(drop=True))


def daily_report_xlsx(location: StorageLocation, first: date, last: date) -> bytes:
    """The report as a spreadsheet with a title row naming the location and period."""
    import pandas as pd
    report = daily_report(location, first, last)
    output = io.BytesIO()
    with pd.ExcelWriter(output, engine="openpyxl") as writer:
        report.table.to_excel(writer, index=False, sheet_name="daily", startrow=2)
        sheet = writer.sheets["daily"]
        sheet["A1"] = f"{location.code} {location.name}: {first.isoformat()} – {last.isoformat()}"
    return output.getvalue()
