"""lessons learned: lessons, tags, people involved, revisions, and the full-text index

On SQLite the index is an FTS5 table (external content: it reads ``lessons``) kept in step
by triggers, with the Porter stemmer; it also indexes ``facets`` (opaque tokens for the tag,
team, project and author filters, so a filtered search stays inside the index). On
PostgreSQL it is a generated ``tsvector`` column (English stemming; title weight A, answers
B, tags C) with a GIN index.

Note for later migrations: on SQLite, a batch alteration of ``lessons`` copies the table and
drops its triggers; recreate them (``create_sqlite_index``) after such a change.

Revision ID: 0008_lessons
Revises: 0005_channels
"""
from alembic import op
import sqlalchemy as sa
import storage.types

revision = "0008_lessons"
down_revision = "0005_channels"
branch_labels = None
depends_on = None

SQLITE_INDEX = [
    "CREATE VIRTUAL TABLE lessons_fts USING fts5(title, body, tags, facets, content='lessons', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER lessons_fts_insert AFTER INSERT ON lessons BEGIN "
    "INSERT INTO lessons_fts(rowid, title, body, tags, facets) "
    "VALUES (new.id, new.title, new.body, new.tags, new.facets); END",
    "CREATE TRIGGER lessons_fts_delete AFTER DELETE ON lessons BEGIN "
    "INSERT INTO lessons_fts(lessons_fts, rowid, title, body, tags, facets) "
    "VALUES ('delete', old.id, old.title, old.body, old.tags, old.facets); END",
    "CREATE TRIGGER lessons_fts_update AFTER UPDATE OF title, body, tags, facets ON lessons "
    "BEGIN "
    "INSERT INTO lessons_fts(lessons_fts, rowid, title, body, tags, facets) "
    "VALUES ('delete', old.id, old.title, old.body, old.tags, old.facets); "
    "INSERT INTO lessons_fts(rowid, title, body, tags, facets) "
    "VALUES (new.id, new.title, new.body, new.tags, new.facets); END",
    "INSERT INTO lessons_fts(lessons_fts) VALUES ('rebuild')",
]
POSTGRES_INDEX = [
    "ALTER TABLE lessons ADD COLUMN search tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english'::regconfig, title), 'A') || "
    "setweight(to_tsvector('english'::regconfig, body), 'B') || "
    "setweight(to_tsvector('english'::regconfig, tags), 'C')) STORED",
    "CREATE INDEX ix_lessons_search ON lessons USING gin (search)",
    # more common words in the statistics, so the planner knows how common a word is
    "ALTER TABLE lessons ALTER COLUMN search SET STATISTICS 1000",
]


def create_sqlite_index() -> None:
    for statement in SQLITE_INDEX:
        op.execute(statement)


def upgrade() -> None:
    op.create_table(
        "lessons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_key", sa.String(length=255), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("facets", sa.Text(), nullable=False),
        sa.Column("team", sa.String(length=100), nullable=False),
        sa.Column("team_key", sa.String(length=100), nullable=False),
        sa.Column("project", sa.String(length=100), nullable=False),
        sa.Column("project_key", sa.String(length=100), nullable=False),
        sa.Column("author_key", sa.String(length=255), nullable=True),
        sa.Column("visibility", sa.String(length=20), nullable=False),
        sa.Column("audience", sa.String(length=255), nullable=True),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("lessons", schema=None) as batch_op:
        batch_op.create_index("ix_lessons_workspace", ["workspace_key", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_lessons_team_key"), ["team_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_lessons_project_key"), ["project_key"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_lessons_author_key"), ["author_key"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_lessons_created_at"), ["created_at"],
                              unique=False)

    op.create_table(
        "lesson_tags",
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(["lesson_id"], ["lessons.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("lesson_id", "tag"),
    )
    with op.batch_alter_table("lesson_tags", schema=None) as batch_op:
        batch_op.create_index("ix_lesson_tags_tag", ["tag", "lesson_id"], unique=False)

    op.create_table(
        "lesson_people",
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("person_key", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(["lesson_id"], ["lessons.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("lesson_id", "person_key"),
    )
    with op.batch_alter_table("lesson_people", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lesson_people_person_key"), ["person_key"],
                              unique=False)

    op.create_table(
        "lesson_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("edited_by", sa.String(length=255), nullable=True),
        sa.Column("edited_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["lesson_id"], ["lessons.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("lesson_revisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lesson_revisions_lesson_id"), ["lesson_id"],
                              unique=False)

    if op.get_bind().dialect.name == "sqlite":
        create_sqlite_index()
    else:
        for statement in POSTGRES_INDEX:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("lessons_fts_update", "lessons_fts_delete", "lessons_fts_insert"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS lessons_fts")
    op.drop_table("lesson_revisions")
    op.drop_table("lesson_people")
    op.drop_table("lesson_tags")
    op.drop_table("lessons")
