"""Problem messages in the reader's language: Chinese pages, English pages, an English CLI."""

import csv
import io
import subprocess
import sys
from pathlib import Path

from germbank.mcpd.problems import Problem

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}
EN = {"Accept-Language": "en"}
ROOT = Path(__file__).resolve().parents[2]


def bad_file(files):
    """Row 2 fine; row 3 a bad SAMPSTAT (warning), a half-bad STORAGE list and a latitude
    that is no number (a reason whose axis is translated too); row 4 no INSTCODE (error)."""
    rows = [files.ramie(1, DECLATITUDE="28.3417", DECLONGITUDE="112.3583"),
            files.ramie(2, SAMPSTAT="abc", STORAGE="20;77", DECLATITUDE="north",
                        DECLONGITUDE="112.3583"),
            files.ramie(3, INSTCODE="", DECLATITUDE="", DECLONGITUDE="")]
    return files.csv(files.rows_of(rows))


def dry_run(browser, data, headers):
    response = browser.post("/mcpd/import", data={"file": (io.BytesIO(data), "passport.csv"),
                                                  "mode": "insert"}, headers=headers)
    assert response.status_code == 302
    return response.location, browser.get(response.location, headers=headers).get_data(
        as_text=True)


def test_a_chinese_browser_sees_the_problems_in_chinese(login_as, files):
    _, page = dry_run(login_as("agronomist"), bad_file(files), ZH)
    errors, warnings = page.split('id="errors"')[1].split('id="warnings"')
    assert "INSTCODE 为空；每份种质都必须填写" in errors
    assert ("SAMPSTAT 的值“abc”不是 MCPD 生物学状态代码（例如 300 地方品种，410 育种品系）"
            in warnings)
    assert "STORAGE 的值“20;77”中的“77”不是 MCPD 保存类型代码" in warnings
    assert ("DECLATITUDE 的值“north”不是以度为单位的十进制纬度（例如 28.3417）；该值已被忽略"
            in warnings)
    assert "is not an MCPD" not in page and "every accession needs one" not in page


def test_an_english_browser_sees_the_problems_in_english(login_as, files):
    _, page = dry_run(login_as("agronomist"), bad_file(files), EN)
    assert "INSTCODE is empty; every accession needs one" in page
    assert ("SAMPSTAT &#39;abc&#39; is not an MCPD biological status code (e.g. 300 landrace, "
            "410 breeder&#39;s line); the value was ignored") in page
    assert ("DECLATITUDE &#39;north&#39; is not a decimal latitude in degrees (e.g. 28.3417); "
            "the value was ignored") in page
    assert "生物学状态" not in page


def test_the_same_stored_report_follows_the_language_of_each_visit(login_as, files):
    browser = login_as("agronomist")
    location, _ = dry_run(browser, bad_file(files), EN)
    assert "不是 MCPD 生物学状态代码" in browser.get(location, headers=ZH).get_data(as_text=True)


def test_a_file_error_on_the_upload_page_is_in_chinese(login_as):
    response = login_as("agronomist").post(
        "/mcpd/import", data={"file": (io.BytesIO(b"name,value\na,1\n"), "notes.csv"),
                              "mode": "insert"}, headers=ZH)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "前几行中没有含 ACCENUMB 列的表头行；这是 MCPD 护照数据文件吗？" in page
    assert "no header row" not in page


def test_the_problems_file_keeps_english_and_adds_the_readers_language(login_as, files):
    browser = login_as("agronomist")
    location, _ = dry_run(browser, bad_file(files), ZH)
    chinese = list(csv.reader(io.StringIO(
        browser.get(location + "/preview/problems.csv", headers=ZH).data.decode("utf-8-sig"))))
    assert chinese[0] == ["row", "column", "value", "severity", "message", "问题"]
    sampstat = next(row for row in chinese if row[1] == "SAMPSTAT")
    assert sampstat[4].startswith("SAMPSTAT 'abc' is not an MCPD biological status code")
    assert sampstat[5].startswith("SAMPSTAT 的值“abc”不是 MCPD 生物学状态代码")
    english = browser.get(location + "/preview/problems.csv", headers=EN).data.decode("utf-8-sig")
    assert english.splitlines()[0] == "row,column,value,severity,message"


def test_the_rejected_rows_file_keeps_the_english_reason_like_the_cli(login_as, files):
    browser = login_as("agronomist")
    location, _ = dry_run(browser, bad_file(files), ZH)
    text = browser.get(location + "/preview/rejected.csv", headers=ZH).data.decode("utf-8-sig")
    assert "INSTCODE is empty; every accession needs one" in text


def test_the_cli_stays_english(runner, files, tmp_path):
    source = tmp_path / "passport.csv"
    source.write_bytes(bad_file(files))
    result = runner.invoke(args=["import-mcpd", str(source), "--dry-run"])
    assert result.exit_code == 1
    assert ("row 3, SAMPSTAT: SAMPSTAT 'abc' is not an MCPD biological status code (e.g. 300 "
            "landrace, 410 breeder's line); the value was ignored") in result.output
    assert "row 4, INSTCODE: INSTCODE is empty; every accession needs one" in result.output
    assert "%(" not in result.output
    notes = tmp_path / "notes.csv"
    notes.write_text("hello,world\n")
    result = runner.invoke(args=["import-mcpd", str(notes)])
    assert result.exit_code == 2 and "no header row with an ACCENUMB column" in result.output


def test_a_message_that_cannot_be_translated_falls_back_to_english(app):
    from flask_babel import refresh

    from germbank.mcpd_import.messages import problem_message

    older = Problem(3, "SAMPSTAT", "abc", "SAMPSTAT 'abc' is odd", "warning")
    broken = Problem(3, "SAMPSTAT", "abc", "SAMPSTAT 'abc' is odd", "warning",
                     "%(column)s '%(value)s' %(unknown)s", {"column": "SAMPSTAT"})
    with app.test_request_context(headers=ZH):
        refresh()
        assert problem_message(older) == "SAMPSTAT 'abc' is odd"
        assert problem_message(broken) == "SAMPSTAT 'abc' is odd"


def test_the_mcpd_package_never_loads_flask_babel():
    code = ("import sys, germbank.mcpd, germbank.mcpd.schema, germbank.mcpd.xlsx_reader; "
            "print('flask_babel' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, env={"PYTHONPATH": str(ROOT)}, check=True)
    assert result.stdout.strip() == "False"


def test_a_library_error_text_is_passed_through_untouched(app):
    from flask_babel import refresh

    from germbank.mcpd.messages import N_
    from germbank.mcpd.reader import McpdFileError
    from germbank.mcpd_import.messages import error_message

    error = McpdFileError(N_("the workbook cannot be opened: %(detail)s"), detail="100%d bad")
    assert str(error) == "the workbook cannot be opened: 100%d bad"
    with app.test_request_context(headers=ZH):
        refresh()  # the test's app context outlives the request: forget its language
        assert error_message(error) == "无法打开工作簿：100%d bad"
    with app.test_request_context(headers=EN):
        refresh()
        assert error_message(error) == "the workbook cannot be opened: 100%d bad"
