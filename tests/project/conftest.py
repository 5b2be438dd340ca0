"""Fixtures for the project pages and API: the demo project on a fresh database."""

from __future__ import annotations

import pytest

EN = {"Accept-Language": "en"}


@pytest.fixture
def demo_project(app):
    """The illustrative demo project (with the foundation's locations), committed."""
    from germbank.demo import load_core
    from germbank.extensions import db
    from germbank.project import demo

    load_core()
    project = demo.load()
    db.session.commit()
    return project


@pytest.fixture
def manager(login_as):
    """A browser signed in as a project manager."""
    return login_as("project_manager")


def task_id(project, code: str) -> int:
    """The id of the demo task with ``code``."""
    return next(t.id for t in project.tasks if t.code == code)

