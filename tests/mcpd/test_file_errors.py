"""Files that are not MCPD tables are refused with a clear McpdFileError, never a crash."""

import io
import zipfile

import pytest

from germbank.mcpd import McpdFileError, ReadLimits, check_file

HEADER = ["INSTCODE", "ACCENUMB", "GENUS"]


def refuse(data, filename, limits=None):
    with pytest.raises(McpdFileError) as caught:
        check = check_file(data, filename, limits)
        list(check.results)
    return str(caught.value)


def test_other_file_types_are_refused():
    assert refuse(b"%PDF-1.4", "passport.pdf") == (
        "passport.pdf is not a CSV or XLSX file; save the sheet as .xlsx or as CSV (UTF-8)")


def test_old_xls_workbooks_are_refused_with_advice():
    assert "old Excel .xls" in refuse(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
                                      "p.xlsx")


def test_empty_files(make_csv):
    assert refuse(b"", "p.csv") == "the file is empty"
    assert refuse(b"\r\n\r\n , \r\n", "p.csv") == "the file is empty"


def test_header_without_data(make_csv, make_xlsx):
    assert refuse(make_csv([HEADER, ["", "", ""]]), "p.csv") == (
        "the file has a header but no data rows")
    assert refuse(make_xlsx({"P": [HEADER]}), "p.xlsx") == (
        "the file has a header but no data rows")


def test_no_accenumb_column(make_csv, make_xlsx):
    assert "no header row with an ACCENUMB column" in refuse(
        make_csv([["name", "value"], ["a", "1"]]), "p.csv")
    message = refuse(make_xlsx({"Notes": [["x"]], "Data": [["name"], ["a"]]}), "p.xlsx")
    assert message == ("no sheet has a header row with an ACCENUMB column "
                       "(sheets: 'Notes', 'Data')")


def test_missing_required_columns(make_csv):
    assert refuse(make_csv([["ACCENUMB", "SPECIES"], ["A1", "nivea"]]), "p.csv") == (
        "required columns INSTCODE, GENUS missing from the header")


def test_repeated_column(make_csv):
    assert refuse(make_csv([HEADER + ["accenumb"], ["CHN123", "A", "Linum", "B"]]),
                  "p.csv") == "column ACCENUMB appears twice (columns B and D); keep only one"


def test_row_limit(make_csv, make_xlsx):
    rows = [HEADER] + [["CHN123", f"A{i}", "Linum"] for i in range(6)]
    limits = ReadLimits(max_rows=5)
    assert "more than 5 data rows" in refuse(make_csv(rows), "p.csv", limits)
    assert "more than 5 data rows" in refuse(make_xlsx({"P": rows}), "p.xlsx", limits)


def test_size_limit(make_csv):
    data = make_csv([HEADER] + [["CHN123", f"A{i}", "Linum"] for i in range(100)])
    assert "more than the 0.0 MB allowed" in refuse(data, "p.csv", ReadLimits(max_bytes=100))


def test_decompression_bomb_is_refused_before_opening(make_xlsx):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 5_000_000)
    message = refuse(buffer.getvalue(), "bomb.xlsx", ReadLimits(max_uncompressed_bytes=1_000_000))
    assert message.startswith("the workbook unpacks to 4.8 MB")


def test_damaged_workbooks(make_xlsx):
    assert "damaged" in refuse(b"PK\x03\x04garbage", "p.xlsx")
    assert refuse(b"INSTCODE,ACCENUMB", "p.xlsx") == "p.xlsx is not a valid XLSX workbook"


def test_undecodable_text_is_refused():
    assert "neither UTF-8 nor GBK" in refuse(b"INSTCODE,ACCENUMB,GENUS\n\x80\xff,A,B\n",
                                             "p.csv")


def test_binary_data_named_csv():
    assert "binary data" in refuse(b"A\x00B\x00C", "p.csv")


def test_missing_path():
    assert refuse("/nonexistent/p.csv", None).startswith("cannot open /nonexistent/p.csv")
