"""Feeds: RSS and Atom feeds attached to topics, and the items they bring

Revision ID: 0018_feeds
Revises: 0017_bulletins
"""
from alembic import op
import sqlalchemy as sa
import storage.types


revision = "0018_feeds"
down_revision = "0017_bulletins"
branch_labels = None
depends_on = None

KEY = sa.String(length=255)
WHEN = storage.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "feeds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_key", KEY, nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("url_hash", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("every_seconds", sa.Integer(), nullable=False),
        sa.Column("etag", sa.String(length=500), nullable=True),
        sa.Column("last_modified", sa.String(length=100), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.Column("warned", sa.Boolean(), nullable=False),
        sa.Column("last_polled_at", WHEN, nullable=True),
        sa.Column("last_ok_at", WHEN, nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("topic_id", "url_hash"),
    )
    for column in ("workspace_key", "topic_id", "url_hash"):
        op.create_index(op.f(f"ix_feeds_{column}"), "feeds", [column], unique=False)
    op.create_table(
        "feed_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("feed_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("link", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("published_at", WHEN, nullable=True),
        sa.Column("seen_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("topic_id", "uid"),
    )
    op.create_index(op.f("ix_feed_items_feed_id"), "feed_items", ["feed_id"], unique=False)
    op.create_index("ix_feed_items_topic_published", "feed_items",
                    ["topic_id", "published_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_feed_items_topic_published", table_name="feed_items")
    op.drop_index(op.f("ix_feed_items_feed_id"), table_name="feed_items")
    op.drop_table("feed_items")
    for column in ("url_hash", "topic_id", "workspace_key"):
        op.drop_index(op.f(f"ix_feeds_{column}"), table_name="feeds")
    op.drop_table("feeds")
