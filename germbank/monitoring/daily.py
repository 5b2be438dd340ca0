"""The daily climate table: per local day, minimum, maximum, mean and time out of range.

Built with pandas from raw readings (each reading stands for the time until the next one,
capped so a silent device does not count as hours of the last value) or, where raw rows have
been pruned, from hourly rollups (an hour counts out of range when its mean was). Days are
the bank's local days (Asia/Shanghai), which is what a technician signs off.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas loads on first use, not with the app (0.3 s of every start)
    import pandas as pd


COLUMNS = [
    "date",
    "minimum",
    "maximum",
    "mean",
    "readings",
    "hours_covered",
    "hours_out_of_range",
    "share_out_of_range",
]


def _out_of_range(values: pd.Series, minimum: float | None, maximum: float | None) -> pd.Series:
    import pandas as pd
    out = pd.Series(False, index=values.index)
    if maximum is not None:
        out |= values > maximum
    if minimum is not None:
        out |= values < minimum
    return out


def daily_from_readings(
    readings: pd.DataFrame,
    minimum: float | None,
    maximum: float | None,
    tz: str,
    max_gap: timedelta,
) -> pd.DataFrame:
    """Daily table from raw readings (columns ``ts`` aware UTC, ``value``)."""
    import pandas as pd
    if readings.empty:
        return pd.DataFrame(columns=COLUMNS)
    frame = readings.sort_values("ts").reset_index(drop=True)
    gaps = frame["ts"].shift(-1) - frame["ts"]
    typical = gaps.median() if gaps.notna().any() else pd.Timedelta(0)
    gaps = gaps.fillna(typical).clip(upper=pd.Timedelta(max_gap))
    frame["hours"] = gaps.dt.total_seconds() / 3600.0
    frame["out_hours"] = frame["hours"].where(
        _out_of_range(frame["value"], minimum, maximum), 0.0
    )
    frame["date"] = frame["ts"].dt.tz_convert(tz).dt.date
    table = frame.groupby("date").agg(
        minimum=("value", "min"),
        maximum=("value", "max"),
        mean=("value", "mean"),
        readings=("value", "size"),
        hours_covered=("hours", "sum"),
        hours_out_of_range=("out_hours", "sum"),
    )
    return _finish(table)


def daily_from_hourly(
    hourly: pd.DataFrame, minimum: float | None, maximum: float | None, tz: str
) -> pd.DataFrame:
    """Daily table from hourly rollups (columns ``start``, ``minimum``, ``maximum``,
    ``mean``, ``count``)."""
    import pandas as pd
    if hourly.empty:
        return pd.DataFrame(columns=COLUMNS)
    frame = hourly.copy()
    frame["date"] = frame["start"].dt.tz_convert(tz).dt.date
    frame["weighted"] = frame["mean"] * frame["count"]
    frame["out_hours"] = _out_of_range(frame["mean"], minimum, maximum).astype(float)
    table = frame.groupby("date").agg(
        minimum=("minimum", "min"),
        maximum=("maximum", "max"),
        weighted=("weighted", "sum"),
        readings=("count", "sum"),
        hours_covered=("count", "size"),
        hours_out_of_range=("out_hours", "sum"),
    )
    table["mean"] = table["weighted"] / table["readings"]
    return _finish(table.drop(columns="weighted"))


def _finish(table: pd.DataFrame) -> pd.DataFrame:
    table["share_out_of_range"] = (table["hours_out_of_range"] / table["hours_covered"]).where(
        table["hours_covered"] > 0
    )
    table = table.reset_index()
    table["readings"] = table["readings"].astype(int)
    for column in ("minimum", "maximum", "mean", "hours_covered", "hours_out_of_range"):
        table[column] = table[column].astype(float).round(3)
    table["share_out_of_range"] = table["share_out_of_range"].astype(float).round(4)
    return table[COLUMNS]
