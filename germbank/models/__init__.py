"""All models, imported here so Alembic and the app see one complete metadata.

Each domain keeps its models in its own module; add a new module's import below.
"""

from germbank.models.audit import AuditEntry
from germbank.models.auth import ROLES, ApiToken, LoginFailure, User
from germbank.models.locations import StorageLocation
from germbank.orm import Base, utcnow

__all__ = [
    "ROLES",
    "ApiToken",
    "AuditEntry",
    "Base",
    "LoginFailure",
    "StorageLocation",
    "User",
    "utcnow",
]

# Domain modules register their tables on import.
from germbank.models import domains as _domains  # noqa: E402,F401
