"""monitoring: thresholds per location and metric, alarms, alarm events, metric tracks

Revision ID: 0005_monitoring
Revises: 0004_project
Create Date: 2026-11-27 23:10:00

References only foundation tables (storage_locations, users): devices are named by code, so
this migration does not depend on the sensors or accessions migrations.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_monitoring'
down_revision = '0004_project'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('monitoring_alarms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('metric', sa.String(length=32), nullable=False),
    sa.Column('device_code', sa.String(length=64), nullable=False),
    sa.Column('severity', sa.String(length=16), nullable=False),
    sa.Column('direction', sa.String(length=8), nullable=True),
    sa.Column('limit_value', sa.Float(), nullable=True),
    sa.Column('trigger_value', sa.Float(), nullable=True),
    sa.Column('extreme_value', sa.Float(), nullable=True),
    sa.Column('excursion_started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('returned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cleared_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('acknowledged_by_id', sa.Integer(), nullable=True),
    sa.Column('ack_comment', sa.Text(), nullable=False),
    sa.Column('assigned_to_id', sa.Integer(), nullable=True),
    sa.Column('open_key', sa.String(length=160), nullable=True),
    sa.CheckConstraint("kind IN ('threshold', 'offline')", name=op.f('ck_monitoring_alarms_kind_known')),
    sa.CheckConstraint("severity IN ('warning', 'critical')", name=op.f('ck_monitoring_alarms_severity_known')),
    sa.ForeignKeyConstraint(['acknowledged_by_id'], ['users.id'], name=op.f('fk_monitoring_alarms_acknowledged_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['assigned_to_id'], ['users.id'], name=op.f('fk_monitoring_alarms_assigned_to_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['location_id'], ['storage_locations.id'], name=op.f('fk_monitoring_alarms_location_id_storage_locations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_alarms')),
    sa.UniqueConstraint('open_key', name=op.f('uq_monitoring_alarms_open_key'))
    )
    with op.batch_alter_table('monitoring_alarms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monitoring_alarms_assigned_to_id'), ['assigned_to_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitoring_alarms_location_id'), ['location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitoring_alarms_opened_at'), ['opened_at'], unique=False)
        batch_op.create_index('ix_monitoring_alarms_unacknowledged', ['acknowledged_at', 'opened_at'], unique=False)

    op.create_table('monitoring_thresholds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('metric', sa.String(length=32), nullable=False),
    sa.Column('minimum', sa.Float(), nullable=True),
    sa.Column('maximum', sa.Float(), nullable=True),
    sa.Column('grace_minutes', sa.Integer(), nullable=False),
    sa.Column('severity', sa.String(length=16), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("severity IN ('warning', 'critical')", name=op.f('ck_monitoring_thresholds_severity_known')),
    sa.CheckConstraint('grace_minutes >= 0 AND grace_minutes <= 1440', name=op.f('ck_monitoring_thresholds_grace_sane')),
    sa.CheckConstraint('minimum IS NULL OR maximum IS NULL OR minimum < maximum', name=op.f('ck_monitoring_thresholds_range_ordered')),
    sa.ForeignKeyConstraint(['location_id'], ['storage_locations.id'], name=op.f('fk_monitoring_thresholds_location_id_storage_locations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_thresholds')),
    sa.UniqueConstraint('location_id', 'metric', name=op.f('uq_monitoring_thresholds_location_id_metric'))
    )
    with op.batch_alter_table('monitoring_thresholds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monitoring_thresholds_location_id'), ['location_id'], unique=False)

    op.create_table('monitoring_tracks',
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('metric', sa.String(length=32), nullable=False),
    sa.Column('device_code', sa.String(length=64), nullable=False),
    sa.Column('excursion_since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('direction', sa.String(length=8), nullable=True),
    sa.Column('extreme', sa.Float(), nullable=True),
    sa.Column('in_range_since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('alarm_active', sa.Boolean(), nullable=False),
    sa.Column('last_ts', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_value', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['location_id'], ['storage_locations.id'], name=op.f('fk_monitoring_tracks_location_id_storage_locations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('location_id', 'metric', 'device_code', name=op.f('pk_monitoring_tracks'))
    )
    op.create_table('monitoring_alarm_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('alarm_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['alarm_id'], ['monitoring_alarms.id'], name=op.f('fk_monitoring_alarm_events_alarm_id_monitoring_alarms'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_monitoring_alarm_events_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_alarm_events'))
    )
    with op.batch_alter_table('monitoring_alarm_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monitoring_alarm_events_alarm_id'), ['alarm_id'], unique=False)


def downgrade():
    with op.batch_alter_table('monitoring_alarm_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_monitoring_alarm_events_alarm_id'))

    op.drop_table('monitoring_alarm_events')
    op.drop_table('monitoring_tracks')
    with op.batch_alter_table('monitoring_thresholds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_monitoring_thresholds_location_id'))

    op.drop_table('monitoring_thresholds')
    with op.batch_alter_table('monitoring_alarms', schema=None) as batch_op:
        batch_op.drop_index('ix_monitoring_alarms_unacknowledged')
        batch_op.drop_index(batch_op.f('ix_monitoring_alarms_opened_at'))
        batch_op.drop_index(batch_op.f('ix_monitoring_alarms_location_id'))
        batch_op.drop_index(batch_op.f('ix_monitoring_alarms_assigned_to_id'))

    op.drop_table('monitoring_alarms')
