"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 19:25:35.741050
"""
from alembic import op
import sqlalchemy as sa
import storage.types


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('inbox',
    sa.Column('key', sa.String(length=400), nullable=False),
    sa.Column('seen_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    with op.batch_alter_table('inbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inbox_seen_at'), ['seen_at'], unique=False)

    op.create_table('mailbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_key', sa.String(length=255), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('read_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('mailbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mailbox_person_key'), ['person_key'], unique=False)

    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=20), nullable=False),
    sa.Column('workspace', sa.String(length=255), nullable=False),
    sa.Column('dest_kind', sa.String(length=20), nullable=False),
    sa.Column('dest_ids', sa.Text(), nullable=False),
    sa.Column('thread_id', sa.String(length=255), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('lease_until', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('dedup_key', sa.String(length=400), nullable=True),
    sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('dedup_key')
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_due', ['status', 'next_attempt_at'], unique=False)

    op.create_table('people',
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('workspace_key', sa.String(length=255), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('department', sa.String(length=100), nullable=False),
    sa.Column('site', sa.String(length=100), nullable=False),
    sa.Column('interests', sa.String(length=300), nullable=False),
    sa.Column('bio', sa.String(length=500), nullable=False),
    sa.Column('first_seen', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_people_workspace_key'), ['workspace_key'], unique=False)

    op.create_table('programmes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_key', sa.String(length=255), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('channel_id', sa.String(length=255), nullable=True),
    sa.Column('cadence', sa.String(length=20), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('time', sa.String(length=5), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('group_size', sa.Integer(), nullable=False),
    sa.Column('theme', sa.String(length=300), nullable=False),
    sa.Column('cross_department', sa.Boolean(), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('workspace_key', 'slug')
    )
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programmes_workspace_key'), ['workspace_key'], unique=False)

    op.create_table('roles',
    sa.Column('person_key', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=40), nullable=False),
    sa.Column('granted_by', sa.String(length=255), nullable=False),
    sa.Column('granted_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('person_key', 'role')
    )
    op.create_table('memberships',
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('person_key', sa.String(length=255), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('paused_until', sa.Date(), nullable=True),
    sa.Column('joined_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('programme_id', 'person_key')
    )
    op.create_table('rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('slot', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('seed', sa.Integer(), nullable=False),
    sa.Column('started_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('reminder_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('reminded_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('programme_id', 'slot')
    )
    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rounds_reminder_at'), ['reminder_at'], unique=False)

    op.create_table('round_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('cross_department', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('round_groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_groups_round_id'), ['round_id'], unique=False)

    op.create_table('group_members',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('person_key', sa.String(length=255), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('answered_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['group_id'], ['round_groups.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', 'person_key')
    )
    with op.batch_alter_table('group_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_members_person_key'), ['person_key'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('group_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_members_person_key'))

    op.drop_table('group_members')
    with op.batch_alter_table('round_groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_groups_round_id'))

    op.drop_table('round_groups')
    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rounds_reminder_at'))

    op.drop_table('rounds')
    op.drop_table('memberships')
    op.drop_table('roles')
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programmes_workspace_key'))

    op.drop_table('programmes')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_people_workspace_key'))

    op.drop_table('people')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_due')

    op.drop_table('outbox')
    with op.batch_alter_table('mailbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mailbox_person_key'))

    op.drop_table('mailbox')
    with op.batch_alter_table('inbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inbox_seen_at'))

    op.drop_table('inbox')
