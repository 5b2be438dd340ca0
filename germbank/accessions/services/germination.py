"""Germination tests: checked counts, the computed result, and the lot's initial germination.

The result is normal seedlings divided by seeds sown (FAO Genebank Standards 4.3); it is
computed here and stored, never typed in, so a test cannot disagree with its own counts.
The first test of a lot without an initial germination sets it, because the regeneration
threshold is a fraction of the initial value.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from germbank import audit
from germbank.accessions.services.errors import ValidationFailed, add_error
from germbank.accessions.services.values import is_whole_number
from germbank.extensions import db
from germbank.models.inventory import GerminationTest, InventoryLot

AUDIT_ENTITY = "germination_test"
MAX_REPLICATES = 100
MAX_SEEDS_PER_REPLICATE = 10_000
_TEXTS = {"method": 128, "tested_by": 128, "notes": 10_000}


def germination_percent(normal: int, sown: int) -> Decimal:
    """Normal seedlings as a percentage of seeds sown, to two decimals (half up)."""
    return (Decimal(100) * normal / sown).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def record_germination_test(lot: InventoryLot, data: Mapping[str, Any]) -> GerminationTest:
    """Validate and store a test of a seed lot; returns it with ``result_pct`` computed.

    ``data``: ``tested_on`` (date), ``replicates``, ``seeds_per_replicate``,
    ``normal_counts`` (one count per replicate), ``abnormal_count``, ``dead_count``,
    ``dormant_count`` (totals over all replicates), ``method``, ``tested_by``, ``notes``.
    """
    errors: dict[str, list[str]] = {}
    if lot.kind != "seed":
        add_error(errors, "lot_id", _("Germination tests are for seed lots."))
    values = _validate(data, errors)
    if errors:
        raise ValidationFailed(errors)
    normal = sum(values["normal_counts"])
    sown = values["replicates"] * values["seeds_per_replicate"]
    test = GerminationTest(lot=lot, result_pct=germination_percent(normal, sown), **values)
    db.session.add(test)
    if lot.latest_tested_on is None or test.tested_on >= lot.latest_tested_on:
        lot.latest_tested_on, lot.latest_germination_pct = test.tested_on, test.result_pct
    if lot.initial_germination_pct is None:
        before = audit.snapshot(lot, ["initial_germination_pct"])
        lot.initial_germination_pct = test.result_pct
        db.session.flush()
        audit.record_update("lot", lot, before, _("Initial germination from the first test"))
    db.session.flush()
    audit.record(AUDIT_ENTITY, test.id, "create",
                 {**audit.snapshot(test, ["lot_id", *values]),
                  "result_pct": str(test.result_pct)}, lot.lot_number)
    return test


def delete_germination_test(test: GerminationTest) -> None:
    """Delete a test entered by mistake (audited); the lot's latest result is recomputed."""
    lot = test.lot
    audit.record(AUDIT_ENTITY, test.id, "delete", audit.snapshot(test), lot.lot_number)
    db.session.delete(test)
    db.session.flush()
    refresh_latest_test(lot)


def refresh_latest_test(lot: InventoryLot) -> None:
    """Copy the lot's most recent test (date, then entry order) onto the lot."""
    latest = db.session.execute(
        sa.select(GerminationTest.tested_on, GerminationTest.result_pct)
        .where(GerminationTest.lot_id == lot.id)
        .order_by(GerminationTest.tested_on.desc(), GerminationTest.id.desc()).limit(1)).first()
    lot.latest_tested_on, lot.latest_germination_pct = latest if latest else (None, None)
    db.session.flush()


def _validate(data: Mapping[str, Any], errors: dict) -> dict[str, Any]:
    known = {"tested_on", "replicates", "seeds_per_replicate", "normal_counts",
             "abnormal_count", "dead_count", "dormant_count", *_TEXTS}
    for name in data:
        if name not in known:
            add_error(errors, name, _("Unknown field."))
    values: dict[str, Any] = {
        "tested_on": _tested_on(data.get("tested_on"), errors),
        "replicates": _count(data, "replicates", errors, 1, MAX_REPLICATES, required=True),
        "seeds_per_replicate": _count(data, "seeds_per_replicate", errors, 1,
                                      MAX_SEEDS_PER_REPLICATE, required=True),
    }
    for name in ("abnormal_count", "dead_count", "dormant_count"):
        values[name] = _count(data, name, errors, 0, 10 ** 8, required=False) or 0
    for name, limit in _TEXTS.items():
        text = "" if data.get(name) is None else str(data[name]).strip()
        if len(text) > limit:
            add_error(errors, name, _("At most %(n)d characters.", n=limit))
        values[name] = text
    values["normal_counts"] = _normal_counts(data.get("normal_counts"), values, errors)
    _check_totals(values, errors)
    return values


def _tested_on(value: Any, errors: dict) -> date | None:
    if value is None or value == "":
        add_error(errors, "tested_on", _("Required."))
        return None
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value).strip())
        except ValueError:
            add_error(errors, "tested_on", _("Give a date as YYYY-MM-DD."))
            return None
    if value > date.today():
        add_error(errors, "tested_on", _("A test cannot be dated in the future."))
    return value


def _count(data, name: str, errors: dict, low: int, high: int, required: bool) -> int | None:
    value = data.get(name)
    if value is None or value == "":
        if required:
            add_error(errors, name, _("Required."))
        return None
    if isinstance(value, bool) or not _is_whole(value):
        add_error(errors, name, _("Give a whole number."))
        return None
    number = int(value)
    if not low <= number <= high:
        add_error(errors, name, _("Between %(low)d and %(high)d.", low=low, high=high))
        return None
    return number


def _is_whole(value: Any) -> bool:
    return is_whole_number(value)


def _normal_counts(value: Any, values: dict, errors: dict) -> list[int]:
    """One normal-seedling count per replicate, each between 0 and the seeds sown in it."""
    if isinstance(value, str):
        value = [part for part in value.replace(",", " ").replace(";", " ").split() if part]
    if not isinstance(value, list | tuple) or not value:
        add_error(errors, "normal_counts", _("Give the normal seedlings of each replicate."))
        return []
    counts: list[int] = []
    for item in value:
        if isinstance(item, bool) or not _is_whole(item):
            add_error(errors, "normal_counts", _("'%(value)s' is not a whole number.",
                                                 value=item))
            return []
        counts.append(int(item))
    replicates, per_replicate = values.get("replicates"), values.get("seeds_per_replicate")
    if replicates is not None and len(counts) != replicates:
        add_error(errors, "normal_counts", _(
            "%(given)d counts for %(replicates)d replicates: give one count per replicate.",
            given=len(counts), replicates=replicates))
    if per_replicate is not None:
        for index, count in enumerate(counts, start=1):
            if not 0 <= count <= per_replicate:
                add_error(errors, "normal_counts", _(
                    "Replicate %(n)d: %(count)d normal seedlings, but %(sown)d seeds were sown.",
                    n=index, count=count, sown=per_replicate))
    return counts


def _check_totals(values: dict, errors: dict) -> None:
    """Normal, abnormal, dead and dormant seeds together cannot exceed the seeds sown."""
    if errors or values["replicates"] is None or values["seeds_per_replicate"] is None:
        return
    sown = values["replicates"] * values["seeds_per_replicate"]
    counted = sum(values["normal_counts"]) + sum(
        values[name] for name in ("abnormal_count", "dead_count", "dormant_count"))
    if counted > sown:
        add_error(errors, "abnormal_count", _(
            "%(counted)d seeds counted (normal, abnormal, dead, dormant) but only %(sown)d "
            "were sown.", counted=counted, sown=sown))
