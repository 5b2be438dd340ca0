"""Every table comes from a migration, and the migrations match the models."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from germbank.extensions import db


def test_migrations_match_models(app):
    """Upgrading an empty database to head leaves nothing for autogenerate to add."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "render_as_batch": True},
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_every_model_table_exists_after_upgrade(app):
    tables = set(sa.inspect(db.engine).get_table_names())
    assert set(db.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_migrations_are_named(app):
    from alembic.script import ScriptDirectory

    config = app.extensions["migrate"].migrate.get_config()
    for script in ScriptDirectory.from_config(config).walk_revisions():
        assert script.doc and len(script.doc) > 10, script.revision
        assert not script.revision.isalnum() or "_" in script.revision
