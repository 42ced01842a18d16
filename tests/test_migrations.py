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
from storage.models import Base, include_object


def _differences(sync_connection) -> list:
    context = MigrationContext.configure(sync_connection, opts={"compare_type": True,
                                                                 "include_object": include_object})
    return compare_metadata(context, Base.metadata)


def _head() -> str:
    [head] = ScriptDirectory.from_config(alembic_config()).get_heads()
    return head


def test_there_is_one_head():
    assert _head()


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
    head = _head()
    assert made.name == f"{int(head[:4]) + 1:04d}_add_huddle_answers.py"
    source = made.read_text()
    assert f"down_revision = '{head}'" in source
    upgrade = source.split("def upgrade() -> None:")[1].split("def downgrade")[0]
    assert "op." not in upgrade                # the models have no changes to migrate
    assert "New migration:" in capsys.readouterr().out


def _upgrade_to(sync_connection, revision: str) -> None:
    from alembic import command
    config = alembic_config()
    config.attributes["connection"] = sync_connection
    command.upgrade(config, revision)


async def test_an_upgrade_keeps_every_programme_and_pending_reminder_scheduled(database_url):
    """Deployments from before 0004 kept their schedule in APScheduler's job store: the
    migration carries programmes and rounds awaiting their reminder over to job_schedules."""
    from datetime import datetime, timezone

    from sqlalchemy import text
    db = Database(database_url)

    def at(*parts):               # as the column stores it on each database
        moment = datetime(*parts, tzinfo=timezone.utc)
        return moment.replace(tzinfo=None) if db.is_sqlite else moment
    try:
        async with db.engine.connect() as conn:
            await conn.run_sync(_upgrade_to, "0003_merge")
            await conn.execute(text(
                "INSERT INTO programmes (id, workspace_key, slug, name, cadence, weekday, time, "
                "timezone, group_size, theme, cross_department, created_at) VALUES (7, 'fake:T1', "
                "'p', 'P', 'weekly', 0, '10:00', 'Europe/London', 2, '', false, :created)"),
                {"created": at(2026, 11, 1, 9)})
            await conn.execute(text(
                "INSERT INTO rounds (id, programme_id, slot, seed, started_at, reminder_at) "
                "VALUES (3, 7, :slot, 1, :slot, :remind)"),
                {"slot": at(2026, 11, 23, 10), "remind": at(2026, 11, 26, 22)})
            await conn.execute(text("CREATE TABLE apscheduler_jobs (id VARCHAR(191) PRIMARY KEY)"))
            await conn.commit()
        await db.migrate()
        async with db.uow() as uow:
            rounds = await uow.jobs.scheduled("coffee.round", "7")
            reminder = await uow.jobs.scheduled("coffee.reminder", "3")
        async with db.engine.connect() as conn:
            tables = await conn.run_sync(lambda c: c.dialect.get_table_names(c))
    finally:
        await db.close()
    assert rounds.next_due is None and rounds.updated_at.day == 23   # counted from its last round
    assert reminder.next_due.day == 26 and reminder.next_due.hour == 22
    assert "apscheduler_jobs" not in tables
