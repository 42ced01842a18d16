"""Fixtures: every storage-backed test runs on embedded SQLite and on PostgreSQL.

PostgreSQL is expected at 127.0.0.1:5432 (user postgres, trust auth). With ``CI=true`` it
must be there (the tests fail otherwise); elsewhere its tests are skipped with a message.
"""
from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Iterator

import psycopg
import pytest

from bot.runtime import build_runtime
from bot.settings import Settings

from .fakechat import Chat, FakeChannel, FrozenClock

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_SKIP = ("PostgreSQL is not reachable at 127.0.0.1:5432, so the PostgreSQL runs are skipped "
           "(they are mandatory with CI=true)")


def _pg_available() -> bool:
    try:
        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


@pytest.fixture(scope="session")
def postgres_ok() -> bool:
    ok = _pg_available()
    if not ok and os.environ.get("CI", "").lower() == "true":
        pytest.fail("CI=true but PostgreSQL is not reachable at 127.0.0.1:5432")
    return ok


@contextmanager
def fresh_database(kind: str, tmp_path, postgres_ok: bool) -> Iterator[str]:
    """The URL of an empty database of ``kind`` ("sqlite" or "postgresql"), removed after."""
    if kind == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'kmbot.db'}"
        return
    if not postgres_ok:
        pytest.skip(PG_SKIP)
    name = f"kmbot_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path, postgres_ok):
    with fresh_database(request.param, tmp_path, postgres_ok) as url:
        yield url


@pytest.fixture
def clock() -> FrozenClock:
    # Wednesday 25 November 2026, 12:00 UTC
    return FrozenClock(datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc))


@pytest.fixture
def settings(database_url) -> Settings:
    return Settings(_env_file=None, kmbot_database_url=database_url,
                    kmbot_librarians="fake:lib")


@pytest.fixture
async def runtime(settings, clock):
    rt = await build_runtime(settings, clock=clock, scheduler=False)
    yield rt
    await rt.stop()


@pytest.fixture
def fake_channel(runtime) -> FakeChannel:
    channel = FakeChannel()
    runtime.channels.register(channel)
    return channel


@pytest.fixture
def chat(runtime, fake_channel) -> Chat:
    return Chat(runtime, fake_channel)
