"""The accessions feature's domain logic, shared by the pages, the API, the CLI and imports.

One small module per job; the caller owns the transaction (services add and flush, the view
or command commits). Refusals raise ``ValidationFailed`` (field -> messages; pages show them
next to the fields, the API answers 422) or ``Conflict`` (409: duplicate key, record in use,
stale version).
"""

from germbank.accessions.services.accessions import (
    create_accession,
    delete_accession,
    find_accession,
    update_accession,
)
from germbank.accessions.services.errors import Conflict, ServiceError, ValidationFailed
from germbank.accessions.services.germination import (
    delete_germination_test,
    record_germination_test,
)
from germbank.accessions.services.lots import (
    create_lot,
    delete_lot,
    location_history,
    move_lot,
    update_lot,
)
from germbank.accessions.services.regeneration import (
    DueAccession,
    DueReason,
    reasons_for,
    regeneration_due,
)
from germbank.accessions.services.search import AccessionFilter, filtered_query

__all__ = [
    "AccessionFilter", "Conflict", "DueAccession", "DueReason", "ServiceError",
    "ValidationFailed", "create_accession", "create_lot", "delete_accession",
    "delete_germination_test", "delete_lot", "filtered_query", "find_accession",
    "location_history", "move_lot", "reasons_for", "record_germination_test",
    "regeneration_due", "update_accession", "update_lot",
]
