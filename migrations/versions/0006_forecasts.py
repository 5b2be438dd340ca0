"""forecasts: per-crop viability settings and accepted lot calibration fits

Revision ID: 0006_forecasts
Revises: 0005_monitoring
Create Date: 2026-11-27 22:37:11.241128
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_forecasts'
down_revision = '0005_monitoring'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('forecast_crop_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('crop_id', sa.Integer(), nullable=False),
    sa.Column('ch', sa.Float(), nullable=True),
    sa.Column('cq', sa.Float(), nullable=True),
    sa.Column('moisture_floor_pct', sa.Float(), nullable=True),
    sa.Column('moisture_model', sa.JSON(), nullable=True),
    sa.Column('substitute_for', sa.String(length=255), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('moisture_floor_pct IS NULL OR (moisture_floor_pct > 0 AND moisture_floor_pct < 25)', name=op.f('ck_forecast_crop_settings_floor_range')),
    sa.ForeignKeyConstraint(['crop_id'], ['crops.id'], name=op.f('fk_forecast_crop_settings_crop_id_crops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_forecast_crop_settings')),
    sa.UniqueConstraint('crop_id', name=op.f('uq_forecast_crop_settings_crop_id'))
    )
    op.create_table('forecast_lot_fits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lot_id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=8), nullable=False),
    sa.Column('ki', sa.Float(), nullable=False),
    sa.Column('initial_pct', sa.Float(), nullable=False),
    sa.Column('ke', sa.Float(), nullable=True),
    sa.Column('basis_ke', sa.Float(), nullable=False),
    sa.Column('basis_cw', sa.Float(), nullable=False),
    sa.Column('n_tests', sa.Integer(), nullable=False),
    sa.Column('rmse_pct', sa.Float(), nullable=False),
    sa.Column('rmse_probit', sa.Float(), nullable=False),
    sa.Column('r_squared', sa.Float(), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('fitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('fitted_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("scope IN ('lot', 'crop')", name=op.f('ck_forecast_lot_fits_scope_known')),
    sa.CheckConstraint('n_tests >= 1', name=op.f('ck_forecast_lot_fits_tests_positive')),
    sa.ForeignKeyConstraint(['fitted_by_id'], ['users.id'], name=op.f('fk_forecast_lot_fits_fitted_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['lot_id'], ['inventory_lots.id'], name=op.f('fk_forecast_lot_fits_lot_id_inventory_lots'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_forecast_lot_fits'))
    )
    with op.batch_alter_table('forecast_lot_fits', schema=None) as batch_op:
        batch_op.create_index('ix_forecast_lot_fits_lot_active', ['lot_id', 'is_active'], unique=False)


def downgrade():
    with op.batch_alter_table('forecast_lot_fits', schema=None) as batch_op:
        batch_op.drop_index('ix_forecast_lot_fits_lot_active')
    op.drop_table('forecast_lot_fits')
    op.drop_table('forecast_crop_settings')
