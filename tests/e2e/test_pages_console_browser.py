"""Every page an administrator reaches from the navigation loads with a clean browser console.

A blocked inline script or style (Content-Security-Policy), a script error or a missing
asset shows up as a console error or a failed request; a person would see a chart that never
draws or a button that does nothing. The walk follows the main navigation and, from each of
its pages, one link of every URL shape (``/accessions/7`` and ``/accessions/9`` are one shape;
query-string variants of a page are not visited again), so a new page is covered as soon as
something links to it.
"""

import re
from datetime import timedelta

import pytest

from germbank.orm import utcnow

pytestmark = pytest.mark.browser

PAGE_LIMIT = 80  # a guard; the walk ends by itself (about 47 pages with the demo)
SKIPPED = re.compile(r"logout|/api/|\.(csv|xlsx|json|svg|pdf|txt)(\?|$)|export|download|labels")
IDENTIFIER = re.compile(r"/[^/]*\d[^/]*")  # a path segment with a digit names one record


def shape_of(link: str) -> str:
    """``/devices/th-st1-r1-01?x=1`` -> ``/devices/N``: one visit per kind of page."""
    return IDENTIFIER.sub("/N", link.split("?")[0].split("#")[0])


def links_on(page) -> list[str]:
    """Same-site links of the page's main content and navigation, as paths."""
    hrefs = page.eval_on_selector_all(
        ".mainnav a[href], main a[href]", "els => els.map(e => e.getAttribute('href'))"
    )
    return [h for h in hrefs if h.startswith("/") and not h.startswith("//")]


def track_data_requests(page) -> set:
    """The page's fetch/XHR requests still in flight (chart data, live values)."""
    pending: set = set()
    data = ("fetch", "xhr")
    page.on("request", lambda r: pending.add(r) if r.resource_type in data else None)
    page.on("requestfinished", lambda r: pending.discard(r))
    page.on("requestfailed", lambda r: pending.discard(r))
    return pending


def settle(page, pending: set) -> None:
    """Wait (briefly) until the data the page asked for on load has arrived."""
    for _ in range(100):
        if not pending:
            return
        page.wait_for_timeout(50)


def test_pages_reached_from_the_navigation_have_no_console_errors(
    page, browser_login, console_errors, demo_data, ingest
):
    now = utcnow()
    ingest("env-gh1-b1-01", [  # greenhouse bay GH1-B1 gets readings, so its charts draw
        (now - timedelta(minutes=10 * i), {"temperature": 21.0, "humidity": 70.0, "co2": 600})
        for i in range(36, 0, -1)
    ])
    base = browser_login(page, "admin")
    pending = track_data_requests(page)
    queue, shapes, visited = [], set(), []
    for link in links_on(page):
        if shape_of(link) not in shapes and not SKIPPED.search(link):
            shapes.add(shape_of(link))
            queue.append(link)
    assert len(queue) >= 5, queue  # the navigation lists the features
    while queue and len(visited) < PAGE_LIMIT:
        path = queue.pop(0)
        if path in visited:
            continue
        visited.append(path)
        response = page.goto(f"{base}{path}")
        assert response.status == 200, f"{path}: {response.status}"
        settle(page, pending)
        for link in links_on(page):
            shape = shape_of(link)
            if shape not in shapes and not SKIPPED.search(link):
                shapes.add(shape)
                queue.append(link)
    assert len(visited) >= 20, visited
    assert not console_errors, console_errors
