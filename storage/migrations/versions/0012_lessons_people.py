"""Lessons: what is known of a channel's privacy (a private channel's lessons are team-only)

Revision ID: 0012_lessons_people
Revises: 0011_walls
"""
from alembic import op
import sqlalchemy as sa
import storage.types


revision = "0012_lessons_people"
down_revision = "0011_walls"
branch_labels = None
depends_on = None

KEY = sa.String(length=255)
WHEN = storage.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "lesson_channels",
        sa.Column("workspace_key", KEY, nullable=False),
        sa.Column("channel", sa.String(length=255), nullable=False),
        sa.Column("private", sa.Boolean(), nullable=False),
        sa.Column("seen_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("workspace_key", "channel"),
    )


def downgrade() -> None:
    op.drop_table("lesson_channels")
