"""Imports every domain's model module so their tables join the shared metadata."""

import importlib
import importlib.util

DOMAIN_MODULES = (
    "germbank.models.accessions",
    "germbank.models.inventory",
    "germbank.models.sensors",
    "germbank.models.monitoring",
    "germbank.models.project",
    "germbank.models.forecasts",
)

for _name in DOMAIN_MODULES:
    if importlib.util.find_spec(_name) is not None:
        importlib.import_module(_name)
