"""Sending a bulletin to a big audience, as far as bulletins go: PEOPLE colleagues follow a
topic, a librarian composes a bulletin and presses Send. Measures the Send (working out the
audience and queueing everyone in one bulk operation, in one transaction), whether a
colleague's command waits for it, ``/bulletin status`` and ``/bulletin report`` on the full
audience, and peak memory. Delivery's own pace against the platforms' limits is
``bench_broadcast`` (the outbox's benchmark).

Targets (issue 22): queueing 50,000 takes seconds (< 10 s), no row lost or doubled, a
colleague's read-only command answers meanwhile (< 1 s), status < 2 s, report < 15 s,
peak memory < 300 MB.

    python bench/bench_bulletins.py [PEOPLE] [postgresql]   (``make bench``: 50000, SQLite;
    ``postgresql``: a scratch database at 127.0.0.1:5432, dropped after)
"""
from __future__ import annotations

import asyncio
import resource
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from bot.runtime import build_runtime  # noqa: E402
from bot.settings import Settings  # noqa: E402
from core.vocabulary import Destination, Action, Actor, Command, Place, PlaceKind, Submission  # noqa: E402
from storage.bulletin_models import TopicRow, TopicSubscriptionRow  # noqa: E402
from storage.models import PersonRow  # noqa: E402
from tests.fakechat import FakeChannel  # noqa: E402

PEOPLE = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
ON_POSTGRES = len(sys.argv) > 2 and sys.argv[2] == "postgresql"
DM = Place(PlaceKind.DIRECT, "D1")
LIB = Actor("fake", "T1", "lib", "Lee")


async def populate(runtime) -> None:
    now = datetime.now(timezone.utc)
    async with runtime.db.sessions() as session, session.begin():
        await session.execute(insert(TopicRow), [dict(
            id=1, workspace_key="fake:T1", slug="health-management", name="Health management",
            created_by="fake:T1:lib", created_at=now)])
        for start in range(0, PEOPLE, 5000):
            keys = [f"fake:T1:U{n:06d}" for n in range(start, min(PEOPLE, start + 5000))]
            await session.execute(insert(PersonRow), [dict(
                key=k, workspace_key="fake:T1", display_name=k[-7:], first_seen=now,
                last_seen=now) for k in keys])
            await session.execute(insert(TopicSubscriptionRow), [dict(
                topic_id=1, kind="person", subscriber=k, workspace_key="fake:T1", name="",
                created_by=k, created_at=now) for k in keys])


@contextmanager
def database(tmp: str):
    if not ON_POSTGRES:
        yield f"sqlite+aiosqlite:///{tmp}/b.db"
        return
    import psycopg
    name = f"kmbot_bench_{uuid.uuid4().hex[:10]}"
    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def timed(coro):
    started = time.perf_counter()
    result = await coro
    return result, time.perf_counter() - started


async def main() -> int:
    with tempfile.TemporaryDirectory() as tmp, database(tmp) as url:
        settings = Settings(_env_file=None, kmbot_database_url=url,
                            kmbot_librarians="fake:lib")
        runtime = await build_runtime(settings, scheduler=False)
        runtime.channels.register(FakeChannel())
        kernel = runtime.kernel
        try:
            await populate(runtime)
            await kernel.handle(Command(LIB, DM, "", "/bulletin"))
            await kernel.handle(Submission(LIB, DM, "bulletins.compose", {
                "title": "Health Management: December", "body": "**New** guidance.\n- One",
                "topics": "Health management", "subscribers": "yes", "everyone": "no",
                "when": "now", "notify": "no"}, "|"))
            send = kernel.handle(Action(LIB, DM, "bulletins.send", "1"))
            colleague = Actor("fake", "T1", "U000007", "U000007")
            send_task = asyncio.ensure_future(timed(send))
            await asyncio.sleep(0.05)
            _, other = await timed(kernel.handle(Command(colleague, DM, "", "/subscriptions")))
            reply, queueing = await send_task
            async with runtime.services.uow(read_only=True) as uow:
                counts = await uow.outbox.tag_counts("bulletin:1")
            status, status_time = await timed(kernel.handle(Command(LIB, DM, "",
                                                                    "/bulletin status 1")))
            report, report_time = await timed(kernel.handle(Command(LIB, DM, "",
                                                                    "/bulletin report 1")))
            rows = report.messages[0].attachment.content.count("\n") - 1
        finally:
            await runtime.stop()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queued = counts["queued"]
    print(f"audience                           : {PEOPLE:,} subscribers "
          f"({'PostgreSQL' if ON_POSTGRES else 'SQLite'})")
    print(f"Send: audience, then queue chunked: {queueing:.2f} s   (target < 10 s)   "
          f"[{reply.text.splitlines()[0][:60]}]")
    print(f"rows queued / lost / doubled       : {queued:,} / {PEOPLE - min(queued, PEOPLE):,} / "
          f"{max(0, queued - PEOPLE):,}   (target {PEOPLE:,} / 0 / 0)")
    print(f"a colleague's /subscriptions meanwhile: {other:.2f} s   (target < 1 s)")
    print(f"/bulletin status                   : {status_time:.2f} s   (target < 2 s)")
    print(f"/bulletin report ({rows:,} rows)    : {report_time:.2f} s   (target < 15 s)")
    print(f"peak memory (max RSS)              : {peak:.0f} MB   (target < 300 MB)")
    ok = (queueing < 10 and queued == PEOPLE and other < 1 and status_time < 2
          and report_time < 15 and rows == PEOPLE and peak < 300)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
