"""Chart data for the lot and accession pages: predicted curves, tests, thresholds, crossings.

Why: uPlot draws series that share one x axis. The curves of several lots and the test points
are therefore sampled on one common time grid (the curves' points plus every test date), with
null where a series has no value, and sent as JSON to static/js/forecasts.js.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import numpy as np

from germbank.forecasts.services.lot_forecasts import LotForecast
from germbank.viability.equation import probit_to_percent
from germbank.viability.timebase import SECONDS_PER_DAY, to_days

CURVE_POINTS = 160
# How far past the crossing (or past today, for a lot that will not cross) the chart runs.
AFTER_CROSSING = timedelta(days=365)
NO_CROSSING_HORIZON = timedelta(days=10 * 365)
MAX_SPAN = timedelta(days=60 * 365)


def chart_end(forecasts: Sequence[LotForecast], today: datetime) -> datetime:
    """One year past the latest crossing, at least a year past today, within 60 years."""
    ends = []
    for f in forecasts:
        end = (f.crossing + AFTER_CROSSING) if f.crossing else today + NO_CROSSING_HORIZON
        ends.append(min(max(end, today + AFTER_CROSSING), f.forecast.start + MAX_SPAN))
    return max(ends)


def chart_data(forecasts: Sequence[LotForecast], today: datetime) -> dict:
    """JSON for forecasts.js: x in unix seconds, one curve and one test series per lot."""
    if not forecasts:
        return {"x": [], "lots": [], "today": today.timestamp()}
    start = min(f.forecast.start for f in forecasts)
    end = chart_end(forecasts, today)
    grid = np.linspace(to_days(start), to_days(end), CURVE_POINTS)
    test_days = [to_days(t.error.tested_on) for f in forecasts for t in f.tests]
    days = np.unique(np.concatenate([grid, np.asarray(test_days, dtype=float)]))
    lots = []
    for f in forecasts:
        probits = f.forecast.ki - f.forecast.loss_days(days)
        curve = [
            None if day < f.forecast.exposure.start_day else round(probit_to_percent(p), 2)
            for day, p in zip(days, probits, strict=True)
        ]
        tests = {round(to_days(t.error.tested_on), 6): t.error.measured_pct for t in f.tests}
        points = [tests.get(round(day, 6)) for day in days]
        lots.append(
            {
                "lot_id": f.lot_id,
                "lot_number": f.lot.lot_number,
                "curve": curve,
                "tests": points,
                "threshold": round(f.threshold_pct, 2),
                "crossing": f.crossing.timestamp() if f.crossing else None,
            }
        )
    return {
        "x": [round(day * SECONDS_PER_DAY) for day in days],
        "lots": lots,
        "today": today.timestamp(),
    }
