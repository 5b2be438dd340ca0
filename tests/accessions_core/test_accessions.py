"""Creating, changing and deleting accessions: uniqueness, links, versions and the audit trail."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

pytestmark = pytest.mark.usefixtures("english")


def test_create_links_taxon_and_crop_and_records_who(bank, make_user):
    from germbank import audit
    from germbank.accessions.services.accessions import create_accession

    accession = create_accession({"INSTCODE": "CHN001", "ACCENUMB": "ZM-1", "GENUS": "Boehmeria",
                                  "SPECIES": "nivea", "ACCENAME": "黄壳早"})
    assert accession.crop.code == "ramie"
    assert accession.taxon.name() == "Boehmeria nivea"
    [entry] = audit.history("accession", accession.id)
    assert entry.action == "create" and entry.username == "system"
    assert entry.changes["accenumb"] == "ZM-1" and entry.changes["accename"] == "黄壳早"


def test_crop_is_found_from_cropname_when_the_taxon_is_unknown(bank):
    from germbank.accessions.services.accessions import create_accession

    accession = create_accession({"INSTCODE": "CHN001", "ACCENUMB": "X1", "GENUS": "Urtica",
                                  "CROPNAME": "苎麻"})
    assert accession.taxon is None and accession.crop.code == "ramie"


def test_duplicate_number_in_the_same_institute_is_a_conflict(make_accession):
    from germbank.accessions.services.errors import Conflict

    make_accession(ACCENUMB="ZM-7")
    with pytest.raises(Conflict) as clash:
        make_accession(ACCENUMB="ZM-7")
    assert "accenumb" in clash.value.errors
    assert make_accession(ACCENUMB="ZM-7", INSTCODE="CHN002").instcode == "CHN002"


def test_renumbering_onto_a_taken_number_is_a_conflict(make_accession):
    from germbank.accessions.services.accessions import update_accession
    from germbank.accessions.services.errors import Conflict

    make_accession(ACCENUMB="A")
    other = make_accession(ACCENUMB="B")
    with pytest.raises(Conflict):
        update_accession(other, {"ACCENUMB": "A"})


def test_update_audits_each_changed_field_with_old_and_new_value(make_accession, app):
    from germbank import audit
    from germbank.accessions.services.accessions import update_accession
    from germbank.extensions import db

    accession = make_accession(SAMPSTAT=300, ORIGCTY="CHN")
    update_accession(accession, {"sampstat": "410", "origcty": "chn", "name_zh": "新名"})
    db.session.commit()
    entry = audit.history("accession", accession.id)[0]
    assert entry.action == "update"
    assert entry.changes == {"sampstat": [300, 410], "name_zh": ["", "新名"]}
    assert accession.version == 2


def test_an_update_that_changes_nothing_records_nothing(make_accession):
    from germbank import audit
    from germbank.accessions.services.accessions import update_accession

    accession = make_accession(SAMPSTAT=300)
    update_accession(accession, {"SAMPSTAT": "300.0"})
    assert [e.action for e in audit.history("accession", accession.id)] == ["create"]


def test_a_stale_version_is_refused_without_overwriting(make_accession):
    from germbank.accessions.services.accessions import update_accession
    from germbank.accessions.services.errors import Conflict
    from germbank.extensions import db

    accession = make_accession(ACCENAME="first")
    update_accession(accession, {"ACCENAME": "second"}, expected_version=1)
    db.session.commit()
    with pytest.raises(Conflict):
        update_accession(accession, {"ACCENAME": "third"}, expected_version=1)
    assert accession.accename == "second"


def test_delete_is_refused_while_lots_exist_and_audited_when_done(make_accession, make_seed_lot):
    from germbank import audit
    from germbank.accessions.services.accessions import delete_accession
    from germbank.accessions.services.errors import Conflict
    from germbank.accessions.services.lots import delete_lot
    from germbank.extensions import db
    from germbank.models.accessions import Accession

    accession = make_accession()
    lot = make_seed_lot(accession)
    with pytest.raises(Conflict):
        delete_accession(accession)
    delete_lot(lot)
    delete_accession(accession)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Accession)) == 0
    assert audit.history("accession", accession.id)[0].action == "delete"


def test_mcpd_record_round_trip(make_accession):
    from germbank.accessions.services.records import accession_record, record_columns

    accession = make_accession(STORAGE="11;20", ACCENAME="甲;乙", SAMPSTAT=300,
                               DECLATITUDE=28.5, extra={"plot": "A3"})
    record = accession_record(accession)
    assert record["STORAGE"] == [11, 20] and record["ACCENAME"] == ["甲", "乙"]
    assert record["SAMPSTAT"] == 300 and record["extra"] == {"plot": "A3"}
    columns = record_columns(record)
    assert columns["storage"] == "11;20" and columns["accename"] == "甲;乙"
