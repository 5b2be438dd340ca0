"""The standard monitoring interval of a lot: the latest a forecast may put its next test.

Why: the forecast may only bring a germination test forward; the standard interval (FAO
Genebank Standards, as set out in genebank-standards.md) remains the bank's guarantee. It is
taken from the crop when set, else from the lot's MCPD storage type, else from the climate
class of the store it is in; 1 year (the short-term store) when nothing says otherwise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from germbank.forecasts.services.climate import ClimateCache
    from germbank.models.accessions import Crop
    from germbank.models.inventory import InventoryLot

YEARS_BY_STORAGE_TYPE = {11: 1, 12: 5, 13: 10}
YEARS_BY_CLIMATE_CLASS = {"short_term": 1, "medium_term": 5, "base": 10, "drying": 1}
DEFAULT_YEARS = 1


def standard_interval_years(lot: InventoryLot, crop: Crop, cache: ClimateCache) -> int:
    """Years between germination tests when nothing brings the test forward."""
    if crop.monitoring_interval_years:
        return int(crop.monitoring_interval_years)
    if lot.storage_type in YEARS_BY_STORAGE_TYPE:
        return YEARS_BY_STORAGE_TYPE[lot.storage_type]
    if lot.location_id is not None:
        for place in cache.ancestry(lot.location_id):
            if place.climate_class in YEARS_BY_CLIMATE_CLASS:
                return YEARS_BY_CLIMATE_CLASS[place.climate_class]
    return DEFAULT_YEARS
