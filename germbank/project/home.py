"""The project's card on the home page: the few figures a manager looks at first."""

from __future__ import annotations

from typing import Any

from germbank.project import loading
from germbank.project.dashboard import build_dashboard


def card_context() -> dict[str, Any] | None:
    """Figures for the home card, or None (card hidden) while there is no project."""
    project = loading.the_project()
    if project is None:
        return None
    board = build_dashboard(project)
    return {"project": project, "board": board, "locale": loading.current_locale()}
