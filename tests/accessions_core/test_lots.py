"""Lots and their movements: the location history monitoring relies on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

pytestmark = pytest.mark.usefixtures("english")


def at(year, month, day) -> datetime:
    return datetime(year, month, day, tzinfo=UTC)


def test_first_placement_is_a_movement_from_nowhere(make_accession, make_seed_lot, location):
    lot = make_seed_lot(make_accession(), where="ST1-R2-S01", placed_at=at(2021, 3, 1))
    [placement] = lot.movements
    assert placement.from_location_id is None
    assert placement.to_location_id == location("ST1-R2-S01").id


def test_history_has_one_stay_per_place_and_the_current_one_open(
        make_accession, make_seed_lot, location, login_as):
    from germbank.accessions.services.lots import location_history, move_lot
    from germbank.extensions import db

    lot = make_seed_lot(make_accession(), where="ST1-R2-S01", placed_at=at(2021, 3, 1))
    move_lot(lot, location("ST1-R1-S01").id, moved_at=at(2025, 6, 15), reason="room 2 repair")
    move_lot(lot, location("ST1-R3-S01").id, moved_at=at(2025, 9, 1))
    db.session.commit()
    assert location_history(lot) == [
        (location("ST1-R2-S01").id, at(2021, 3, 1), at(2025, 6, 15)),
        (location("ST1-R1-S01").id, at(2025, 6, 15), at(2025, 9, 1)),
        (location("ST1-R3-S01").id, at(2025, 9, 1), None),
    ]
    assert lot.location.code == "ST1-R3-S01"
    assert lot.movements[1].reason == "room 2 repair"


def test_stays_at_answers_which_lots_were_in_a_room_during_a_period(
        make_accession, make_seed_lot, location):
    from germbank.accessions.services.locations import subtree_ids
    from germbank.accessions.services.lots import move_lot, stays_at

    moved = make_seed_lot(make_accession(), where="ST1-R2-S01", placed_at=at(2021, 3, 1))
    move_lot(moved, location("ST1-R1-S01").id, moved_at=at(2025, 6, 15))
    stayed = make_seed_lot(make_accession(), where="ST1-R1-S02", placed_at=at(2024, 1, 1))
    room1 = subtree_ids(location("ST1-R1").id)
    found = dict(stays_at(room1, at(2025, 1, 1), at(2025, 7, 1)))
    assert found[moved.id] == (location("ST1-R1-S01").id, at(2025, 6, 15), at(2025, 7, 1))
    assert found[stayed.id] == (location("ST1-R1-S02").id, at(2025, 1, 1), at(2025, 7, 1))
    assert stays_at(room1, at(2022, 1, 1), at(2023, 1, 1)) == []


def test_moves_are_audited_with_the_person(make_accession, make_seed_lot, location, login_as):
    from germbank import audit
    from germbank.accessions.services.lots import move_lot

    browser = login_as("agronomist")
    lot = make_seed_lot(make_accession())
    with browser.application.test_request_context():
        from flask_login import login_user

        login_user(browser.user)
        movement = move_lot(lot, location("ST1-R2-S01").id)
    assert movement.moved_by_id == browser.user.id
    entry = audit.history("lot", lot.id)[0]
    assert entry.username == browser.user.username
    assert entry.changes == {"location_id": [location("ST1-R1-S01").id,
                                             location("ST1-R2-S01").id]}


@pytest.mark.parametrize(("target", "when", "field"), [
    ("ST1-R1-S01", None, "to_location_id"),       # already there
    ("NOWHERE", None, "to_location_id"),
    ("ST1-R2-S01", "future", "moved_at"),
    ("ST1-R2-S01", "before-placement", "moved_at"),
])
def test_impossible_moves_are_refused(make_accession, make_seed_lot, location, target, when,
                                      field):
    from germbank.accessions.services.errors import ValidationFailed
    from germbank.accessions.services.lots import move_lot

    lot = make_seed_lot(make_accession(), placed_at=at(2022, 1, 1))
    moved_at = {None: None, "future": datetime.now(UTC) + timedelta(days=2),
                "before-placement": at(2021, 1, 1)}[when]
    target_id = location(target).id if location(target) else 999_999
    with pytest.raises(ValidationFailed) as refused:
        move_lot(lot, target_id, moved_at=moved_at)
    assert field in refused.value.errors
    assert len(lot.movements) == 1


def test_lot_location_changes_only_by_moving(make_accession, make_seed_lot, location):
    from germbank.accessions.services.errors import ValidationFailed
    from germbank.accessions.services.lots import update_lot

    lot = make_seed_lot(make_accession())
    with pytest.raises(ValidationFailed) as refused:
        update_lot(lot, {"location_id": location("ST1-R2").id})
    assert "location_id" in refused.value.errors


@pytest.mark.parametrize(("fields", "field"), [
    ({"kind": "seed", "plant_count": 5}, "plant_count"),
    ({"kind": "plant", "seed_count": 100}, "seed_count"),
    ({"kind": "tuber"}, "kind"),
    ({"kind": "seed", "storage_type": 14}, "storage_type"),
    ({"kind": "seed", "seed_count": -1}, "seed_count"),
    ({"kind": "seed", "initial_germination_pct": 101}, "initial_germination_pct"),
    ({"kind": "seed", "harvest_date": "2019-02-30"}, "harvest_date"),
    ({"kind": "seed", "grams": "lots"}, "grams"),
    ({"kind": "seed", "location_id": None}, "location_id"),
])
def test_lot_fields_are_checked(make_accession, location, fields, field):
    from germbank.accessions.services.errors import ValidationFailed
    from germbank.accessions.services.lots import create_lot

    data = {"lot_number": "X-1", "location_id": location("ST1-R1-S01").id, **fields}
    with pytest.raises(ValidationFailed) as refused:
        create_lot(make_accession(), data)
    assert field in refused.value.errors


def test_lot_numbers_are_unique(make_accession, make_seed_lot):
    from germbank.accessions.services.errors import Conflict

    accession = make_accession()
    make_seed_lot(accession, lot_number="S-1")
    with pytest.raises(Conflict):
        make_seed_lot(accession, lot_number="S-1")


def test_plant_lot_in_a_greenhouse_bed(make_accession, location):
    from germbank.accessions.services.lots import create_lot

    lot = create_lot(make_accession(GENUS="Boehmeria", SPECIES="nivea"), {
        "kind": "plant", "lot_number": "P-1", "location_id": location("GH1-B1-BED01").id,
        "plant_count": 12, "bed": "BED01", "row": "3", "position": "1-12",
        "planting_date": "2023-04-10", "health_status": "healthy"})
    assert lot.plant_count == 12 and lot.location.code == "GH1-B1-BED01"
