"""A payload with NUL bytes is kept as a rejection on every backend, never a stalled batch."""

from datetime import UTC, datetime

import sqlalchemy as sa

from germbank.extensions import db
from germbank.models.sensors import RejectedMessage
from sensors.ingest import DatabaseSink, storable_text
from sensors.sink import ReceivedMessage

TOPIC = "germbank/v1/yuanjiang/nul-01/telemetry"


def test_nul_bytes_become_visible_escapes():
    assert storable_text("a\x00b") == "a\\x00b"


def test_payload_with_nul_is_stored_as_a_rejection(app):
    received = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
    batch = [
        ReceivedMessage(TOPIC, b"\x00", received, 1),
        ReceivedMessage(TOPIC, b'{"temperature": 1\x00}', received, 2),
    ]
    result = DatabaseSink(app, evaluate_alarms=False).store(batch)
    assert result.rejected == 2
    payloads = db.session.scalars(sa.select(RejectedMessage.payload).order_by(RejectedMessage.id))
    assert list(payloads) == ["\\x00", '{"temperature": 1\\x00}']
