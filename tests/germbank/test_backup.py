"""Backups taken while the app runs restore every table exactly."""

import sqlalchemy as sa

from germbank.extensions import db


def _all_rows() -> dict[str, list[tuple]]:
    rows = {}
    for table in db.metadata.sorted_tables:
        primary = list(table.primary_key.columns) or list(table.columns)
        rows[table.name] = [
            tuple(r) for r in db.session.execute(sa.select(table).order_by(*primary))
        ]
    return rows


def test_backup_then_restore_brings_back_every_table(runner, make_user, tmp_path):
    from germbank.demo import load_core

    load_core()
    make_user("agronomist", username="kept")
    db.session.commit()
    before = _all_rows()
    target = tmp_path / "snapshot.bak"
    result = runner.invoke(args=["backup", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 0

    make_user("viewer", username="added-after-backup")
    db.session.execute(sa.text("DELETE FROM audit_entries"))
    db.session.commit()
    assert _all_rows() != before

    db.session.remove()
    result = runner.invoke(args=["restore", str(target), "--yes"])
    assert result.exit_code == 0, result.output
    db.session.remove()
    assert _all_rows() == before


def test_restore_refuses_a_file_that_is_not_a_backup(runner, tmp_path):
    bogus = tmp_path / "not-a-backup.bak"
    bogus.write_text("hello")
    result = runner.invoke(args=["restore", str(bogus), "--yes"])
    assert result.exit_code == 1
    assert "not" in result.output.lower()
