"""Label sheets: each lot label carries its numbers and a QR code of the lot page's URL."""

from __future__ import annotations

import base64
import re

import segno

EN = {"Accept-Language": "en"}


def body(response) -> str:
    return response.get_data(as_text=True)


def qr_images(html: str) -> list[bytes]:
    """The SVG documents of every QR ``<img>`` on the page."""
    uris = re.findall(r'<img class="qr" src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"',
                      html)
    return [base64.b64decode(uri) for uri in uris]


def svg_modules(svg: bytes) -> set[tuple[int, int]]:
    """Dark modules (row, column) drawn by segno's SVG path (quiet zone included)."""
    path = re.search(rb'class="qrline"[^>]* d="([^"]+)"', svg).group(1).decode()
    x = y = 0.0
    dark = set()
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            for column in range(int(x), int(x + float(a))):
                dark.add((int(y), column))
            x += float(a)
    return dark


def encoded(text: str) -> set[tuple[int, int]]:
    """The dark modules of ``text`` encoded the way labels encode it, with a quiet zone of 4."""
    matrix = segno.make(text, error="m", micro=False).matrix
    return {(r + 4, c + 4) for r, row in enumerate(matrix) for c, v in enumerate(row) if v}


def test_label_carries_the_lot_and_a_qr_code_of_its_page(login_as, make_accession, make_lot):
    accession = make_accession(ACCENUMB="YJ-Q1", ACCENAME="Hongma 3", name_zh="红麻三号")
    lot = make_lot(accession, where="ST1-R2-S01", harvest_date="2023-10-05")
    html = body(login_as("viewer").get(f"/accessions/labels?lot={lot.id}", headers=EN))
    for expected in ("YJ-Q1", "红麻三号 · Hongma 3", "Kenaf", lot.lot_number, "ST1-R2-S01",
                     "harvested 2023-10-05", "1 label"):
        assert expected in html, expected
    url = f"http://localhost/accessions/lots/{lot.id}"
    assert f'data-lot-url="{url}"' in html
    (svg,) = qr_images(html)
    assert f"<title>{url}</title>".encode() in svg
    assert svg_modules(svg) == encoded(url)
    assert svg_modules(svg) != encoded(f"http://localhost/accessions/lots/{lot.id + 1}")


def test_scanned_url_opens_the_lot_page(login_as, make_accession, make_lot):
    lot = make_lot(make_accession(ACCENUMB="YJ-Q2"))
    browser = login_as("viewer")
    html = body(browser.get(f"/accessions/labels?lot={lot.id}", headers=EN))
    url = re.search(r'data-lot-url="([^"]+)"', html).group(1)
    page = browser.get(url, headers=EN)
    assert page.status_code == 200 and f"Lot {lot.lot_number}" in body(page)


def test_labels_from_the_list_selection_and_from_the_whole_filter(login_as, make_accession,
                                                                  make_lot):
    kenaf = make_accession(ACCENUMB="YJ-K1")
    ramie = make_accession(ACCENUMB="YJ-R1", GENUS="Boehmeria", SPECIES="nivea",
                           CROPNAME="ramie")
    make_lot(kenaf)
    make_lot(kenaf)
    make_lot(ramie, kind="plant", planting_date="2022-03-15")
    browser = login_as("viewer")
    selected = body(browser.get(f"/accessions/labels?accession={kenaf.id}", headers=EN))
    assert len(qr_images(selected)) == 2 and "YJ-R1" not in selected
    filtered = body(browser.get("/accessions/labels?all=1&crop=ramie", headers=EN))
    assert len(qr_images(filtered)) == 1 and "planted 2022-03-15" in filtered
    assert "YJ-K1" not in filtered
    everything = body(browser.get("/accessions/labels?all=1", headers=EN))
    assert len(qr_images(everything)) == 3


def test_a_sheet_holds_24_labels(login_as, make_accession, make_lot):
    accession = make_accession(ACCENUMB="YJ-MANY")
    for _ in range(25):
        make_lot(accession)
    html = body(login_as("viewer").get(f"/accessions/labels?accession={accession.id}",
                                       headers=EN))
    assert len(re.findall(r"<div class=\"label-sheet[ \"]", html)) == 2 and "25 labels" in html


def test_bad_ids_are_reported(login_as, bank):
    response = login_as("viewer").get("/accessions/labels?lot=abc", headers=EN)
    assert response.status_code == 400 and "Not a record number: abc" in body(response)
    empty = login_as("technician").get("/accessions/labels", headers=EN)
    assert empty.status_code == 200 and "No lots to label" in body(empty)


def test_hostile_names_on_labels_are_escaped(login_as, make_accession, make_lot):
    lot = make_lot(make_accession(ACCENUMB="YJ-H1", ACCENAME="<script>x()</script>"))
    html = body(login_as("viewer").get(f"/accessions/labels?lot={lot.id}", headers=EN))
    assert "<script>x()</script>" not in html and "&lt;script&gt;" in html
