"""The marshmallow schema for single records (API and forms): strict, same rules."""

import pytest
from marshmallow import ValidationError

from germbank.mcpd.schema import McpdRecordSchema


def test_loads_spreadsheet_text_into_typed_values():
    record = McpdRecordSchema().load({"INSTCODE": "chn123", "ACCENUMB": "ZM1",
                                      "GENUS": "Boehmeria", "SAMPSTAT": "410.0",
                                      "STORAGE": "11;13", "LATITUDE": "282030N",
                                      "extra": {"Fibre yield": "12.5"}})
    assert record == {"INSTCODE": "CHN123", "ACCENUMB": "ZM1", "GENUS": "Boehmeria",
                      "SAMPSTAT": 410, "STORAGE": [11, 13], "LATITUDE": "282030N",
                      "DECLATITUDE": 28.341667, "extra": {"Fibre yield": "12.5"}}


def test_accepts_its_own_clean_records():
    clean = {"INSTCODE": "CHN123", "ACCENUMB": "ZM1", "GENUS": "Linum", "MLSSTAT": 0,
             "STORAGE": [13], "DECLATITUDE": 28.5, "ACCENAME": ["亚麻1号"], "SPECIES": None}
    assert McpdRecordSchema().load(clean) == clean


def test_every_problem_is_an_error_with_the_same_message_as_the_importer():
    with pytest.raises(ValidationError) as caught:
        McpdRecordSchema().load({"INSTCODE": "CHN12", "GENUS": "Linum", "SAMPSTAT": "abc",
                                 "Colour": "red"})
    assert caught.value.messages == {
        "INSTCODE": ["INSTCODE 'CHN12' is not a FAO WIEWS institute code (three-letter "
                     "country code and 3 or 4 digits, e.g. CHN123)"],
        "ACCENUMB": ["ACCENUMB is empty; every accession needs one"],
        "SAMPSTAT": ["SAMPSTAT 'abc' is not an MCPD biological status code (e.g. 300 "
                     "landrace, 410 breeder's line)"],
        "Colour": ["Unknown field."],
    }


def test_disagreeing_coordinates_are_refused():
    with pytest.raises(ValidationError) as caught:
        McpdRecordSchema().load({"INSTCODE": "CHN123", "ACCENUMB": "A", "GENUS": "Linum",
                                 "DECLATITUDE": "29.5", "LATITUDE": "282030N"})
    assert caught.value.messages == {
        "LATITUDE": ["LATITUDE '282030N' (28.341667) disagrees with DECLATITUDE 29.5"]}
