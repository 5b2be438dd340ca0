"""An agronomist registers an accession by hand and finds it again, in a real browser."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_agronomist_registers_an_accession_and_finds_it_by_search(
    page, browser_login, console_errors, demo_data
):
    base = browser_login(page, "agronomist")
    page.get_by_role("link", name="Accessions", exact=True).first.click()
    page.get_by_role("link", name="New accession").click()
    expect(page.locator("h1")).to_have_text("New accession")

    page.get_by_label("Holding institute (WIEWS code)", exact=True).fill("CHN121")
    page.get_by_label("Accession number", exact=True).fill("E2E-0001")
    page.get_by_label("Accession name(s)", exact=True).fill("Browser ramie")
    page.get_by_label("Chinese name", exact=True).fill("浏览器苎麻")
    page.get_by_label("Genus", exact=True).fill("Boehmeria")
    page.get_by_label("Species", exact=True).fill("nivea")
    page.get_by_label("Biological status", exact=True).select_option("300")
    page.get_by_role("button", name="Register accession").click()

    expect(page.locator(".flash")).to_contain_text("Accession E2E-0001 registered.")
    expect(page.locator("h1")).to_have_text("E2E-0001")
    expect(page.locator(".page-head .sub")).to_contain_text("Browser ramie · 浏览器苎麻")
    expect(page.locator(".page-head .taxon")).to_contain_text("Boehmeria nivea")
    expect(page.locator("#passport-breeding")).to_contain_text("traditional cultivar/landrace")
    detail_url = page.url

    page.get_by_role("link", name="Accessions", exact=True).first.click()
    assert page.locator("table tbody tr").count() > 1  # the demo collection is listed
    page.get_by_label("Search names and numbers", exact=True).fill("浏览器")
    page.get_by_label("Search names and numbers").press("Enter")
    page.wait_for_url(f"{base}/accessions/?*q=*")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("E2E-0001")
    rows.first.get_by_role("link", name="E2E-0001").click()
    assert page.url == detail_url
    assert not console_errors, console_errors
