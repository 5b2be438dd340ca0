"""The accession pages (``/accessions``): list, accession and lot pages, forms, regeneration
list and label sheets. One module per page family; all register on the ``accessions``
blueprint, which ``germbank.accessions.init_app`` registers on the app."""

from __future__ import annotations

from germbank.accessions.routes import (  # noqa: F401  (each module adds its views to bp)
    common,
    detail,
    label_sheet,
    listing,
    lots,
    passport,
    records,
    regeneration,
)
from germbank.accessions.routes.blueprint import bp

__all__ = ["bp"]
