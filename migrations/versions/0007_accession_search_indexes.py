"""accession search indexes: trigram GIN on search_text (PostgreSQL), narrow B-trees (SQLite)

Free-text search scanned the whole ~50-column accession table twice per request (count and
page). PostgreSQL gets a pg_trgm GIN index that serves ``search_text LIKE '%term%'``;
SQLite gets a B-tree on ``search_text`` (the count reads it instead of the table) and the
list index ``(accenumb, id, genus, sampstat, origcty, storage, search_text)``: a page of a
search or of the common filters in list order, without reading the table. The list index is
an empty partial index on PostgreSQL (``WHERE false``): a B-tree over the whole text could
exceed PostgreSQL's index row limit, and PostgreSQL plans with statistics and the trigrams.
The storage and location filters get narrow indexes too: the passport's ``storage`` and lots
by ``(location_id | storage_type, status, accession_id)``, so they read no table rows.

Revision ID: 0007_accession_search
Revises: 0006_forecasts
Create Date: 2026-11-28 01:40:00
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007_accession_search'
down_revision = '0006_forecasts'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == 'postgresql':
        # Trusted extension since PostgreSQL 13: the database owner may create it.
        op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
    with op.batch_alter_table('accessions', schema=None) as batch_op:
        batch_op.create_index('ix_accessions_search_text', ['search_text'], unique=False,
                              postgresql_using='gin',
                              postgresql_ops={'search_text': 'gin_trgm_ops'})
        batch_op.create_index('ix_accessions_list',
                              ['accenumb', 'id', 'genus', 'sampstat', 'origcty', 'storage',
                               'search_text'], unique=False, postgresql_where=sa.false())
        batch_op.create_index('ix_accessions_storage', ['storage'], unique=False)

    with op.batch_alter_table('inventory_lots', schema=None) as batch_op:
        batch_op.create_index('ix_inventory_lots_location_status_accession',
                              ['location_id', 'status', 'accession_id'], unique=False)
        batch_op.create_index('ix_inventory_lots_storage_status_accession',
                              ['storage_type', 'status', 'accession_id'], unique=False)


def downgrade():
    # pg_trgm stays: dropping an extension is the database administrator's decision.
    with op.batch_alter_table('inventory_lots', schema=None) as batch_op:
        batch_op.drop_index('ix_inventory_lots_storage_status_accession')
        batch_op.drop_index('ix_inventory_lots_location_status_accession')

    with op.batch_alter_table('accessions', schema=None) as batch_op:
        batch_op.drop_index('ix_accessions_storage')
        batch_op.drop_index('ix_accessions_list')
        batch_op.drop_index('ix_accessions_search_text')
