"""One climate cache per request, shared by every forecast a page or its includes compute.

Why: the accession page includes one forecast partial per lot; each would otherwise read the
same rooms' hourly rollups again.
"""

from __future__ import annotations

from flask import g, has_request_context

from germbank.forecasts.services.climate import ClimateCache
from germbank.orm import utcnow


def request_cache() -> ClimateCache:
    """The request's climate cache (a fresh one outside requests)."""
    if not has_request_context():
        return ClimateCache(until=utcnow())
    cache = g.get("forecast_climate_cache")
    if cache is None:
        cache = g.forecast_climate_cache = ClimateCache(until=utcnow())
    return cache
