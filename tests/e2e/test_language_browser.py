"""The language switcher flips the page a person is reading between Chinese and English."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_switcher_flips_the_same_page_between_chinese_and_english(
    page, browser_login, console_errors, demo_data
):
    base = browser_login(page, "agronomist")
    page.goto(f"{base}/accessions/?q=HM0003")
    expect(page.locator("h1")).to_have_text("Accessions")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("button", name="中文").click()
    expect(page.locator("h1")).to_have_text("种质")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    assert page.url == f"{base}/accessions/?q=HM0003"  # the same page, search kept
    expect(page.get_by_label("搜索名称和编号", exact=True)).to_have_value("HM0003")
    expect(page.locator("table tbody tr").first).to_contain_text("HM0003")
    expect(page.get_by_role("button", name="退出")).to_be_visible()

    page.locator(".mainnav").get_by_role("link", name="首页").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")  # the choice stays

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url == f"{base}/home"
    expect(page.locator("h1")).to_have_text("Germplasm curation")
    expect(page.locator(".mainnav")).to_contain_text("Home")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert not console_errors, console_errors
