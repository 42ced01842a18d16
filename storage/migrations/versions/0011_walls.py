"""Graffiti walls and quick polls: walls, ideas, comments and votes

Revision ID: 0011_walls
Revises: 0010_huddles
"""
from alembic import op
import sqlalchemy as sa
import storage.types


revision = "0011_walls"
down_revision = "0010_huddles"
branch_labels = None
depends_on = None

KEY = sa.String(length=255)
WHEN = storage.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "walls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_key", KEY, nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("question", sa.String(length=300), nullable=False),
        sa.Column("channel", KEY, nullable=False),
        sa.Column("created_by", KEY, nullable=False),
        sa.Column("anonymity", sa.String(length=10), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("per_person", sa.Integer(), nullable=True),
        sa.Column("multiple", sa.Boolean(), nullable=False),
        sa.Column("options", sa.Text(), nullable=False),
        sa.Column("closes_at", WHEN, nullable=True),
        sa.Column("closed_at", WHEN, nullable=True),
        sa.Column("card_id", sa.Integer(), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_walls_workspace_key"), "walls", ["workspace_key"], unique=False)
    op.create_table(
        "wall_ideas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wall_id", sa.Integer(), nullable=False),
        sa.Column("author_key", KEY, nullable=True),
        sa.Column("author_hash", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("edited_at", WHEN, nullable=True),
        sa.Column("hidden_by", KEY, nullable=True),
        sa.Column("hidden_reason", sa.String(length=300), nullable=True),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["wall_id"], ["walls.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    for column in ("wall_id", "author_key", "author_hash"):
        op.create_index(op.f(f"ix_wall_ideas_{column}"), "wall_ideas", [column], unique=False)
    op.create_table(
        "wall_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wall_id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("author_key", KEY, nullable=True),
        sa.Column("author_hash", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(["idea_id"], ["wall_ideas.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["wall_id"], ["walls.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    for column in ("wall_id", "idea_id", "author_key"):
        op.create_index(op.f(f"ix_wall_comments_{column}"), "wall_comments", [column],
                        unique=False)
    op.create_table(
        "wall_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wall_id", sa.Integer(), nullable=False),
        sa.Column("target", sa.Integer(), nullable=False),
        sa.Column("voter_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(["wall_id"], ["walls.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("wall_id", "target", "voter_hash"),
    )
    op.create_index(op.f("ix_wall_votes_wall_id"), "wall_votes", ["wall_id"], unique=False)


def downgrade() -> None:
    op.drop_table("wall_votes")
    op.drop_table("wall_comments")
    op.drop_table("wall_ideas")
    op.drop_table("walls")
