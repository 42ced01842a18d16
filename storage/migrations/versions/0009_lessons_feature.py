"""Lessons feature: facilitated reviews and answers, actions, the tag list, useful marks

Revision ID: 0009_lessons_feature
Revises: 0008_lessons
"""
from alembic import op
import sqlalchemy as sa
import storage.types


revision = "0009_lessons_feature"
down_revision = "0008_lessons"
branch_labels = None
depends_on = None

KEY = sa.String(length=255)
WHEN = storage.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "lesson_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_key", KEY, nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("team", sa.String(length=100), nullable=False),
        sa.Column("project", sa.String(length=100), nullable=False),
        sa.Column("channel", sa.String(length=255), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=True),
        sa.Column("facilitator_key", KEY, nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("visibility", sa.String(length=20), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("closed_at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(["lesson_id"], ["lessons.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_lesson_reviews_workspace_key", "lesson_reviews", ["workspace_key"])
    op.create_index("ix_lesson_reviews_facilitator_key", "lesson_reviews",
                    ["facilitator_key"])
    op.create_table(
        "lesson_review_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.Integer(), nullable=False),
        sa.Column("person_key", KEY, nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(["review_id"], ["lesson_reviews.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_lesson_review_answers_review_id", "lesson_review_answers",
                    ["review_id"])
    op.create_index("ix_lesson_review_answers_person_key", "lesson_review_answers",
                    ["person_key"])
    op.create_table(
        "lesson_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_key", KEY, nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("owner_key", KEY, nullable=True),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("done_at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(["lesson_id"], ["lessons.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_lesson_actions_open", "lesson_actions",
                    ["workspace_key", "status", "due"])
    op.create_index("ix_lesson_actions_lesson_id", "lesson_actions", ["lesson_id"])
    op.create_index("ix_lesson_actions_owner_key", "lesson_actions", ["owner_key"])
    op.create_table(
        "lesson_categories",
        sa.Column("workspace_key", KEY, nullable=False),
        sa.Column("tag", sa.String(length=60), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("workspace_key", "tag"),
    )
    op.create_table(
        "lesson_useful",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("person_key", KEY, nullable=True),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(["lesson_id"], ["lessons.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("lesson_id", "person_key", "source"),
    )
    op.create_index("ix_lesson_useful_lesson_id", "lesson_useful", ["lesson_id"])
    op.create_index("ix_lesson_useful_person_key", "lesson_useful", ["person_key"])


def downgrade() -> None:
    for table in ("lesson_useful", "lesson_categories", "lesson_actions",
                  "lesson_review_answers", "lesson_reviews"):
        op.drop_table(table)
