"""The models and the migrations describe the same tables (the full-text index aside)."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import storage.slack  # noqa: F401  (tables the migrations also create)
import storage.teams  # noqa: F401
from storage.models import Base, include_object


def _differences(connection):
    context = MigrationContext.configure(connection, opts={
        "include_object": include_object, "compare_type": True})
    return [d for d in compare_metadata(context, Base.metadata)
            if "lesson" in repr(d)]


async def test_the_lessons_tables_match_their_models(log):
    async with log.db.engine.connect() as conn:
        assert await conn.run_sync(_differences) == []
        tables = await conn.run_sync(lambda c: inspect(c).get_table_names())
    assert {"lessons", "lesson_tags", "lesson_people", "lesson_revisions"} <= set(tables)
