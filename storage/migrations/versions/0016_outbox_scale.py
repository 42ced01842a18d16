"""Delivery at scale: broadcast bodies stored once, a shared send budget per workspace or
tenant, leases with an owner, sends begun but not recorded (possible duplicates)

Revision ID: 0016_outbox_scale
Revises: 0011_walls
"""
from alembic import op
import sqlalchemy as sa
import storage.types


revision = "0016_outbox_scale"
down_revision = "0011_walls"
branch_labels = None
depends_on = None

WHEN = storage.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "outbox_bodies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_table(
        "send_budget",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("next_at", sa.Float(), nullable=False),
        sa.Column("paused_until", sa.Float(), nullable=False),
        sa.Column("throttled", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.alter_column("message", existing_type=sa.Text(), nullable=True)
        batch_op.add_column(sa.Column("body_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("lease_owner", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("attempt_started_at", WHEN, nullable=True))
        batch_op.add_column(sa.Column("in_doubt", sa.Integer(), server_default="0",
                                      nullable=False))
        batch_op.create_index(batch_op.f("ix_outbox_body_id"), ["body_id"], unique=False)
        batch_op.create_index("ix_outbox_tag", ["tag", "status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_tag")
        batch_op.drop_index(batch_op.f("ix_outbox_body_id"))
        batch_op.drop_column("in_doubt")
        batch_op.drop_column("attempt_started_at")
        batch_op.drop_column("lease_owner")
        batch_op.drop_column("body_id")
        batch_op.alter_column("message", existing_type=sa.Text(), nullable=False)
    op.drop_table("send_budget")
    op.drop_table("outbox_bodies")
