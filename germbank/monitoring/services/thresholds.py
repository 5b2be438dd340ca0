"""Thresholds per location and metric: defaults from the climate class, edits by technicians.

Every change is audited, because a widened range is exactly what someone investigating a lost
seed lot will want to see with a name and a time on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from germbank import audit
from germbank.extensions import db
from germbank.models import StorageLocation
from germbank.models.monitoring import Threshold
from germbank.monitoring.defaults import THRESHOLD_METRICS, defaults_for
from germbank.monitoring.state_machine import SEVERITIES, Limits

AUDIT_ENTITY = "threshold"


class ThresholdError(ValueError):
    """A threshold edit that cannot be saved; ``field`` names the offending input."""

    def __init__(self, field: str, message) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class ThresholdInput:
    """What a person submits for one metric of one location."""

    minimum: float | None
    maximum: float | None
    grace_minutes: int = 15
    severity: str = "warning"
    enabled: bool = True


def validate(metric: str, values: ThresholdInput) -> None:
    """Refuse a threshold that could never work, with the field at fault."""
    if metric not in THRESHOLD_METRICS:
        raise ThresholdError("metric", _l("Unknown metric %(metric)s.", metric=metric))
    if values.minimum is None and values.maximum is None:
        raise ThresholdError("minimum", _l("Give a minimum, a maximum or both."))
    if (
        values.minimum is not None
        and values.maximum is not None
        and values.minimum >= values.maximum
    ):
        raise ThresholdError("maximum", _l("The maximum must be greater than the minimum."))
    if not 0 <= values.grace_minutes <= 1440:
        raise ThresholdError(
            "grace_minutes", _l("The grace period must be 0 to 1440 minutes.")
        )
    if values.severity not in SEVERITIES:
        raise ThresholdError(
            "severity", _l("Unknown severity %(severity)s.", severity=values.severity)
        )


def limits_of(threshold: Threshold) -> Limits:
    """The pure rules' view of a stored threshold."""
    return Limits(
        minimum=threshold.minimum,
        maximum=threshold.maximum,
        grace=timedelta(minutes=threshold.grace_minutes),
        severity=threshold.severity,
    )


def thresholds_for(location: StorageLocation) -> list[Threshold]:
    """The location's thresholds, in the order of :data:`THRESHOLD_METRICS`."""
    found = db.session.scalars(
        sa.select(Threshold).where(Threshold.location_id == location.id)
    ).all()
    order = {metric: i for i, metric in enumerate(THRESHOLD_METRICS)}
    return sorted(found, key=lambda t: order.get(t.metric, len(order)))


def enabled_thresholds(location_ids: set[int]) -> dict[tuple[int, str], Threshold]:
    """Active thresholds of many locations at once, keyed by (location id, metric)."""
    if not location_ids:
        return {}
    rows = db.session.scalars(
        sa.select(Threshold).where(
            Threshold.location_id.in_(location_ids), Threshold.enabled.is_(True)
        )
    )
    return {(t.location_id, t.metric): t for t in rows}


def apply_defaults(location: StorageLocation) -> list[Threshold]:
    """Create the climate class's default thresholds the location does not have yet."""
    existing = {t.metric for t in thresholds_for(location)}
    created = []
    for default in defaults_for(location.climate_class):
        if default.metric in existing:
            continue
        threshold = Threshold(
            location_id=location.id,
            metric=default.metric,
            minimum=default.minimum,
            maximum=default.maximum,
            grace_minutes=default.grace_minutes,
            severity=default.severity,
            enabled=True,
        )
        db.session.add(threshold)
        db.session.flush()
        audit.record(
            AUDIT_ENTITY,
            threshold.id,
            "create",
            audit.snapshot(threshold),
            f"{location.code} {default.metric} (default for {location.climate_class})",
        )
        created.append(threshold)
    return created


def apply_defaults_everywhere() -> int:
    """Pre-fill the locations whose climate is controlled; return how many thresholds were made.

    That is every active location with a climate class, except a container (a store, a
    greenhouse) whose rooms or bays have their own class: their climate is the rooms', unless
    a device hangs in the container itself.
    """
    from germbank.monitoring.services.source import climate_source

    sensed = climate_source().sensed_locations()
    locations = list(
        db.session.scalars(
            sa.select(StorageLocation).where(
                StorageLocation.climate_class.is_not(None), StorageLocation.is_active.is_(True)
            )
        )
    )
    created = 0
    for location in locations:
        classed_children = any(child.climate_class for child in location.children)
        if classed_children and location.id not in sensed:
            continue
        created += len(apply_defaults(location))
    return created


def save(location: StorageLocation, metric: str, values: ThresholdInput) -> Threshold:
    """Create or change the threshold of ``metric`` at ``location``, audited.

    A threshold that is disabled or whose range changed is re-evaluated at the next reading;
    an alarm active under a disabled threshold is cleared at once (see
    :func:`germbank.monitoring.services.alarms.clear_for_removed_threshold`).
    """
    from germbank.monitoring.services.alarms import clear_for_removed_threshold

    validate(metric, values)
    threshold = db.session.scalar(
        sa.select(Threshold).where(
            Threshold.location_id == location.id, Threshold.metric == metric
        )
    )
    summary = f"{location.code} {metric}"
    if threshold is None:
        threshold = Threshold(location_id=location.id, metric=metric)
        _assign(threshold, values)
        db.session.add(threshold)
        db.session.flush()
        audit.record(AUDIT_ENTITY, threshold.id, "create", audit.snapshot(threshold), summary)
    else:
        before = audit.snapshot(threshold, _AUDITED)
        _assign(threshold, values)
        db.session.flush()
        audit.record_update(AUDIT_ENTITY, threshold, before, summary)
    if not threshold.enabled:
        clear_for_removed_threshold(location.id, metric)
    return threshold


def delete(threshold: Threshold) -> None:
    """Remove a threshold (audited); its active alarm clears because nothing watches it now."""
    from germbank.monitoring.services.alarms import clear_for_removed_threshold

    location = threshold.location
    audit.record(
        AUDIT_ENTITY,
        threshold.id,
        "delete",
        audit.snapshot(threshold),
        f"{location.code} {threshold.metric}",
    )
    clear_for_removed_threshold(threshold.location_id, threshold.metric)
    db.session.delete(threshold)
    db.session.flush()


_AUDITED = ["minimum", "maximum", "grace_minutes", "severity", "enabled"]


def _assign(threshold: Threshold, values: ThresholdInput) -> None:
    threshold.minimum = values.minimum
    threshold.maximum = values.maximum
    threshold.grace_minutes = values.grace_minutes
    threshold.severity = values.severity
    threshold.enabled = values.enabled


def audit_trail(location: StorageLocation, limit: int = 100):
    """Audit entries of the location's thresholds, newest first, for its settings page."""
    from germbank.models import AuditEntry

    ids = [str(t.id) for t in thresholds_for(location)]
    prefix = f"{location.code} "
    return list(
        db.session.scalars(
            sa.select(AuditEntry)
            .where(
                AuditEntry.entity == AUDIT_ENTITY,
                sa.or_(AuditEntry.entity_id.in_(ids), AuditEntry.summary.startswith(prefix)),
            )
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .limit(limit)
        )
    )
