"""The project tables come from migration 0004_project and match the models."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from germbank.extensions import db

PROJECT_TABLES = {"projects", "project_tasks", "project_task_links", "project_progress_updates",
                  "project_budget_lines", "project_payments", "project_deliverables",
                  "project_instruments", "project_risks"}


def _table_of(difference) -> str | None:
    """The table a difference from ``compare_metadata`` is about."""
    for part in difference if isinstance(difference, list) else [difference]:
        for item in part[1:]:
            table = getattr(item, "table", None) or item
            name = getattr(table, "name", None)
            if isinstance(name, str):
                return name
            if isinstance(item, str) and item in PROJECT_TABLES:
                return item
    return None


def test_project_tables_match_the_models(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                               "render_as_batch": True})
        differences = compare_metadata(context, db.metadata)
    ours = [d for d in differences if _table_of(d) in PROJECT_TABLES]
    assert ours == []
    assert PROJECT_TABLES <= set(db.inspect(db.engine).get_table_names())
