"""Forms of the accession pages: passport, lots, tests, observations and regeneration events.

Forms collect and shape what a person typed; the accession services decide what is valid.
"""

from germbank.accessions.forms.lots import LotForm, MoveLotForm
from germbank.accessions.forms.passport import AccessionForm
from germbank.accessions.forms.records import (
    GerminationTestForm,
    ObservationForm,
    RegenerationEventForm,
)

__all__ = [
    "AccessionForm", "GerminationTestForm", "LotForm", "MoveLotForm", "ObservationForm",
    "RegenerationEventForm",
]
