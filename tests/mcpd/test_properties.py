"""Property tests: any row yields a record or precise problems, never an exception."""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from germbank.mcpd import COLUMN_ORDER, McpdFileError, RowValidator, check_file, write_csv
from germbank.mcpd.schema import McpdRecordSchema

PLAUSIBLE = ["", " ", "NA", "410", "410.0", "0", "99", "11;13", "chn", "CHN123", "2019----",
             "20190230", "20160225.0", "282030N", "1122130E", "2820--N", "28.3417", "-95",
             "Boehmeria", "nivea", "中苎1号;湘苎3号", "12345.0", "abc", "1e400", "nan",
             "28°20'30\"N", "北纬28°20′30″", "=cmd|' /C calc'!A0"]
cell = st.one_of(st.none(), st.sampled_from(PLAUSIBLE), st.text(max_size=30),
                 st.text(alphabet=string.digits + ".-;NSEW ", max_size=12))
columns = st.lists(st.sampled_from(list(COLUMN_ORDER) + ["Notes", "备注"]), min_size=1,
                   max_size=20, unique=True)


@st.composite
def raw_rows(draw):
    names = ["INSTCODE", "ACCENUMB", "GENUS"] + [
        name for name in draw(columns) if name not in ("INSTCODE", "ACCENUMB", "GENUS")]
    return names, {name: draw(cell) for name in names}


@given(raw_rows())
@settings(max_examples=400, deadline=None)
def test_any_row_gives_a_record_or_precise_problems(sample):
    names, raw = sample
    result = RowValidator(names).validate(7, raw)
    for problem in result.problems:
        assert problem.severity in ("error", "warning")
        assert problem.row == 7 and problem.column and problem.message
        assert problem.column in problem.message
    if result.record is None:
        assert result.errors, "a rejected row must say why"
    else:
        assert not result.errors
        for code in ("INSTCODE", "ACCENUMB", "GENUS"):
            assert result.record[code]


@given(raw_rows())
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_accepted_record_survives_export_and_reimport(sample):
    names, raw = sample
    result = RowValidator(names).validate(2, raw)
    if result.record is None:
        return
    try:
        reread = list(check_file(write_csv([result.record]), "export.csv").results)
    except McpdFileError as error:  # pragma: no cover - would be a bug
        raise AssertionError(f"export of {result.record!r} unreadable: {error}") from error
    [again] = reread
    assert again.ok
    for code in COLUMN_ORDER:
        assert again.record.get(code) == result.record.get(code), code


@given(raw_rows())
@settings(max_examples=200, deadline=None)
def test_schema_never_crashes_and_agrees_with_the_validator_on_clean_rows(sample):
    names, raw = sample
    result = RowValidator(names).validate(2, raw)
    mcpd_raw = {name: value for name, value in raw.items() if name in COLUMN_ORDER}
    errors = McpdRecordSchema().validate(mcpd_raw)
    if result.record is not None and not result.problems:
        assert errors == {}
        loaded = McpdRecordSchema().load(mcpd_raw)
        for code, value in loaded.items():
            assert result.record.get(code) == value, code
    if result.record is None:
        assert errors
