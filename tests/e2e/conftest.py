"""Helpers for the browser flows: console watching and demo data in the live server's database.

The browser fixtures themselves (``live_server``, ``page``, ``browser_login``, ``chromium``)
live in ``tests/conftest.py``; this file adds what several flows need on top of them.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def console_errors(page) -> list[str]:
    """Everything the browser reports as broken while the test runs.

    Console errors (a Content-Security-Policy violation is one), uncaught script errors, and
    sub-resources (scripts, styles, JSON) the server answered with 4xx/5xx. Page navigations
    are left out: a form answering 400 with its errors is a page a person reads, not a fault.
    The test asserts the list is empty at its end.
    """
    errors: list[str] = []

    def on_console(message) -> None:
        if message.type == "error":
            errors.append(f"console: {message.text} ({message.location.get('url', '')})")

    def on_response(response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            errors.append(f"HTTP {response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"script: {error}"))
    page.on("response", on_response)
    return errors


@pytest.fixture
def demo_data(app) -> None:
    """The demo's people, places, accessions, devices, alarms and project, committed.

    The live server shares the test database, so what is committed here is what the browser
    sees. Loaded before the browser acts.
    """
    from germbank.demo import load_all
    from germbank.extensions import db

    load_all()
    db.session.commit()
