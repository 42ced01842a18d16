"""Channels that thread and edit: what each outbox row posted, and console channels

Revision ID: 0005_channels
Revises: 0004_scheduler
"""
from alembic import op
import sqlalchemy as sa
import storage.types


revision = "0005_channels"
down_revision = "0004_scheduler"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tag", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("root_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1",
                                      nullable=False))
        batch_op.add_column(sa.Column("ref_conversation", sa.String(length=400), nullable=True))
        batch_op.add_column(sa.Column("ref_id", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("ref_thread", sa.String(length=255), nullable=True))
        batch_op.create_index(batch_op.f("ix_outbox_root_id"), ["root_id"], unique=False)
        batch_op.create_index("ix_outbox_ref", ["platform", "workspace", "ref_conversation",
                                                "ref_id"], unique=False)
    op.create_table(
        "console_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=255), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("thread", sa.Integer(), nullable=True),
        sa.Column("author", sa.String(length=255), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("posted_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("edited_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("channel", "number"),
    )
    op.create_table(
        "console_members",
        sa.Column("channel", sa.String(length=255), nullable=False),
        sa.Column("person_key", sa.String(length=255), nullable=False),
        sa.Column("joined_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("channel", "person_key"),
    )
    with op.batch_alter_table("console_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_console_members_person_key"), ["person_key"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("console_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_console_members_person_key"))
    op.drop_table("console_members")
    op.drop_table("console_posts")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_ref")
        batch_op.drop_index(batch_op.f("ix_outbox_root_id"))
        batch_op.drop_column("ref_thread")
        batch_op.drop_column("ref_id")
        batch_op.drop_column("ref_conversation")
        batch_op.drop_column("version")
        batch_op.drop_column("root_id")
        batch_op.drop_column("tag")
