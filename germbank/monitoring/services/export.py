"""Readings of a location for any range, as CSV (streamed) or XLSX, raw or hourly.

Local dates name the range (what people ask for: "the readings of 1 to 7 July"); times are
written in UTC and in the bank's local time so a spreadsheet sorts and reads correctly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:  # pandas loads on first use, not with the app (0.3 s of every start)
    pass


from germbank.models import StorageLocation
from germbank.monitoring.metrics import sort_metrics, unit_of
from germbank.monitoring.services.source import climate_source

XLSX_MAX_ROWS = 1_000_000
RAW_HEADER = ["time_utc", "time_local", "location", "metric", "value", "unit"]
HOURLY_HEADER = [
    "hour_utc", "hour_local", "location", "metric",
    "minimum", "maximum", "mean", "readings", "unit",
]


class ExportTooLarge(ValueError):
    """The spreadsheet would exceed what XLSX can hold; CSV or hourly is the way."""


def local_range(first: date, last: date, tz: str) -> tuple[datetime, datetime]:
    """UTC instants of [first 00:00, day after last 00:00) in the bank's time zone."""
    zone = ZoneInfo(tz)
    start = datetime.combine(first, time(0), zone)
    end = datetime.combine(last + timedelta(days=1), time(0), zone)
    return start.astimezone(ZoneInfo("UTC")), end.astimezone(ZoneInfo("UTC"))


def _days(start: datetime, end: datetime) -> Iterator[tuple[datetime, datetime]]:
    """One-day slices, so a long export never holds every reading in memory at once."""
    cursor = start
    while cursor < end:
        following = min(cursor + timedelta(days=1), end)
        yield cursor, following
        cursor = following


def rows(
    location: StorageLocation, metrics: list[str] | None, start: datetime, end: datetime,
    resolution: str, tz: str,
) -> Iterator[list]:
    """Export rows in time order per metric, without the header."""
    source = climate_source()
    zone = ZoneInfo(tz)
    chosen = sort_metrics(metrics or source.metrics({location.id}).get(location.id, []))
    for metric in chosen:
        unit = unit_of(metric)
        for lo, hi in _days(start, end):
            if resolution == "hourly":
                for bucket in source.hourly(location.id, metric, lo, hi):
                    yield [
                        bucket.start.isoformat(),
                        bucket.start.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                        location.code, metric, bucket.minimum, bucket.maximum,
                        round(bucket.mean, 4), bucket.count, unit,
                    ]
            else:
                for ts, value in source.raw(location.id, metric, lo, hi):
                    yield [
                        ts.isoformat(),
                        ts.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S"),
                        location.code, metric, value, unit,
                    ]


def header(resolution: str) -> list[str]:
    """Column names of an export."""
    return HOURLY_HEADER if resolution == "hourly" else RAW_HEADER


def csv_chunks(rows_iter: Iterator[list], resolution: str) -> Iterator[str]:
    """CSV text in chunks of about a thousand rows, with a BOM so Excel reads UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(header(resolution))
    for count, row in enumerate(rows_iter, start=1):
        writer.writerow(row)
        if count % 1000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_bytes(rows_iter: Iterator[list], resolution: str) -> bytes:
    """One sheet of readings; refuses more rows than a spreadsheet can hold."""
    import pandas as pd
    collected = []
    for row in rows_iter:
        collected.append(row)
        if len(collected) > XLSX_MAX_ROWS:
            raise ExportTooLarge(
                "More than 1,000,000 readings: choose CSV, hourly values or a shorter range."
            )
    frame = pd.DataFrame(collected, columns=header(resolution))
    output = io.BytesIO()
    with pd.ExcelWriter(output, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name="readings")
    return output.getvalue()
