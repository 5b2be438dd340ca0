"""Row validation: clean records, and the error/warning split of issue 3."""

import pytest

from germbank.mcpd.rows import RowValidator, validate_rows

COLUMNS = ["INSTCODE", "ACCENUMB", "GENUS", "SPECIES", "SAMPSTAT", "COLLSRC", "STORAGE",
           "MLSSTAT", "ORIGCTY", "ACQDATE", "COLLDATE", "DECLATITUDE", "LATITUDE",
           "DECLONGITUDE", "LONGITUDE", "ELEVATION", "ACCENAME", "COLLCODE", "DONORCODE",
           "REMARKS"]
GOOD = {"INSTCODE": "CHN123", "ACCENUMB": "ZM001", "GENUS": "Boehmeria", "SPECIES": "nivea"}


def validate(**cells):
    row = {**GOOD, **cells}
    return RowValidator(list(row)).validate(2, row)


def messages(result, severity):
    return [p.message for p in result.problems if p.severity == severity]


def test_a_clean_row_gives_typed_values():
    result = validate(SAMPSTAT="300", STORAGE="11;13", MLSSTAT="1", ORIGCTY="CHN",
                      ACQDATE="20160225", ELEVATION="410", ACCENAME="中苎1号;湘苎3号",
                      COLLCODE="CHN001;CHN002")
    assert result.ok and result.problems == []
    assert result.record == {**GOOD, "SAMPSTAT": 300, "STORAGE": [11, 13], "MLSSTAT": 1,
                             "ORIGCTY": "CHN", "ACQDATE": "20160225", "ELEVATION": 410,
                             "ACCENAME": ["中苎1号", "湘苎3号"],
                             "COLLCODE": ["CHN001", "CHN002"]}


def test_spreadsheet_floats_are_read_as_the_numbers_they_were():
    result = validate(SAMPSTAT="410.0", ACQDATE="20160225.0", ELEVATION="410.0",
                      MLSSTAT="0.0")
    assert result.problems == []
    assert (result.record["SAMPSTAT"], result.record["ACQDATE"], result.record["ELEVATION"],
            result.record["MLSSTAT"]) == (410, "20160225", 410, 0)


def test_lower_case_codes_and_stray_spaces_are_normalised():
    result = validate(INSTCODE=" chn123 ", ORIGCTY="chn ", DONORCODE="chn004", GENUS="boehmeria")
    assert result.problems == []
    assert (result.record["INSTCODE"], result.record["ORIGCTY"], result.record["DONORCODE"],
            result.record["GENUS"]) == ("CHN123", "CHN", "CHN004", "Boehmeria")


@pytest.mark.parametrize(("cells", "column", "message"), [
    ({"INSTCODE": ""}, "INSTCODE", "INSTCODE is empty; every accession needs one"),
    ({"ACCENUMB": "  "}, "ACCENUMB", "ACCENUMB is empty"),
    ({"GENUS": ""}, "GENUS", "GENUS is empty"),
    ({"INSTCODE": "CHN12"}, "INSTCODE", "INSTCODE 'CHN12' is not a FAO WIEWS institute code"),
    ({"GENUS": "Boehmeria nivea"}, "GENUS", "GENUS 'Boehmeria nivea' is not a genus name"),
])
def test_missing_or_wrong_required_data_is_an_error_and_rejects_the_row(cells, column, message):
    result = validate(**cells)
    assert not result.ok
    [error] = result.errors
    assert error.column == column and error.row == 2
    assert error.message.startswith(message)


@pytest.mark.parametrize(("column", "value", "message"), [
    ("SAMPSTAT", "abc", "SAMPSTAT 'abc' is not an MCPD biological status code (e.g. 300 "
                        "landrace, 410 breeder's line); the value was ignored"),
    ("COLLSRC", "17", "COLLSRC '17' is not an MCPD collecting source code"),
    ("MLSSTAT", "maybe", "MLSSTAT 'maybe' is not an MCPD MLS status (0 no, 1 yes, 99 other)"),
    ("ORIGCTY", "China", "ORIGCTY 'China' is not an ISO 3166-1 three-letter country code"),
    ("ACQDATE", "20190230", "ACQDATE '20190230' is not a calendar date (2019-02 has no day 30)"),
    ("COLLDATE", "02/25/2016", "COLLDATE '02/25/2016' is not a date in MCPD form YYYYMMDD"),
    ("ELEVATION", "high", "ELEVATION 'high' is not a number"),
    ("DONORCODE", "Hunan", "DONORCODE 'Hunan' is not a FAO WIEWS institute code"),
    ("SPECIES", "nivea L.", "SPECIES 'nivea L.' is not a specific epithet"),
])
def test_malformed_optional_value_is_dropped_with_a_warning(column, value, message):
    result = validate(**{column: value})
    assert result.ok
    [warning] = result.warnings
    assert warning.column == column and warning.value == value
    assert warning.message.startswith(message)
    assert column not in result.record  # dropped, so an upsert leaves the stored value alone


