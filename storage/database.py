"""The database: engine, migrations on start, and units of work.

``Database(url)`` accepts ``sqlite+aiosqlite:///path.db`` (the default, embedded) or
``postgresql+asyncpg://user@host/db``. ``await db.migrate()`` applies Alembic migrations
(holding a PostgreSQL advisory lock, so two processes starting together don't collide);
``async with db.uow() as uow`` is one transaction that commits when the block ends.
"""
from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path
from typing import AsyncIterator

from alembic import command
from alembic.config import Config
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from .console import ConsoleSql
from .features import REPOSITORIES
from .outbox import MailboxSql, OutboxSql
from .people import InboxSql, PeopleSql, RolesSql

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
MIGRATION_LOCK = 7_150_001


class SqlUnitOfWork:
    """One transaction: the shared repositories, and each feature's (``uow.coffee``) from
    :data:`storage.features.REPOSITORIES`."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.inbox = InboxSql(session)
        self.people = PeopleSql(session)
        self.roles = RolesSql(session)
        self.outbox = OutboxSql(session)
        self.mailbox = MailboxSql(session)
        self.console = ConsoleSql(session)
        for name, repository in REPOSITORIES.items():
            setattr(self, name, repository(session))


class Database:
    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = make_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        kwargs: dict = {"echo": echo}
        if self.is_sqlite:
            database = self.url.database or ""
            if database and database != ":memory:":
                Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            kwargs["connect_args"] = {"timeout": 30}
        else:
            kwargs.update(pool_size=10, max_overflow=10, pool_pre_ping=True)
        self.engine = create_async_engine(self.url, **kwargs)
        if self.is_sqlite:
            _sqlite_immediate_transactions(self.engine)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    @property
    def sync_url(self) -> str:
        """The same database for synchronous clients (APScheduler's job store)."""
        driver = "sqlite" if self.is_sqlite else "postgresql+psycopg"
        return self.url.set(drivername=driver).render_as_string(hide_password=False)

    @asynccontextmanager
    async def uow(self) -> AsyncIterator[SqlUnitOfWork]:
        async with self.sessions() as session:
            async with session.begin():
                yield SqlUnitOfWork(session)

    async def migrate(self) -> None:
        async with self.engine.connect() as conn:
            if not self.is_sqlite:
                await conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK})
            try:
                await conn.run_sync(_upgrade)
                await conn.commit()
            finally:
                if not self.is_sqlite:
                    await conn.execute(text("SELECT pg_advisory_unlock(:k)"),
                                       {"k": MIGRATION_LOCK})
                    await conn.commit()

    async def close(self) -> None:
        await self.engine.dispose()


def alembic_config() -> Config:
    config = Config(str(HERE / "alembic.ini"))
    config.set_main_option("script_location", str(HERE / "migrations"))
    return config


def _upgrade(sync_connection) -> None:
    config = alembic_config()
    config.attributes["connection"] = sync_connection
    command.upgrade(config, "heads")


def _sqlite_immediate_transactions(engine) -> None:
    """SQLite: take the write lock when a transaction begins, so two writers queue politely
    (``busy timeout``) instead of failing with "database is locked" half-way through."""

    @event.listens_for(engine.sync_engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _begin(conn) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
