"""The suite-wide audit guard (tests/audit_guard.py) must itself catch a silent change."""

from __future__ import annotations

import sqlalchemy as sa

from germbank import audit
from germbank.extensions import db
from germbank.models import AuditEntry
from germbank.models.accessions import Crop
from tests.audit_guard import AuditGuard


def _add_crop(code: str) -> Crop:
    crop = Crop(code=code, name_en=code.title(), name_zh=code, propagation="seed",
                pollination="self")
    db.session.add(crop)
    db.session.flush()
    return crop


def test_a_request_that_changes_a_record_without_audit_is_a_finding(app):
    guard = app.extensions["test_audit_guard"]  # the one every test runs under
    try:
        with app.test_request_context("/crops", method="POST"):
            _add_crop("jute")
            db.session.commit()
        with app.test_request_context("/crops", method="POST"):
            crop = _add_crop("flax")
            audit.record("crop", crop.id, "create", audit.snapshot(crop))
            db.session.commit()
        _add_crop("sisal")  # outside a request: a fixture or the demo loader, not judged
        db.session.commit()
        assert guard.findings == ["POST /crops changed crops without an audit entry"]
    finally:
        guard.findings.clear()  # the finding was made on purpose


def test_a_rolled_back_change_is_not_a_finding(app):
    guard = AuditGuard()
    guard.install(db.engine)
    try:
        with app.test_request_context("/crops", method="POST"):
            _add_crop("kenaf")
            db.session.rollback()
    finally:
        guard.remove(db.engine)
    assert guard.findings == []


def test_password_change_and_tokens_are_audited_without_secrets(login_as):
    browser = login_as("agronomist")
    browser.post("/account/password", data={"current": "correct-horse-42",
                                             "new": "another-long-pass-9",
                                             "confirm": "another-long-pass-9"})
    browser = login_as("viewer")
    browser.post("/account/tokens", data={"name": "nightly export"})
    entries = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.entity == "user",
                                                             AuditEntry.action == "update")).all()
    changes = {key: value for entry in entries for key, value in entry.changes.items()}
    assert changes["password"] == ["(hidden)", "(changed)"]
    assert changes["api_token"][1].endswith("nightly export")
    assert all("pbkdf2" not in str(entry.changes) for entry in entries)
