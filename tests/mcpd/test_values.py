"""Per-field value rules: what a cell may contain and how it is normalised."""

import datetime as dt

import pytest

from germbank.mcpd import codes
from germbank.mcpd.field_parsers import parse_genus, parse_identifier, parse_species
from germbank.mcpd.values import (
    AdjustedValue,
    InvalidValue,
    defloat,
    format_number,
    parse_country,
    parse_date,
    parse_elevation,
    parse_integer_code,
    parse_wiews,
    split_codes,
    split_multi,
)

TODAY = dt.date(2024, 6, 1)


@pytest.mark.parametrize(("text", "expected"), [
    ("410.0", "410"), ("20160225.0", "20160225"), ("2.0160225E7", "20160225"), ("410", "410"),
    ("410.5", "410.5"), ("abc", "abc"),
])
def test_defloat_undoes_spreadsheet_floats(text, expected):
    assert defloat(text) == expected


@pytest.mark.parametrize(("code_list", "text", "expected"), [
    ("SAMPSTAT", "410", 410), ("SAMPSTAT", "410.0", 410), ("SAMPSTAT", "999", 999),
    ("COLLSRC", "21.0", 21), ("COLLSRC", "62", 62), ("STORAGE", "13", 13),
    ("MLSSTAT", "0", 0), ("MLSSTAT", "0.0", 0), ("MLSSTAT", "99", 99), ("MLSSTAT", "yes", 1),
])
def test_integer_codes_accept_every_listed_code(code_list, text, expected):
    assert parse_integer_code(text, code_list) == expected


@pytest.mark.parametrize(("code_list", "text", "hint"), [
    ("SAMPSTAT", "abc", "biological status code (e.g. 300 landrace, 410 breeder's line)"),
    ("SAMPSTAT", "401", "biological status"), ("SAMPSTAT", "410.5", "biological status"),
    ("COLLSRC", "16", "collecting source code"), ("STORAGE", "14", "storage code"),
    ("MLSSTAT", "2", "MLS status (0 no, 1 yes, 99 other)"),
])
def test_integer_codes_reject_unlisted_values_with_a_hint(code_list, text, hint):
    with pytest.raises(InvalidValue) as caught:
        parse_integer_code(text, code_list)
    assert hint in str(caught.value)


def test_every_code_of_every_list_is_accepted():
    for name, code_list in codes.INTEGER_CODE_LISTS.items():
        for code in code_list:
            assert parse_integer_code(str(code), name) == code


@pytest.mark.parametrize(("text", "expected"), [
    ("CHN", "CHN"), ("chn", "CHN"), (" Ind ", "IND"), ("SUN", "SUN"), ("YUG", "YUG"),
    ("CSK", "CSK"),
])
def test_country_codes_are_normalised_and_historic_codes_allowed(text, expected):
    assert parse_country(text) == expected


def test_country_code_list_is_complete():
    assert len(codes.ISO3166_CURRENT) == 249
    assert {"CHN", "TWN", "HKG", "SSD", "XKX"} & codes.ISO3166_CURRENT == {
        "CHN", "TWN", "HKG", "SSD"}


@pytest.mark.parametrize(("text", "message"), [
    ("CN", "two-letter code"), ("China", "three-letter country code"), ("XYZ", "ISO 3166-1"),
])
def test_bad_country_codes_are_explained(text, message):
    with pytest.raises(InvalidValue, match=message):
        parse_country(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("CHN123", "CHN123"), ("chn123", "CHN123"), ("NLD037", "NLD037"), ("CHN 1234", "CHN1234"),
])
def test_wiews_codes(text, expected):
    assert parse_wiews(text) == expected


@pytest.mark.parametrize("text", ["CHN12", "123CHN", "CH123", "CHN12345", "Yuanjiang"])
def test_bad_wiews_codes_are_rejected(text):
    with pytest.raises(InvalidValue, match="WIEWS institute code"):
        parse_wiews(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("20160225", "20160225"), ("20160225.0", "20160225"), ("2019----", "2019----"),
    ("20190000", "2019----"), ("201903--", "201903--"), ("20190300", "201903--"),
    ("2019", "2019----"), ("2019.0", "2019----"), ("201903", "201903--"),
    ("2016-02-25", "20160225"), ("2016-02-25 00:00:00", "20160225"), ("2016/2/5", "20160205"),
    ("2016-02", "201602--"), ("2016年2月25日", "20160225"), ("2016年2月", "201602--"),
    ("20000229", "20000229"),
])
def test_dates_full_and_partial_are_normalised(text, expected):
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("20190230", "no day 30"), ("20190229", "no day 29"), ("20191301", "no month 13"),
    ("2019--15", "a day but no month"), ("20250101", "in the future"),
    ("02/25/2016", "YYYYMMDD"), ("yesterday", "YYYYMMDD"), ("09990101", "impossible year"),
])
def test_impossible_dates_are_rejected_precisely(text, message):
    with pytest.raises(InvalidValue, match=message):
        parse_date(text, TODAY)


@pytest.mark.parametrize(("text", "expected"), [
    ("410", 410), ("410.0", 410), ("-12", -12), ("410 m", 410), ("1200米", 1200),
])
def test_elevation(text, expected):
    assert parse_elevation(text) == expected


def test_fractional_elevation_is_rounded_and_reported():
    with pytest.raises(AdjustedValue) as adjusted:
        parse_elevation("410.6")
    assert adjusted.value.value == 411
    assert "rounded to 411 m" in str(adjusted.value)


@pytest.mark.parametrize("text", ["high", "99999", "-1000"])
def test_bad_elevation_is_rejected(text):
    with pytest.raises(InvalidValue):
        parse_elevation(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("中苎1号;湘苎3号", ["中苎1号", "湘苎3号"]), ("a; b ;;c", ["a", "b", "c"]), ("one", ["one"]),
])
def test_multi_values_are_split_on_semicolons(text, expected):
    assert split_multi(text) == expected


def test_code_lists_may_also_use_commas_and_spaces():
    assert split_codes("11;13") == ["11", "13"]
    assert split_codes("11, 13 20") == ["11", "13", "20"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Boehmeria", "Boehmeria"), ("boehmeria", "Boehmeria"), ("BOEHMERIA", "Boehmeria"),
    ("× Triticosecale", "× Triticosecale"),
])
def test_genus(text, expected):
    assert parse_genus(text) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("Boehmeria nivea", "put the species epithet in SPECIES"), ("Boehm3ria", "genus name"),
])
def test_bad_genus(text, message):
    with pytest.raises(InvalidValue, match=message):
        parse_genus(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("nivea", "nivea"), ("Nivea", "nivea"), ("sp", "sp."), ("spp.", "spp."),
    ("usitatissimum", "usitatissimum"),
])
def test_species(text, expected):
    assert parse_species(text) == expected


def test_species_with_an_authority_is_explained():
    with pytest.raises(InvalidValue, match="put the authority in SPAUTHOR"):
        parse_species("nivea (L.) Gaudich.")


def test_floated_accession_number_is_repaired_and_reported():
    with pytest.raises(AdjustedValue) as adjusted:
        parse_identifier("12345.0")
    assert adjusted.value.value == "12345"
    assert parse_identifier("ZM-0012") == "ZM-0012"


@pytest.mark.parametrize(("number", "text"), [
    (410.0, "410"), (28.341700000000003, "28.3417"), (0.1 + 0.2, "0.3"), (7, "7"),
])
def test_numbers_are_written_without_float_artefacts(number, text):
    assert format_number(number) == text
