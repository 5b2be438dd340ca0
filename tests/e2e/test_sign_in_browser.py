"""Signing in through a real browser, in both languages, with the page's assets loading."""

import pytest

pytestmark = pytest.mark.browser


def test_sign_in_page_in_english_and_chinese(page, live_server):
    page.goto(f"{live_server}/login")
    assert page.locator("h1").inner_text() == "Sign in to GermBank"
    page.click("button[name=locale][value=zh_CN]")
    assert page.locator("h1").inner_text() == "登录 GermBank"


def test_agronomist_signs_in_and_sees_home(page, browser_login):
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    base = browser_login(page, "agronomist")
    assert page.locator("h1").inner_text() == "Germplasm curation"
    assert page.url == f"{base}/home"
    assert not errors, errors
