"""Every item of "Files met in the wild" (reference mcpd.md), read and validated end to end."""

import datetime as dt

import pytest

from germbank.mcpd import check_file

HEADER = ["INSTCODE", "ACCENUMB", "GENUS", "SPECIES", "ACCENAME", "SAMPSTAT", "ACQDATE",
          "REMARKS"]


def results_of(data, filename):
    check = check_file(data, filename)
    return check, list(check.results)


def test_numbers_that_became_floats_in_an_xlsx(make_xlsx):
    data = make_xlsx({"Passport": [HEADER + ["ELEVATION", "MLSSTAT"],
                                   ["CHN123", "ZM1", "Boehmeria", "nivea", None, 410.0,
                                    20160225.0, None, 35.0, 0.0]]})
    _, [result] = results_of(data, "p.xlsx")
    assert result.problems == []
    record = result.record
    assert (record["SAMPSTAT"], record["ACQDATE"], record["ELEVATION"], record["MLSSTAT"]) == (
        410, "20160225", 35, 0)


def test_numbers_that_became_floats_in_a_csv(make_csv):
    data = make_csv([HEADER, ["CHN123", "ZM1", "Boehmeria", "nivea", "", "410.0",
                              "20160225.0", ""]])
    _, [result] = results_of(data, "p.csv")
    assert result.problems == []
    assert (result.record["SAMPSTAT"], result.record["ACQDATE"]) == (410, "20160225")


def test_excel_dates_in_date_columns_become_mcpd_dates(make_xlsx):
    data = make_xlsx({"P": [HEADER, ["CHN123", "ZM1", "Linum", None, None, 300,
                                     dt.datetime(2016, 2, 25), None]]})
    _, [result] = results_of(data, "p.xlsx")
    assert result.record["ACQDATE"] == "20160225"


def test_extra_columns_are_kept_and_reported_once(make_csv):
    data = make_csv([HEADER + ["Fibre fineness (Nm)", "种植地"],
                     ["CHN123", "ZM1", "Boehmeria", "", "", "", "", "", "1800", "沅江"],
                     ["CHN123", "ZM2", "Boehmeria", "", "", "", "", "", "2100", ""]])
    check, results = results_of(data, "p.csv")
    assert [r.record["extra"] for r in results] == [
        {"Fibre fineness (Nm)": "1800", "种植地": "沅江"}, {"Fibre fineness (Nm)": "2100"}]
    assert [(p.row, p.column) for p in check.file_problems] == [
        (1, "Fibre fineness (Nm)"), (1, "种植地")]


def test_workbook_with_a_metadata_sheet_before_the_data_sheet(make_xlsx):
    data = make_xlsx({
        "README": [["MCPD passport data, Yuanjiang bast fibre genebank"], ["Version", 2]],
        "Passport": [["Passport data 2024"], [], HEADER,
                     ["CHN123", "ZM1", "Boehmeria", "nivea", None, 300, None, None]],
        "Codes": [["SAMPSTAT", "meaning"]],
    })
    check, [result] = results_of(data, "p.xlsx")
    assert check.table.sheet == "Passport"
    assert check.table.header_row == 3
    assert result.row == 4
    assert result.record["ACCENUMB"] == "ZM1"


def test_blank_rows_are_skipped_but_row_numbers_stay_those_of_the_sheet(make_csv, make_xlsx):
    data = make_xlsx({"P": [HEADER, [None] * 8,
                            ["CHN123", "ZM1", "Linum", None, None, "abc", None, None],
                            [None] * 8, [" "] * 8,
                            ["CHN123", "ZM2", "Linum", None, None, 300, None, None]]})
    _, results = results_of(data, "p.xlsx")
    assert [r.row for r in results] == [3, 6]
    assert results[0].warnings[0].row == 3
    csv_data = make_csv([HEADER, [], ["CHN123", "ZM1", "Linum"], ["", "", "", ""],
                         ["", "", ""], ["CHN123", "ZM2", "Linum"]])
    _, results = results_of(csv_data, "p.csv")
    assert [r.row for r in results] == [3, 6]


def test_stray_spaces_and_lower_case_headers_and_codes(make_csv):
    data = make_csv([[" instcode", "AccEnumb ", " genus ", "origcty", "storage", "Sampstat"],
                     [" chn123 ", " ZM1 ", " boehmeria", "chn ", " 11 ; 13 ", " 300 "]])
    check, [result] = results_of(data, "p.csv")
    assert check.file_problems == [] and result.problems == []
    assert {k: result.record[k] for k in ("INSTCODE", "ACCENUMB", "GENUS", "ORIGCTY",
                                          "STORAGE", "SAMPSTAT")} == {
        "INSTCODE": "CHN123", "ACCENUMB": "ZM1", "GENUS": "Boehmeria", "ORIGCTY": "CHN",
        "STORAGE": [11, 13], "SAMPSTAT": 300}


