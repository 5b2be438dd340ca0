"""Each "Files met in the wild" item through the import service and through the page."""

import datetime as dt

import pytest
import sqlalchemy as sa

from germbank.extensions import db
from germbank.models.accessions import Accession

CHINESE_ROWS = [["INSTCODE", "ACCENUMB", "GENUS", "SPECIES", "ACCENAME", "COLLSITE", "REMARKS"],
                ["CHN123", "ZM001", "Boehmeria", "nivea", "中苎1号;湘苎3号", "湖南省沅江市",
                 "COLLSITE:河边"]]


def wild_files(files):
    """(name, bytes, filename, check) for every item of the reference list."""
    def floats(accession):
        assert (accession.sampstat, accession.acqdate, accession.elevation) == (
            410, "20160225", 35)

    def extra(accession):
        assert accession.extra == {"Fibre fineness (Nm)": "1800"}

    def sheets(accession):
        assert accession.accenumb == "ZM001" and accession.genus == "Boehmeria"

    def spaces_and_case(accession):
        assert (accession.instcode, accession.origcty, accession.storage, accession.genus) == (
            "CHN123", "CHN", "11;13", "Boehmeria")

    def dms(accession):
        assert accession.declatitude == pytest.approx(28.341667)
        assert accession.declongitude == pytest.approx(112.358333)
        assert accession.latitude == "282030N"

    def partial_dates(accession):
        assert (accession.acqdate, accession.colldate) == ("2019----", "201903--")

    def chinese(accession):
        assert accession.accename == "中苎1号;湘苎3号" and accession.collsite == "湖南省沅江市"

    return [
        ("floats", files.xlsx({"P": [["INSTCODE", "ACCENUMB", "GENUS", "SAMPSTAT", "ACQDATE",
                                      "ELEVATION"],
                                     ["CHN123", "ZM001", "Boehmeria", 410.0, 20160225.0,
                                      35.0]]}), "p.xlsx", floats),
        ("floats-csv", files.csv([["INSTCODE", "ACCENUMB", "GENUS", "SAMPSTAT", "ACQDATE",
                                   "ELEVATION"],
                                  ["CHN123", "ZM001", "Boehmeria", "410.0", "20160225.0",
                                   "35.0"]]), "p.csv", floats),
        ("excel-date", files.xlsx({"P": [["INSTCODE", "ACCENUMB", "GENUS", "SAMPSTAT",
                                          "ACQDATE", "ELEVATION"],
                                         ["CHN123", "ZM001", "Boehmeria", 410,
                                          dt.datetime(2016, 2, 25), 35]]}), "p.xlsx", floats),
        ("extra-columns", files.csv([["INSTCODE", "ACCENUMB", "GENUS", "Fibre fineness (Nm)"],
                                     ["CHN123", "ZM001", "Boehmeria", "1800"]]), "p.csv", extra),
        ("sheets", files.xlsx({"Metadata": [["Yuanjiang passport data"], ["version", 3]],
                               "Data": [["title"], ["INSTCODE", "ACCENUMB", "GENUS"],
                                        ["CHN123", "ZM001", "Boehmeria"]]}), "p.xlsx", sheets),
        ("blank-rows", files.csv([["INSTCODE", "ACCENUMB", "GENUS"], [], ["", "", ""],
                                  ["CHN123", "ZM001", "Boehmeria"], []]), "p.csv", sheets),
        ("spaces-case", files.csv([[" instcode ", "ACCENUMB", "Genus", "ORIGCTY", "STORAGE"],
                                   [" chn123", "ZM001 ", "boehmeria ", " chn", "11; 13"]]),
         "p.csv", spaces_and_case),
        ("dms-only", files.csv([["INSTCODE", "ACCENUMB", "GENUS", "LATITUDE", "LONGITUDE"],
                                ["CHN123", "ZM001", "Boehmeria", "282030N", "1122130E"]]),
         "p.csv", dms),
        ("partial-dates", files.csv([["INSTCODE", "ACCENUMB", "GENUS", "ACQDATE", "COLLDATE"],
                                     ["CHN123", "ZM001", "Boehmeria", "20190000", "201903--"]]),
         "p.csv", partial_dates),
        ("utf8", files.csv(CHINESE_ROWS), "p.csv", chinese),
        ("utf8-bom", files.csv(CHINESE_ROWS, "utf-8-sig"), "p.csv", chinese),
        ("gbk", files.csv(CHINESE_ROWS, "gbk"), "p.csv", chinese),
    ]


WILD = ["floats", "floats-csv", "excel-date", "extra-columns", "sheets", "blank-rows",
        "spaces-case", "dms-only", "partial-dates", "utf8", "utf8-bom", "gbk"]


def pick(files, name):
    return next(item for item in wild_files(files) if item[0] == name)


@pytest.mark.parametrize("name", WILD)
def test_through_the_service(run_import, files, name):
    _, data, filename, check = pick(files, name)
    report = run_import(data, filename)
    assert report.applied and report.created == 1 and report.errors == []
    check(db.session.scalar(sa.select(Accession)))


@pytest.mark.parametrize("name", WILD)
def test_through_the_page(login_as, files, name):
    _, data, filename, check = pick(files, name)
    browser = login_as("agronomist")
    response = browser.post("/mcpd/import", data={"file": (__import__("io").BytesIO(data),
                                                           filename), "mode": "insert"},
                            headers={"Accept-Language": "en"})
    assert response.status_code == 302, response.get_data(as_text=True)
    preview = browser.get(response.location, headers={"Accept-Language": "en"})
    assert "Nothing has been imported yet" in preview.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Accession)) == 0
    confirmed = browser.post(response.location + "/confirm", data={"mode": "insert"})
    assert confirmed.status_code == 302
    page = browser.get(confirmed.location, headers={"Accept-Language": "en"}).get_data(
        as_text=True)
    assert "The import is done." in page and 'data-count="created">1<' in page
    db.session.expire_all()
    check(db.session.scalar(sa.select(Accession)))
