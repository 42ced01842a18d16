"""huddles: scheduled check-ins in team channels, their daily sessions and answers

Revision ID: 0010_huddles
Revises: 0009_lessons_feature
"""
from alembic import op
import sqlalchemy as sa
import storage.types


revision = "0010_huddles"
down_revision = "0009_lessons_feature"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "huddles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_key", sa.String(length=255), nullable=False),
        sa.Column("channel_id", sa.String(length=255), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("owner_key", sa.String(length=255), nullable=False),
        sa.Column("settings", sa.Text(), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("problem_reported", sa.Boolean(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workspace_key", "slug"),
    )
    op.create_index(op.f("ix_huddles_channel_id"), "huddles", ["channel_id"], unique=False)
    op.create_index(op.f("ix_huddles_owner_key"), "huddles", ["owner_key"], unique=False)
    op.create_table(
        "huddle_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("huddle_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("opens_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closes_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("questions", sa.Text(), nullable=False),
        sa.Column("root_id", sa.Integer(), nullable=True),
        sa.Column("reminded", sa.Boolean(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["huddle_id"], ["huddles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("huddle_id", "day"),
    )
    op.create_table(
        "huddle_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("person_key", sa.String(length=255), nullable=False),
        sa.Column("question", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("via", sa.String(length=10), nullable=False),
        sa.Column("dedup_key", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(["session_id"], ["huddle_sessions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dedup_key"),
    )
    op.create_index("ix_huddle_answers_session", "huddle_answers", ["session_id", "question"],
                    unique=False)
    op.create_index(op.f("ix_huddle_answers_person_key"), "huddle_answers", ["person_key"],
                    unique=False)


def downgrade() -> None:
    op.drop_table("huddle_answers")
    op.drop_table("huddle_sessions")
    op.drop_index(op.f("ix_huddles_owner_key"), table_name="huddles")
    op.drop_index(op.f("ix_huddles_channel_id"), table_name="huddles")
    op.drop_table("huddles")
