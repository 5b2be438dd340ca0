"""``germbank demo load``: thresholds for every room and bay, and an alarm history, once."""

import sqlalchemy as sa

from germbank.extensions import db
from germbank.models import StorageLocation
from germbank.models.monitoring import Alarm, Threshold
from germbank.monitoring.services.thresholds import thresholds_for as bay_thresholds


def test_demo_load_is_idempotent_and_gives_thresholds_and_history(runner):
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "germbank.monitoring" in first.output
    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0, second.output

    watched = set(
        db.session.scalars(
            sa.select(StorageLocation.code).join(
                Threshold, Threshold.location_id == StorageLocation.id
            )
        )
    )
    assert watched == {"ST1-DRY", "ST1-R1", "ST1-R2", "ST1-R3", "GH1-B1", "GH1-B2"}
    bay = db.session.scalar(sa.select(StorageLocation).where(StorageLocation.code == "GH1-B1"))
    winter = {t.metric: (t.minimum, t.maximum) for t in bay_thresholds(bay)}
    assert winter["temperature"] == (5.0, 35.0) and winter["humidity"] == (40.0, 98.0)
    assert winter["soil_moisture"] == (20.0, 45.0)
    alarms = list(db.session.scalars(sa.select(Alarm).order_by(Alarm.opened_at)))
    assert len(alarms) == 5
    assert all(a.cleared_at is not None and a.open_key is None for a in alarms)
    acknowledged = [a for a in alarms if a.acknowledged_at is not None]
    assert len(acknowledged) == 3
    assert {a.acknowledged_by.username for a in acknowledged} == {"technician"}
    assert any(a.kind == "offline" for a in alarms)
    assert any(a.assigned_to is not None and a.acknowledged_at is None for a in alarms)
    for alarm in alarms:
        times = [e.at for e in alarm.events]
        assert times == sorted(times)
        assert alarm.events[0].action == "opened"
