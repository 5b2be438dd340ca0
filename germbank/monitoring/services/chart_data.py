"""The JSON the climate charts draw: a location over a range, or a lot over its stays.

Both answer the same shape, so one script draws both (see ``static/js/monitoring-chart.js``):
``{start, end, resolution, metrics: [{metric, label, unit, decimals, t, min, max, mean,
bands}]}``, times in epoch seconds, ``bands`` the threshold ranges with the periods they
apply to.
"""

from __future__ import annotations

from datetime import datetime

from germbank.models import StorageLocation
from germbank.monitoring.metrics import METRIC_DECIMALS, metric_label, sort_metrics, unit_of
from germbank.monitoring.series import MAX_POINTS, RAW_LIMIT, Series, location_series
from germbank.monitoring.services.lot_climate import CLIMATE_METRICS, limits_at, lot_stays
from germbank.monitoring.services.source import climate_source


def _metric_entry(metric: str, series: Series, bands: list[dict]) -> dict:
    """One metric's columns; raw readings send ``min``/``max`` as null (they equal ``mean``),
    which keeps a day of 10-second readings a third of the size."""
    raw = series.resolution == "raw"
    return {
        "metric": metric,
        "label": metric_label(metric),
        "unit": unit_of(metric),
        "decimals": METRIC_DECIMALS.get(metric, 1),
        "t": series.t,
        "min": None if raw else series.minimum,
        "max": None if raw else series.maximum,
        "mean": series.mean,
        "bands": bands,
    }


def location_payload(
    location: StorageLocation, metrics: list[str] | None, start: datetime, end: datetime
) -> dict:
    """Chart data of one location: raw up to a day, buckets beyond, with its threshold bands."""
    source = climate_source()
    available = source.metrics({location.id}).get(location.id, [])
    chosen = sort_metrics(metrics if metrics else available)
    limits = limits_at({location.id})
    entries = []
    resolution = "raw" if end - start <= RAW_LIMIT else "bucket"
    for metric in chosen:
        series = location_series(source, location.id, metric, start, end)
        low, high = limits.get((location.id, metric), (None, None))
        bands = [] if low is None and high is None else [
            {"from": None, "to": None, "minimum": low, "maximum": high}
        ]
        entries.append(_metric_entry(metric, series, bands))
    return {
        "location": location.code,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "resolution": resolution,
        "available_metrics": sort_metrics(available),
        "metrics": entries,
    }


def lot_payload(lot, metrics: list[str] | None, start: datetime, end: datetime) -> dict:
    """Chart data of a lot: each stay's climate location over exactly that stay, with its bands.

    Stays are joined in time order with a gap (a null point) between them, and the ~2,000
    points are shared among stays by their length.
    """
    source = climate_source()
    stays = [
        s for s in lot_stays(lot, source.sensed_locations())
        if s.climate_location is not None and s.start < end and s.until(end) > start
    ]
    ids = {s.climate_location.id for s in stays}
    measured = source.metrics(ids)
    available = sort_metrics(
        m for found in measured.values() for m in found if m in CLIMATE_METRICS
    )
    chosen = sort_metrics(metrics if metrics else available)
    limits = limits_at(ids)
    span = (end - start).total_seconds() or 1.0
    entries = []
    for metric in chosen:
        joined = Series("raw" if end - start <= RAW_LIMIT else "bucket", 0)
        bands = []
        for stay in stays:
            lo, hi = max(stay.start, start), min(stay.until(end), end)
            place = stay.climate_location
            share = max(50, int(MAX_POINTS * (hi - lo).total_seconds() / span))
            part = location_series(source, place.id, metric, lo, hi, share)
            if joined.t and part.t:
                joined.t.append((joined.t[-1] + part.t[0]) / 2)
                for column in (joined.minimum, joined.maximum, joined.mean):
                    column.append(None)
            joined.t.extend(part.t)
            joined.minimum.extend(part.minimum)
            joined.maximum.extend(part.maximum)
            joined.mean.extend(part.mean)
            low, high = limits.get((place.id, metric), (None, None))
            if low is not None or high is not None:
                bands.append({"from": lo.timestamp(), "to": hi.timestamp(),
                              "minimum": low, "maximum": high})
        entries.append(_metric_entry(metric, joined, bands))
    return {
        "lot": lot.lot_number,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "resolution": "raw" if end - start <= RAW_LIMIT else "bucket",
        "available_metrics": available,
        "stays": [
            {
                "location": s.location.code,
                "climate_location": s.climate_location.code,
                "from": s.start.isoformat(),
                "to": s.end.isoformat() if s.end else None,
            }
            for s in stays
        ],
        "metrics": entries,
    }
