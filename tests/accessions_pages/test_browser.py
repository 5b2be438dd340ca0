"""The accession pages in a real browser: no CSP violation or script error, the germination
form previews its result as counts are typed, and "select all" selects the page's rows."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def watch_errors(tab) -> list[str]:
    """Collect console errors (a CSP violation is reported there)."""
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text)
           if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_pages_render_without_script_or_csp_errors(page, browser_login, make_accession,
                                                   make_lot, make_test):
    accession = make_accession(ACCENUMB="YJ-B1", name_zh="湘苎一号")
    lot = make_lot(accession)
    make_test(lot, "2024-05-01", [45, 44, 46, 45])
    errors = watch_errors(page)
    base = browser_login(page, "agronomist")
    for path in ("/accessions/", f"/accessions/{accession.id}", f"/accessions/lots/{lot.id}",
                 f"/accessions/{accession.id}/edit", f"/accessions/labels?lot={lot.id}",
                 "/accessions/regeneration", f"/accessions/lots/{lot.id}/tests/new"):
        page.goto(base + path)
        assert page.locator("h1").count() >= 1, path
    # The QR image decodes as an image in the browser (a data: URI the CSP allows).
    page.goto(f"{base}/accessions/labels?lot={lot.id}")
    width = page.eval_on_selector("img.qr", "img => img.complete && img.naturalWidth")
    assert width and width > 0
    assert not errors, errors


def test_germination_form_previews_the_result(page, browser_login, make_accession, make_lot):
    lot = make_lot(make_accession(ACCENUMB="YJ-B2"))
    base = browser_login(page, "agronomist")
    page.goto(f"{base}/accessions/lots/{lot.id}/tests/new")
    page.fill("input[name=replicates]", "2")
    page.fill("input[name=seeds_per_replicate]", "50")
    assert page.is_hidden("input[name=normal_3]")
    page.fill("input[name=normal_1]", "45")
    assert "every replicate" in page.inner_text("[data-germination-result]")
    page.fill("input[name=normal_2]", "46")
    assert page.inner_text("[data-germination-result]") == "Result: 91.00 % (91 normal of 100 sown)"
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{base}/accessions/lots/{lot.id}#tests")
    assert "91.00 %" in page.inner_text(".flashes")


def test_select_all_then_print_labels_for_the_selection(page, browser_login, make_accession,
                                                        make_lot):
    for number in (1, 2, 3):
        make_lot(make_accession(ACCENUMB=f"YJ-S{number}"))
    base = browser_login(page, "viewer")
    page.goto(f"{base}/accessions/")
    page.check("input[data-select-all]")
    assert page.locator("input[name=accession]:checked").count() == 3
    page.click("text=Labels for selected")
    page.wait_for_url(f"{base}/accessions/labels?*")
    assert page.locator(".lot-label").count() == 3