def test_invalid_item_of_a_code_list_is_dropped_and_the_rest_kept():
    result = validate(STORAGE="13;abc;11;13")
    assert result.record["STORAGE"] == [13, 11]
    [warning] = result.warnings
    assert warning.message.startswith("STORAGE '13;abc;11;13': 'abc' is not an MCPD storage code")


def test_blank_cells_clear_and_absent_columns_are_not_in_the_record():
    result = validate(SAMPSTAT="", REMARKS="")
    assert result.record["SAMPSTAT"] is None and result.record["REMARKS"] is None
    assert "COLLSRC" not in result.record


def test_na_in_a_coded_field_means_empty():
    assert validate(SAMPSTAT="NA").record["SAMPSTAT"] is None


def test_dms_only_coordinates_produce_decimal_values():
    result = validate(LATITUDE="282030N", LONGITUDE="1122130E")
    assert result.problems == []
    assert result.record["DECLATITUDE"] == pytest.approx(28.341667)
    assert result.record["DECLONGITUDE"] == pytest.approx(112.358333)
    assert result.record["LATITUDE"] == "282030N"


def test_dms_disagreeing_with_the_decimal_keeps_the_decimal_and_warns():
    result = validate(DECLATITUDE="29.5", LATITUDE="282030N", DECLONGITUDE="112.3583",
                      LONGITUDE="1122130E")
    assert result.ok
    assert result.record["DECLATITUDE"] == 29.5 and "LATITUDE" not in result.record
    assert result.record["LONGITUDE"] == "1122130E"
    assert messages(result, "warning") == [
        "LATITUDE '282030N' (28.341667) disagrees with DECLATITUDE 29.5; kept DECLATITUDE and "
        "left LATITUDE out"]


def test_agreeing_coordinates_are_both_kept():
    result = validate(DECLATITUDE="28.3417", LATITUDE="282030N", DECLONGITUDE="112.3583",
                      LONGITUDE="1122130E")
    assert result.problems == []
    assert result.record["LATITUDE"] == "282030N" and result.record["DECLATITUDE"] == 28.3417


def test_bad_decimal_falls_back_to_the_dms_form():
    result = validate(DECLATITUDE="95", LATITUDE="282030N", LONGITUDE="1122130E")
    assert result.record["DECLATITUDE"] == pytest.approx(28.341667)
    assert messages(result, "warning") == [
        "DECLATITUDE '95' is outside -90..90 degrees; the value was ignored"]


def test_decimal_degrees_in_the_dms_column_are_used_when_no_decimal_is_given():
    result = validate(LATITUDE="28.3417", LONGITUDE="112.3583")
    assert result.record["DECLATITUDE"] == 28.3417
    assert result.record["DECLONGITUDE"] == 112.3583
    assert "LATITUDE" not in result.record
    assert len(result.warnings) == 2


def test_half_a_coordinate_is_reported():
    result = validate(DECLATITUDE="28.3417")
    assert messages(result, "warning") == [
        "DECLONGITUDE is missing while DECLATITUDE is 28.3417; the site cannot be mapped"]


def test_unknown_columns_become_extra_attributes_with_one_warning_per_column():
    columns = ["INSTCODE", "ACCENUMB", "GENUS", "Fibre yield", "备注"]
    rows = [(row, {"INSTCODE": "CHN123", "ACCENUMB": f"A{row}", "GENUS": "Boehmeria",
                   "Fibre yield": "12.5", "备注": "苎麻" if row == 2 else ""})
            for row in range(2, 6)]
    validator = RowValidator(columns)
    results = list(validate_rows(columns, rows, validator=validator))
    assert [p.message for p in validator.header_problems] == [
        "column Fibre yield is not an MCPD field; its values are kept as extra attributes",
        "column 备注 is not an MCPD field; its values are kept as extra attributes"]
    assert results[0].record["extra"] == {"Fibre yield": "12.5", "备注": "苎麻"}
    assert results[1].record["extra"] == {"Fibre yield": "12.5"}
    assert all(result.problems == [] for result in results)


def test_a_repeated_accession_in_one_file_is_an_error_naming_the_first_row():
    columns = ["INSTCODE", "ACCENUMB", "GENUS"]
    rows = [(2, {"INSTCODE": "CHN123", "ACCENUMB": "A1", "GENUS": "Linum"}),
            (3, {"INSTCODE": "chn123", "ACCENUMB": "A1", "GENUS": "Linum"}),
            (4, {"INSTCODE": "CHN124", "ACCENUMB": "A1", "GENUS": "Linum"})]
    results = list(validate_rows(columns, rows))
    assert [result.ok for result in results] == [True, False, True]
    assert results[1].errors[0].message == "ACCENUMB 'A1' of CHN123 already appears on row 2"


def test_floated_accession_number_is_a_warning_not_a_silent_change():
    result = validate(ACCENUMB="12345.0")
    assert result.record["ACCENUMB"] == "12345"
    assert messages(result, "warning") == [
        "ACCENUMB '12345.0' looks like a number mangled by a spreadsheet; read as 12345"]
