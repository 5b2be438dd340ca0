"""An agronomist imports an MCPD file through the upload page and reads the reports."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MCPD_CSV = (
    "INSTCODE,ACCENUMB,ACCENAME,GENUS,SPECIES,SAMPSTAT,ORIGCTY\n"
    "CHN121,E2E-IMP-1,Good kenaf,Hibiscus,cannabinus,300,CHN\n"
    "CHN121,E2E-IMP-2,Bad jute,Corchorus capsularis,,300,CHN\n"
)


@pytest.fixture
def app_config(app_config, tmp_path):
    """Uploads and their reports go to the test's own folder, not the instance folder."""
    return {**app_config, "MCPD_IMPORT_DIR": str(tmp_path / "mcpd_imports")}


def test_dry_run_shows_the_bad_row_then_valid_rows_are_imported(
    page, browser_login, console_errors
):
    base = browser_login(page, "agronomist")
    page.get_by_role("link", name="MCPD import").click()
    expect(page.locator("h1")).to_have_text("Import MCPD passport data")
    page.get_by_label("MCPD file (CSV or XLSX)").set_input_files(
        {"name": "kenaf-and-jute.csv", "mimeType": "text/csv", "buffer": MCPD_CSV.encode()}
    )
    page.get_by_role("button", name="Check the file").click()

    expect(page.locator("h1")).to_have_text("Check of kenaf-and-jute.csv")
    expect(page.locator("main")).to_contain_text("Nothing has been imported yet.")
    counts = page.locator("#counts")
    expect(counts.locator("[data-count=rows]")).to_have_text("2")
    expect(counts.locator("[data-count=created]")).to_have_text("1")
    expect(counts.locator("[data-count=rejected]")).to_have_text("1")
    problem = page.locator("#errors tbody tr")
    expect(problem).to_have_count(1)
    expect(problem.locator("td").nth(0)).to_have_text("3")  # the file's third line
    expect(problem.locator("td").nth(1)).to_have_text("GENUS")
    expect(problem.locator("td").nth(2)).to_have_text("Corchorus capsularis")
    expect(problem.locator("td").nth(3)).to_contain_text(
        "GENUS 'Corchorus capsularis' is not a genus name (one word, e.g. Boehmeria)"
    )

    page.get_by_label("Import the valid rows and give me the rejected ones back").check()
    page.get_by_role("button", name="Import", exact=True).click()

    expect(page.locator("h1")).to_have_text("Import of kenaf-and-jute.csv")
    expect(page.locator(".flash-success")).to_have_text("The import is done.")
    expect(counts.locator("[data-count=created]")).to_have_text("1")
    expect(counts.locator("[data-count=rejected]")).to_have_text("1")
    expect(page.get_by_role("link", name="Download the rejected rows")).to_be_visible()

    page.goto(f"{base}/accessions/?q=E2E-IMP")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("E2E-IMP-1")
    assert not console_errors, console_errors
