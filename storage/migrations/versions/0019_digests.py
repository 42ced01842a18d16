"""Digests: runs claimed per recipient and period, what reached whom, Useful marks, and
channels' digest times

Revision ID: 0019_digests
Revises: 0018_feeds
"""
from alembic import op
import sqlalchemy as sa
import storage.types


revision = "0019_digests"
down_revision = "0018_feeds"
branch_labels = None
depends_on = None

KEY = sa.String(length=255)
WHEN = storage.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "digest_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_key", KEY, nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("recipient", KEY, nullable=False),
        sa.Column("period", sa.String(length=40), nullable=False),
        sa.Column("since", WHEN, nullable=False),
        sa.Column("until", WHEN, nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("topics", sa.Text(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "recipient", "period"),
    )
    op.create_index("ix_digest_runs_recipient", "digest_runs", ["recipient", "id"])
    op.create_index("ix_digest_runs_created", "digest_runs", ["workspace_key", "created_at"])
    op.create_index("ix_digest_runs_period", "digest_runs", ["period", "kind"])
    op.create_table(
        "digest_seen",
        sa.Column("recipient", KEY, nullable=False),
        sa.Column("item", sa.String(length=40), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("seen_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("recipient", "item"),
    )
    op.create_index("ix_digest_seen_topic", "digest_seen", ["topic_id", "seen_at"])
    op.create_table(
        "digest_useful",
        sa.Column("person_key", KEY, nullable=False),
        sa.Column("item", sa.String(length=40), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("workspace_key", KEY, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("person_key", "item"),
    )
    op.create_index("ix_digest_useful_topic", "digest_useful", ["topic_id"])
    op.create_index(op.f("ix_digest_useful_workspace_key"), "digest_useful", ["workspace_key"])
    op.create_table(
        "digest_channels",
        sa.Column("workspace_key", KEY, nullable=False),
        sa.Column("channel", sa.String(length=100), nullable=False),
        sa.Column("frequency", sa.String(length=12), nullable=False),
        sa.Column("time", sa.String(length=5), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("set_by", KEY, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("workspace_key", "channel"),
    )
    op.create_index(op.f("ix_digest_channels_set_by"), "digest_channels", ["set_by"])


def downgrade() -> None:
    op.drop_index(op.f("ix_digest_channels_set_by"), table_name="digest_channels")
    op.drop_table("digest_channels")
    op.drop_index(op.f("ix_digest_useful_workspace_key"), table_name="digest_useful")
    op.drop_index("ix_digest_useful_topic", table_name="digest_useful")
    op.drop_table("digest_useful")
    op.drop_index("ix_digest_seen_topic", table_name="digest_seen")
    op.drop_table("digest_seen")
    op.drop_index("ix_digest_runs_period", table_name="digest_runs")
    op.drop_index("ix_digest_runs_created", table_name="digest_runs")
    op.drop_index("ix_digest_runs_recipient", table_name="digest_runs")
    op.drop_table("digest_runs")
