"""Writing MCPD files, and write-then-read giving back the same records."""

import io

import openpyxl

from germbank.mcpd import COLUMN_ORDER, check_file, write_csv, write_xlsx
from germbank.mcpd.writer import csv_chunks

FULL = {
    "PUID": "doi:10.18730/ZM001", "INSTCODE": "CHN123", "ACCENUMB": "ZM001",
    "COLLNUMB": "2015-07", "COLLCODE": ["CHN001", "CHN002"], "COLLNAME": None,
    "COLLINSTADDRESS": None, "COLLMISSID": "Hunan 2015", "GENUS": "Boehmeria",
    "SPECIES": "nivea", "SPAUTHOR": "(L.) Gaudich.", "SUBTAXA": "var. tenacissima",
    "SUBTAUTHOR": "(Gaudich.) Miq.", "CROPNAME": "ramie", "ACCENAME": ["中苎1号", "湘苎3号"],
    "ACQDATE": "2016----", "ORIGCTY": "CHN", "COLLSITE": "湖南省沅江市, 5 km N of town",
    "DECLATITUDE": 28.341667, "LATITUDE": "282030N", "DECLONGITUDE": 112.358333,
    "LONGITUDE": "1122130E", "COORDUNCERT": 30.0, "COORDDATUM": "WGS84", "GEOREFMETH": "GPS",
    "ELEVATION": 35, "COLLDATE": "20150712", "BREDCODE": None, "BREDNAME": None,
    "SAMPSTAT": 300, "ANCEST": "selection from 'Huangkepi'", "COLLSRC": 21,
    "DONORCODE": "CHN004", "DONORNAME": None, "DONORNUMB": "D-77",
    "OTHERNUMB": ["CHN001:R1234", "IBPGR:5"], "DUPLSITE": ["CHN001"], "DUPLINSTNAME": None,
    "STORAGE": [20, 30], "MLSSTAT": 0, "REMARKS": ["COLLSRC:riverside", "含引号\"和,逗号"],
}


def read_back(data, filename):
    check = check_file(data, filename)
    results = list(check.results)
    assert all(result.problems == [] for result in results)
    return [result.record for result in results]


def test_csv_header_is_exactly_the_mcpd_columns_in_order():
    text = write_csv([FULL]).decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(COLUMN_ORDER)
    assert "中苎1号;湘苎3号" in text and ",300," in text and ",28.341667," in text
    assert ",20;30,0," in text  # multi-values joined by ';', MLSSTAT 0 kept


def test_csv_round_trip_gives_the_same_records():
    second = dict(FULL, ACCENUMB="ZM002", SAMPSTAT=None, STORAGE=None, ACCENAME=None,
                  MLSSTAT=None, extra={"Fibre yield": "12.5"})
    data = write_csv([FULL, second], extra_columns=["Fibre yield"])
    check = check_file(data, "export.csv")
    records = [result.record for result in check.results]
    assert records[0] == {**FULL, "extra": {}}
    assert records[1] == second
    assert [p.column for p in check.file_problems] == ["Fibre yield"]


def test_writing_is_deterministic_and_survives_a_second_round():
    first = write_csv([FULL])
    assert write_csv(read_back(first, "a.csv")) == first
    assert write_csv([FULL], bom=False) == first.removeprefix(b"\xef\xbb\xbf")


def test_csv_chunks_stream_the_same_bytes():
    records = [dict(FULL, ACCENUMB=f"ZM{i:04d}") for i in range(2500)]
    assert b"".join(csv_chunks(records, rows_per_chunk=1000)) == write_csv(records)
    assert len(list(csv_chunks(iter(records), rows_per_chunk=1000))) == 3


def test_xlsx_has_one_mcpd_sheet_of_text_cells_with_a_bold_header():
    data = write_xlsx([FULL])
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["MCPD"]
    sheet = workbook["MCPD"]
    header = [cell.value for cell in sheet[1]]
    assert header == list(COLUMN_ORDER)
    assert all(cell.font.bold for cell in sheet[1])
    values = {name: cell for name, cell in zip(header, sheet[2], strict=True)}
    assert values["MLSSTAT"].value == "0" and values["MLSSTAT"].data_type == "s"
    assert values["SAMPSTAT"].value == "300"
    assert sheet.column_dimensions["O"].width > len("ACCENAME")  # ACCENAME holds wide text
    assert sheet.freeze_panes == "A2"


def test_xlsx_round_trip_and_determinism():
    data = write_xlsx([FULL])
    assert read_back(data, "export.xlsx") == [FULL]
    assert write_xlsx([FULL]) == data
