"""Alembic: one head, the models and the migrations agree (on SQLite and PostgreSQL), and
``kmbot db revision -m`` starts the next migration."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

import storage.slack  # noqa: F401  (their tables are on the same metadata)
import storage.teams  # noqa: F401
from bot import cli
from storage import Database
from storage.database import alembic_config
from storage.models import Base


def _differences(sync_connection) -> list:
    context = MigrationContext.configure(sync_connection, opts={"compare_type": True})
    return compare_metadata(context, Base.metadata)


def test_there_is_one_head():
    assert ScriptDirectory.from_config(alembic_config()).get_heads() == ["0004_scheduler"]


async def test_the_models_and_the_migrations_agree(database_url):
    db = Database(database_url)
    try:
        await db.migrate()
        async with db.engine.connect() as conn:
            differences = await conn.run_sync(_differences)
            tables = await conn.run_sync(lambda c: c.dialect.get_table_names(c))
    finally:
        await db.close()
    assert differences == []
    assert "apscheduler_jobs" not in tables and {"job_runs", "job_schedules"} <= set(tables)


def test_db_revision_starts_the_next_migration(database_url, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KMBOT_DATABASE_URL", database_url)
    assert cli.main(["db", "revision", "-m", "Add huddle answers",
                     "--directory", str(tmp_path)]) == 0
    [made] = tmp_path.glob("*.py")
    assert made.name == "0005_add_huddle_answers.py"
    source = made.read_text()
    assert 'down_revision = \'0004_scheduler\'' in source
    upgrade = source.split("def upgrade() -> None:")[1].split("def downgrade")[0]
    assert "op." not in upgrade                # the models have no changes to migrate
    assert "New migration:" in capsys.readouterr().out
