"""A watch on every commit made while serving a request: records changed means audit written.

GermBank promises an audit entry for every change a person makes. Tests of single features
check the entries they expect; this guard checks the promise everywhere at once. It listens on
the engine (so ORM flushes, Core bulk inserts and raw SQL are all seen), notes which tables
each transaction wrote, and at commit time, when the commit happens inside a request, asks:
did a transaction that wrote a curated record also write an ``audit_entries`` row (or, for
alarms, an alarm event, which is the alarm's own history)? Any that did not is kept as a
finding, and the ``app`` fixture fails the test that made it.

Work done outside a request (test fixtures, the demo loader, the subscriber) is not judged
here: those are not a person's changes through the app.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import has_request_context, request

_WRITE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)

# Tables whose rows are records people curate: a change to one must leave an audit trail.
AUDITED = frozenset({
    "api_tokens", "crops", "taxa", "institutes", "accessions", "users", "forecast_crop_settings",
    "inventory_lots", "lot_movements", "germination_tests", "regeneration_events",
    "observations", "storage_locations", "monitoring_thresholds", "monitoring_alarms",
    "projects", "project_tasks", "project_task_links", "project_progress_updates",
    "project_budget_lines", "project_payments", "project_deliverables", "project_instruments",
    "project_risks", "sensor_devices", "sensor_placements",
})
# Rows that are themselves a history of the change (the alarm's event log).
HISTORY = frozenset({"audit_entries", "monitoring_alarm_events"})
# Updates that are bookkeeping, not a curated change: the saved language, a token's last use.
_QUIET_UPDATES = (
    re.compile(r"^\s*UPDATE\s+\"?users\"?\s+SET\s+locale\s*=[^,]*\s+WHERE", re.I),
    re.compile(r"^\s*UPDATE\s+\"?api_tokens\"?\s+SET\s+last_used_at\b", re.I),
)


@dataclass
class AuditGuard:
    """Tables written per open transaction, and the commits that broke the promise."""

    findings: list[str] = field(default_factory=list)
    _written: dict[int, set[str]] = field(default_factory=dict)

    def install(self, engine: sa.Engine) -> None:
        """Listen on ``engine`` until :meth:`remove`."""
        sa.event.listen(engine, "before_cursor_execute", self._on_execute)
        sa.event.listen(engine, "commit", self._on_commit)
        sa.event.listen(engine, "rollback", self._on_rollback)

    def remove(self, engine: sa.Engine) -> None:
        """Stop listening on ``engine``."""
        sa.event.remove(engine, "before_cursor_execute", self._on_execute)
        sa.event.remove(engine, "commit", self._on_commit)
        sa.event.remove(engine, "rollback", self._on_rollback)

    def _on_execute(self, connection, _cursor, statement, _parameters, _context, _many) -> None:
        match = _WRITE.match(statement)
        if match is None or any(quiet.match(statement) for quiet in _QUIET_UPDATES):
            return
        self._written.setdefault(id(connection), set()).add(match.group(1).lower())

    def _on_commit(self, connection) -> None:
        written = self._written.pop(id(connection), set())
        curated = written & AUDITED
        if curated and not written & HISTORY and has_request_context():
            self.findings.append(
                f"{request.method} {request.path} changed {', '.join(sorted(curated))} "
                "without an audit entry")

    def _on_rollback(self, connection) -> None:
        self._written.pop(id(connection), None)
