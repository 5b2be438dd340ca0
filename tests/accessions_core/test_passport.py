"""Passport validation per MCPD field: what a curator may type and what is refused, and why."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("english")

BASE = {"INSTCODE": "CHN001", "ACCENUMB": "ZM-0001", "GENUS": "Boehmeria"}

VALID = [
    ("INSTCODE", " chn 123", "instcode", "CHN123"),
    ("ACCENUMB", "12345.0", "accenumb", "12345"),
    ("COLLCODE", "CHN001;chn002", "collcode", "CHN001;CHN002"),
    ("COLLNAME", "湖南农大;Hunan Agr. Univ.", "collname", "湖南农大;Hunan Agr. Univ."),
    ("GENUS", "BOEHMERIA", "genus", "Boehmeria"),
    ("SPECIES", "Nivea", "species", "nivea"),
    ("SPECIES", "sp", "species", "sp."),
    ("ACCENAME", ["黄壳早", "Huangke zao"], "accename", "黄壳早;Huangke zao"),
    ("ACQDATE", "2019----", "acqdate", "2019----"),
    ("ACQDATE", "20190000", "acqdate", "2019----"),
    ("ACQDATE", "201903--", "acqdate", "201903--"),
    ("ACQDATE", "20160225.0", "acqdate", "20160225"),
    ("ACQDATE", "2016-02-25", "acqdate", "20160225"),
    ("COLLDATE", "2016年2月25日", "colldate", "20160225"),
    ("ORIGCTY", "chn", "origcty", "CHN"),
    ("ORIGCTY", "SUN", "origcty", "SUN"),
    ("DECLATITUDE", "28.5", "declatitude", 28.5),
    ("DECLATITUDE", -90, "declatitude", -90),
    ("DECLONGITUDE", "112.25", "declongitude", 112.25),
    ("DECLONGITUDE", 180, "declongitude", 180),
    ("LATITUDE", "2820--N", "latitude", "2820--N"),
    ("LONGITUDE", "112°21′30″E", "longitude", "1122130E"),
    ("COORDUNCERT", "500 m", "coorduncert", 500),
    ("ELEVATION", "35米", "elevation", 35),
    ("ELEVATION", "35.4", "elevation", 35),
    ("SAMPSTAT", "410.0", "sampstat", 410),
    ("SAMPSTAT", 300, "sampstat", 300),
    ("COLLSRC", "21", "collsrc", 21),
    ("DONORCODE", "usa022", "donorcode", "USA022"),
    ("DUPLSITE", "CHN002, CHN003", "duplsite", "CHN002;CHN003"),
    ("STORAGE", "11;20", "storage", "11;20"),
    ("STORAGE", [12, 13], "storage", "12;13"),
    ("MLSSTAT", "1", "mlsstat", 1),
    ("MLSSTAT", "no", "mlsstat", 0),
    ("REMARKS", "COLLSITE:near river;ELEVATION:estimated", "remarks",
     "COLLSITE:near river;ELEVATION:estimated"),
    ("name_zh", "  黄壳早  ", "name_zh", "黄壳早"),
    ("extra", {"fibre_colour": "white", "plot": 12}, "extra",
     {"fibre_colour": "white", "plot": 12}),
]

INVALID = [
    ("INSTCODE", "CN123", "instcode", "WIEWS"),
    ("COLLCODE", "CHN001;Hunan", "collcode", "WIEWS"),
    ("GENUS", "boehmeria nivea", "genus", "genus name"),
    ("SPECIES", "Nivea Gaudich.", "species", "specific epithet"),
    ("ACQDATE", "20191301", "acqdate", "month 13"),
    ("ACQDATE", "20190230", "acqdate", "no day 30"),
    ("ACQDATE", "2019--15", "acqdate", "day but no month"),
    ("ACQDATE", "29990101", "acqdate", "future"),
    ("COLLDATE", "last spring", "colldate", "YYYYMMDD"),
    ("ORIGCTY", "CN", "origcty", "three-letter"),
    ("ORIGCTY", "XXX", "origcty", "ISO 3166"),
    ("DECLATITUDE", "91", "declatitude", "-90..90"),
    ("DECLONGITUDE", "-181", "declongitude", "-180..180"),
    ("DECLATITUDE", "north", "declatitude", "decimal latitude"),
    ("LATITUDE", "286030N", "latitude", "minutes"),
    ("LATITUDE", "282030E", "latitude", "DDMMSSH"),
    ("LONGITUDE", "1122130N", "longitude", "DDDMMSSH"),
    ("COORDUNCERT", "-5", "coorduncert", "outside"),
    ("ELEVATION", "9500", "elevation", "outside"),
    ("SAMPSTAT", "350", "sampstat", "biological status"),
    ("COLLSRC", "16", "collsrc", "collecting source"),
    ("STORAGE", "11;14", "storage", "storage code"),
    ("MLSSTAT", "2", "mlsstat", "MLS status"),
    ("DONORCODE", "CHN001;CHN002", "donorcode", "WIEWS"),
    ("ACCENAME", {"name": "x"}, "accename", "text or a number"),
    ("SAMPSTAT", ["300", "400"], "sampstat", "not a list"),
    ("ACCENUMB", "A" * 65, "accenumb", "At most 64"),
    ("extra", {"SAMPSTAT": "300"}, "extra", "MCPD field"),
    ("extra", "colour=white", "extra", "name/value"),
    ("NOT_A_FIELD", "x", "NOT_A_FIELD", "Unknown field"),
]


@pytest.mark.parametrize(("key", "given", "column", "stored"), VALID)
def test_valid_values_are_stored_in_mcpd_form(app, key, given, column, stored):
    from germbank.accessions.services.passport import validate_passport

    cleaned = validate_passport({**BASE, key: given})
    assert cleaned[column] == stored


@pytest.mark.parametrize(("key", "given", "column", "fragment"), INVALID)
def test_invalid_values_are_refused_next_to_their_field(app, key, given, column, fragment):
    from germbank.accessions.services.errors import ValidationFailed
    from germbank.accessions.services.passport import validate_passport

    with pytest.raises(ValidationFailed) as refused:
        validate_passport({**BASE, key: given})
    assert list(refused.value.errors) == [column]
    assert fragment in " ".join(refused.value.errors[column])


@pytest.mark.parametrize("missing", ["INSTCODE", "ACCENUMB", "GENUS"])
def test_natural_key_and_genus_are_required(app, missing):
    from germbank.accessions.services.errors import ValidationFailed
    from germbank.accessions.services.passport import validate_passport

    with pytest.raises(ValidationFailed) as refused:
        validate_passport({**BASE, missing: "  "})
    assert "Required" in refused.value.errors[missing.lower()][0]


def test_every_problem_is_reported_at_once(app):
    from germbank.accessions.services.errors import ValidationFailed
    from germbank.accessions.services.passport import validate_passport

    with pytest.raises(ValidationFailed) as refused:
        validate_passport({"INSTCODE": "X", "GENUS": "", "SAMPSTAT": "1", "ORIGCTY": "ZZ"})
    assert set(refused.value.errors) == {"instcode", "accenumb", "genus", "sampstat", "origcty"}


def test_dms_only_coordinates_get_decimal_values(app):
    from germbank.accessions.services.passport import validate_passport

    cleaned = validate_passport({**BASE, "LATITUDE": "282030N", "LONGITUDE": "1122130E"})
    assert cleaned["declatitude"] == pytest.approx(28.341667)
    assert cleaned["declongitude"] == pytest.approx(112.358333)


def test_dms_that_contradicts_the_decimal_value_is_refused(app):
    from germbank.accessions.services.errors import ValidationFailed
    from germbank.accessions.services.passport import validate_passport

    assert validate_passport({**BASE, "DECLATITUDE": 28.3417, "LATITUDE": "282030N"})
    with pytest.raises(ValidationFailed) as refused:
        validate_passport({**BASE, "DECLATITUDE": 29.5, "LATITUDE": "282030N"})
    assert "disagrees" in refused.value.errors["latitude"][0]


def test_update_checks_the_merged_record(app):
    """Clearing GENUS, or a LATITUDE against the stored decimal, is refused on update."""
    from germbank.accessions.services.errors import ValidationFailed
    from germbank.accessions.services.passport import validate_passport

    stored = {"instcode": "CHN001", "accenumb": "A1", "genus": "Boehmeria",
              "declatitude": 28.34}
    with pytest.raises(ValidationFailed) as refused:
        validate_passport({"genus": None, "latitude": "300000N"}, stored)
    assert set(refused.value.errors) == {"genus", "latitude"}
    assert validate_passport({"species": "nivea"}, stored) == {"species": "nivea"}
