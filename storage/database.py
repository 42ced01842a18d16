"""The database: engine, migrations on start, and units of work.

``Database(url)`` accepts ``sqlite+aiosqlite:///path.db`` (the default, embedded) or
``postgresql+asyncpg://user@host/db``. ``await db.migrate()`` applies Alembic migrations
(holding a PostgreSQL advisory lock, so two processes starting together don't collide);
``async with db.uow() as uow`` is one transaction that commits when the block ends;
``db.uow(read_only=True)`` one that only reads. On SQLite a writing transaction takes the write
lock when it begins (``BEGIN IMMEDIATE``: writers queue instead of failing half-way) while a
read-only one never takes it (WAL readers see a snapshot and never wait for a writer), so keep
writing transactions short: do long work (planning a round) between transactions.
"""
from __future__ import annotations

import asyncio
import logging
import re
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import AsyncIterator

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from .console import ConsoleSql
from .features import REPOSITORIES
from .jobs import JobsSql
from .mailbox import MailboxSql
from .outbox import OutboxSql
from .people import InboxSql, PeopleSql, RolesSql
from .teams_address_book import TeamsAddressBook

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
        self.jobs = JobsSql(session)
        self.console = ConsoleSql(session)
        self.address_book = TeamsAddressBook(session)
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
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self.read_engine = self.engine
        self.read_sessions = self.sessions
        if self.is_sqlite:
            _sqlite_transactions(self.engine, begin="BEGIN IMMEDIATE")
            self.read_engine = create_async_engine(self.url, **kwargs)
            _sqlite_transactions(self.read_engine, begin="BEGIN", query_only=True)
            self.read_sessions = async_sessionmaker(self.read_engine, expire_on_commit=False)
        # SQLite has one writer at a time: this process's writers queue here, in order,
        # rather than in SQLite's busy handler (which sleeps up to 100 ms between tries)
        self._writing = asyncio.Lock() if self.is_sqlite else None

    @asynccontextmanager
    async def uow(self, *, read_only: bool = False) -> AsyncIterator[SqlUnitOfWork]:
        sessions = self.read_sessions if read_only else self.sessions
        async with AsyncExitStack() as stack:
            if self._writing is not None and not read_only:
                await stack.enter_async_context(self._writing)
            session = await stack.enter_async_context(sessions())
            await stack.enter_async_context(session.begin())
            if read_only and not self.is_sqlite:
                await session.execute(text("SET TRANSACTION READ ONLY"))
            yield SqlUnitOfWork(session)

    async def ping(self) -> None:
        """Raise unless the database answers a trivial query (the health check)."""
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

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

    async def revision(self, message: str, *, autogenerate: bool = True,
                       directory: str | None = None) -> list[str]:
        """Start a new migration after the current head, named ``NNNN_words_of_message``;
        ``autogenerate`` fills it with what the models have that the database has not (the
        database is migrated to the head first). Returns the new file's path."""
        await self.migrate()
        async with self.engine.connect() as conn:
            paths = await conn.run_sync(_revision, message, autogenerate, directory)
            await conn.commit()
        return paths

    async def close(self) -> None:
        await self.engine.dispose()
        if self.read_engine is not self.engine:
            await self.read_engine.dispose()


def alembic_config() -> Config:
    config = Config(str(HERE / "alembic.ini"))
    config.set_main_option("script_location", str(HERE / "migrations"))
    return config


def _revision(sync_connection, message: str, autogenerate: bool,
              directory: str | None) -> list[str]:
    config = alembic_config()
    config.attributes["connection"] = sync_connection
    config.set_main_option("file_template", "%%(rev)s")     # the id already says what it does
    if directory:
        config.set_main_option("version_locations",
                               f"{HERE / 'migrations' / 'versions'} {directory}")
    script = ScriptDirectory.from_config(config)
    numbers = [int(m.group(1)) for rev in script.walk_revisions()
               if (m := re.match(r"(\d+)", rev.revision))]
    slug = re.sub(r"[^a-z0-9]+", "_", message.lower()).strip("_")[:40] or "revision"
    made = command.revision(config, message=message, autogenerate=autogenerate,
                            rev_id=f"{max(numbers, default=0) + 1:04d}_{slug}",
                            version_path=directory)
    scripts = made if isinstance(made, list) else [made]
    return [s.path for s in scripts if s is not None]


def _upgrade(sync_connection) -> None:
    config = alembic_config()
    config.attributes["connection"] = sync_connection
    command.upgrade(config, "heads")


def _sqlite_transactions(engine, *, begin: str, query_only: bool = False) -> None:
    """SQLite: WAL, foreign keys, a busy timeout, and how a transaction begins: writers take
    the write lock at once (``BEGIN IMMEDIATE``), so two writers queue politely instead of one
    failing with "database is locked" half-way through; readers (``BEGIN``, ``query_only``)
    never take it."""

    @event.listens_for(engine.sync_engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if query_only:
            cursor.execute("PRAGMA query_only=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _begin(conn) -> None:
        conn.exec_driver_sql(begin)