def test_coordinates_only_in_dms_form(make_csv):
    data = make_csv([["INSTCODE", "ACCENUMB", "GENUS", "LATITUDE", "LONGITUDE"],
                     ["CHN123", "ZM1", "Boehmeria", "282030N", "1122130E"],
                     ["CHN123", "ZM2", "Boehmeria", "2820--N", "112----E"]])
    _, results = results_of(data, "p.csv")
    assert [(r.record["DECLATITUDE"], r.record["DECLONGITUDE"]) for r in results] == [
        (28.341667, 112.358333), (28.333333, 112.0)]


def test_partial_dates(make_csv):
    data = make_csv([["INSTCODE", "ACCENUMB", "GENUS", "ACQDATE", "COLLDATE"],
                     ["CHN123", "ZM1", "Linum", "2019----", "20190000"],
                     ["CHN123", "ZM2", "Linum", "201903--", "20190300"]])
    _, results = results_of(data, "p.csv")
    assert [(r.record["ACQDATE"], r.record["COLLDATE"]) for r in results] == [
        ("2019----", "2019----"), ("201903--", "201903--")]


CHINESE = [HEADER, ["CHN123", "ZM1", "Boehmeria", "nivea", "中苎1号;湘苎3号", "300", "",
                    "COLLSITE:湖南省沅江市;采集于河边"]]


@pytest.mark.parametrize(("encoding", "detected"), [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"), ("utf-16", "utf-16"),
])
def test_chinese_text_in_every_encoding_excel_writes(encoding, detected, make_csv):
    check, [result] = results_of(make_csv(CHINESE, encoding), "p.csv")
    assert check.table.encoding == detected
    assert result.record["ACCENAME"] == ["中苎1号", "湘苎3号"]
    assert result.record["REMARKS"] == ["COLLSITE:湖南省沅江市", "采集于河边"]
    assert check.table.columns[0] == "INSTCODE"


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_delimited_csv(delimiter, make_csv):
    check, [result] = results_of(make_csv(CHINESE, delimiter=delimiter), "p.csv")
    assert check.table.delimiter == delimiter
    assert result.record["ACCENAME"] == ["中苎1号", "湘苎3号"]


def test_chinese_in_an_xlsx(make_xlsx):
    _, [result] = results_of(make_xlsx({"数据": CHINESE}), "护照.xlsx")
    assert result.record["ACCENAME"] == ["中苎1号", "湘苎3号"]


def test_reading_from_a_path(tmp_path, make_csv):
    path = tmp_path / "passport.csv"
    path.write_bytes(make_csv(CHINESE, "gbk"))
    _, [result] = results_of(path, None)
    assert result.record["ACCENUMB"] == "ZM1"


def test_a_row_with_more_cells_than_the_header_is_rejected(make_csv):
    data = make_csv([["INSTCODE", "ACCENUMB", "GENUS", "COLLSITE", "REMARKS"],
                     ["CHN123", "ZM1", "Boehmeria", "Yuanjiang", "ok"],
                     ["CHN123", "ZM2", "Boehmeria", "Yuanjiang", " Hunan", "ok"]])
    _, results = results_of(data, "p.csv")
    assert results[0].ok and not results[1].ok
    assert results[1].errors[0].message.startswith(
        "the row has 6 cells but the header has 5 columns")


def test_values_in_an_unnamed_xlsx_column_are_reported_once(make_xlsx):
    data = make_xlsx({"P": [["INSTCODE", "ACCENUMB", "GENUS"],
                            ["CHN123", "ZM1", "Linum", "note 1"],
                            ["CHN123", "ZM2", "Linum", "note 2"]]})
    check, results = results_of(data, "p.xlsx")
    assert all(r.ok for r in results)
    assert [p.message for p in check.file_problems] == [
        "column D has no name in the header row; its values (first 'note 1' on row 2) "
        "were ignored"]


def test_the_openpyxl_engine_reads_the_same_as_calamine(make_xlsx, monkeypatch):
    from germbank.mcpd import xlsx_reader

    pytest.importorskip("python_calamine")
    data = make_xlsx({"README": [["about"]],
                      "P": [["title"], HEADER, ["CHN123", "ZM1", "Boehmeria", "nivea", "中苎1号",
                                                410.0, dt.datetime(2016, 2, 25), None]]})
    records = []
    for engine in ("openpyxl", "calamine"):
        monkeypatch.setattr(xlsx_reader, "ENGINE", engine)
        _, [result] = results_of(data, "p.xlsx")
        records.append(result.record)
    assert records[0] == records[1]
    assert (records[0]["SAMPSTAT"], records[0]["ACQDATE"]) == (410, "20160225")
