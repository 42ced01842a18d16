"""lessons search at scale: filters and recency inside the PostgreSQL full-text index

On PostgreSQL the generated ``lessons.search`` tsvector now also holds, beside the title (A),
answers (B) and tags (C): the lesson's filter tokens (the ``facets`` column: tag, team,
project and author, as FTS5 already indexes them) and two recency tokens (``#id <id / 1024>``
and ``#ik <id / 32768>``; a lexeme with a space, which no typed text can produce). A search
then finds "these words, with these filters, among the newest lessons" in one walk of the GIN
index, reading only the rows it keeps. The GIN index no longer uses a pending list
(``fastupdate = off``): a search never scans unmerged entries. The column's statistics stay
at 1000 (the planner's estimate of how common a word is steers the search). The tsvector is
kept in the row (``STORAGE MAIN``: the answers move out to TOAST first, not it), so ranking a
candidate reads one page, not three (rows written from now on).

On SQLite nothing changes (FTS5 already indexes the facets).

Revision ID: 0013_lessons_search
Revises: 0011_walls
"""
from alembic import op

revision = "0013_lessons_search"
down_revision = "0012_lessons_people"
branch_labels = None
depends_on = None

TEXT = ("setweight(to_tsvector('english'::regconfig, title), 'A') || "
        "setweight(to_tsvector('english'::regconfig, body), 'B') || "
        "setweight(to_tsvector('english'::regconfig, tags), 'C')")
FILTERS = ("to_tsvector('simple'::regconfig, facets) || "
           "array_to_tsvector(ARRAY['#id ' || (id >> 10)::text, '#ik ' || (id >> 15)::text])")


def _search_column(expression: str, index_options: str, storage: str) -> None:
    op.execute("DROP INDEX IF EXISTS ix_lessons_search")
    op.execute("ALTER TABLE lessons DROP COLUMN IF EXISTS search")
    op.execute(f"ALTER TABLE lessons ADD COLUMN search tsvector GENERATED ALWAYS AS "
               f"({expression}) STORED")
    op.execute(f"CREATE INDEX ix_lessons_search ON lessons USING gin (search){index_options}")
    op.execute("ALTER TABLE lessons ALTER COLUMN search SET STATISTICS 1000")
    op.execute(f"ALTER TABLE lessons ALTER COLUMN search SET STORAGE {storage}")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _search_column(f"{TEXT} || {FILTERS}", " WITH (fastupdate = off)", "MAIN")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _search_column(TEXT, "", "EXTENDED")
