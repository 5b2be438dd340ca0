"""Who may do what: one table from permission to the roles that hold it.

Every route declares one policy (see :mod:`germbank.auth.access`); this table is the single
place to read or change what a role may do.
"""

from __future__ import annotations

ALL_ROLES = frozenset({"admin", "agronomist", "technician", "project_manager", "viewer"})

PERMISSIONS: dict[str, frozenset[str]] = {
    # Reading anything inside GermBank: every signed-in person.
    "read": ALL_ROLES,
    # Passport data, lots, tests, imports.
    "accessions.write": frozenset({"admin", "agronomist"}),
    # Devices, thresholds, alarms.
    "monitoring.write": frozenset({"admin", "technician"}),
    # The construction project.
    "project.write": frozenset({"admin", "project_manager"}),
    # People and roles.
    "users.admin": frozenset({"admin"}),
}


def roles_for(permission: str) -> frozenset[str]:
    """Roles holding ``permission``; an unknown name is a programming error."""
    try:
        return PERMISSIONS[permission]
    except KeyError:
        raise KeyError(f"unknown permission {permission!r}") from None


def has_permission(role: str | None, permission: str) -> bool:
    """True when a person of ``role`` holds ``permission``."""
    return role is not None and role in roles_for(permission)
