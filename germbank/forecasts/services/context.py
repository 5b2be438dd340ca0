"""One climate cache per request, shared by every forecast a page or its includes compute.

Why: the accession page includes one forecast partial per lot; each would otherwise read the
same rooms' hourly rollups again. The cache hangs on the request object itself, not on
``flask.g``: an app context (and its ``g``) can outlive one request, as in tests and scripts.
"""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request

from germbank.forecasts.services.climate import ClimateCache
from germbank.orm import utcnow


def request_state(name: str, default: Any = None) -> Any:
    """A value stored on the current request (None outside requests)."""
    if not has_request_context():
        return default
    return getattr(request._get_current_object(), f"_germbank_forecasts_{name}", default)


def set_request_state(name: str, value: Any) -> None:
    """Keep a value on the current request."""
    setattr(request._get_current_object(), f"_germbank_forecasts_{name}", value)


def request_cache() -> ClimateCache:
    """The request's climate cache (a fresh one outside requests)."""
    if not has_request_context():
        return ClimateCache(until=utcnow())
    cache = request_state("climate_cache")
    if cache is None:
        cache = ClimateCache(until=utcnow())
        set_request_state("climate_cache", cache)
    return cache
