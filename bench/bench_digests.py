"""One day's digests at scale: SUBSCRIBERS people over 50 topics (1-3 each) with mixed
frequencies (half daily, 30% weekly on assorted weekdays, 20% monthly), 20 channels with a
daily channel digest, 200 feeds of 50 items each (seeded directly: polling speed is
bench_feeds'), and 500 lessons tagged with topics (half team-only). The clock is Tuesday
1 December 2026 at 23:00, the first working day of the month, so every daily, monthly and
Tuesday-weekly digest of the day is due at once: the worst burst a day brings.

Measures building and queueing them all (``core.digests.sending.send_due``: who is due,
claims, set-based candidate queries, per-person filtering, one message each into the outbox,
seen rows) and peak memory; then runs it again to check nothing is sent twice.

Targets (issue 23): one day's digests built and queued in < 60 s; peak memory < 500 MB.

    python bench/bench_digests.py [SUBSCRIBERS]      (``make bench``: 10000, SQLite and
                                                      PostgreSQL when reachable)
"""
from __future__ import annotations

import benchdb  # noqa: E402  (bench/, beside this script)

import asyncio
import logging
import random
import resource
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select  # noqa: E402

from bot.runtime import build_runtime  # noqa: E402
from bot.settings import Settings  # noqa: E402
from core.digests import sending  # noqa: E402
from storage.bulletin_models import (TopicPreferenceRow, TopicRow,  # noqa: E402
                                     TopicSubscriptionRow)
from storage.digest_models import DigestChannelRow, DigestRunRow, DigestSeenRow  # noqa: E402
from storage.feed_models import FeedItemRow, FeedRow  # noqa: E402
from storage.models import (LessonRow, LessonTagRow, OutboxRow, PersonRow)  # noqa: E402
from tests.fakechat import FakeChannel, FrozenClock  # noqa: E402

SUBSCRIBERS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
TOPICS, FEEDS, ITEMS, LESSONS, CHANNELS = 50, 200, 50, 500, 20
TARGET_S, TARGET_MB = 60.0, 500.0
WS = "fake:T1"
NOW = datetime(2026, 12, 1, 23, 0, tzinfo=timezone.utc)       # Tuesday, first working day
PG_NAME = "kmbot_bench_digests"


def databases(tmp: str) -> list[tuple[str, str]]:
    return benchdb.databases(tmp, PG_NAME)


def drop_pg() -> None:
    benchdb.drop_pg(PG_NAME)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024            # Linux: KB


async def populate(runtime, rng: random.Random) -> dict[str, int]:
    """Everything inserted directly, in bulk."""
    then = NOW - timedelta(days=40)
    expected = 0
    async with runtime.db.sessions() as session, session.begin():
        await session.execute(insert(TopicRow), [dict(
            id=t, workspace_key=WS, slug=f"topic-{t}", name=f"Topic {t:02d}",
            created_by="fake:T1:lib", created_at=then) for t in range(1, TOPICS + 1)])
        people, subs, prefs = [], [], []
        for n in range(SUBSCRIBERS):
            key = f"{WS}:U{n:06d}"
            people.append(dict(key=key, workspace_key=WS, display_name=f"U{n:06d}",
                               department=f"Team {n % 10}", first_seen=then, last_seen=then))
            for t in rng.sample(range(1, TOPICS + 1), rng.randint(1, 3)):
                subs.append(dict(topic_id=t, kind="person", subscriber=key, workspace_key=WS,
                                 name="", created_by=key, created_at=then))
            roll = rng.random()
            frequency = "daily" if roll < .5 else "weekly" if roll < .8 else "monthly"
            weekday = rng.randrange(7)
            expected += frequency != "weekly" or weekday == 1
            prefs.append(dict(person_key=key, frequency=frequency,
                              time=rng.choice(["07:00", "08:00", "08:30", "12:00", "17:00"]),
                              timezone="Europe/London", weekday=weekday, day=1,
                              updated_at=then))
        for start in range(0, len(people), 5000):
            await session.execute(insert(PersonRow), people[start:start + 5000])
            await session.execute(insert(TopicPreferenceRow), prefs[start:start + 5000])
        for start in range(0, len(subs), 5000):
            await session.execute(insert(TopicSubscriptionRow), subs[start:start + 5000])
        await session.execute(insert(TopicSubscriptionRow), [dict(
            topic_id=c % TOPICS + 1, kind="channel", subscriber=f"C{c:03d}", workspace_key=WS,
            name=f"ward-{c}", created_by="fake:T1:lib", created_at=then)
            for c in range(CHANNELS)])
        await session.execute(insert(DigestChannelRow), [dict(
            workspace_key=WS, channel=f"C{c:03d}", frequency="daily", time="09:00",
            timezone="Europe/London", weekday=0, day=1, set_by="fake:T1:lib", updated_at=then)
            for c in range(CHANNELS)])
        await session.execute(insert(FeedRow), [dict(
            id=f, workspace_key=WS, topic_id=(f - 1) % TOPICS + 1, url=f"https://x.test/{f}",
            url_hash=f"{f:064d}", title=f"Feed {f}", every_seconds=3600, failures=0,
            warned=False, created_at=then) for f in range(1, FEEDS + 1)])
        items = [dict(topic_id=(f - 1) % TOPICS + 1, uid=f"{f}-{i}", feed_id=f,
                      title=f"Evidence update {f}.{i}: a realistic length of title here",
                      link=f"https://x.test/{f}/{i}", summary="A short summary.",
                      published_at=NOW - timedelta(hours=rng.uniform(1, 30)),
                      seen_at=NOW - timedelta(hours=rng.uniform(0.5, 22)))
                 for f in range(1, FEEDS + 1) for i in range(ITEMS)]
        for start in range(0, len(items), 5000):
            await session.execute(insert(FeedItemRow), items[start:start + 5000])
        lessons = [dict(id=n, workspace_key=WS, title=f"Lesson {n}", kind="quick",
                        answers="[]", body="", tags=f"topic-{n % TOPICS + 1}", facets="",
                        author_key=f"{WS}:U{n:06d}",
                        visibility="team" if n % 2 else "organisation",
                        audience=f"C{n % CHANNELS:03d}" if n % 2 else None,
                        created_at=NOW - timedelta(hours=rng.uniform(1, 20)),
                        updated_at=NOW, version=1) for n in range(1, LESSONS + 1)]
        await session.execute(insert(LessonRow), lessons)
        await session.execute(insert(LessonTagRow), [dict(lesson_id=n, tag=f"topic-{n % TOPICS + 1}")
                                                     for n in range(1, LESSONS + 1)])
    return dict(people_due=expected, channels_due=CHANNELS)


async def run(label: str, url: str) -> bool:
    rng = random.Random(23)
    settings = Settings(_env_file=None, kmbot_database_url=url, kmbot_librarians="fake:lib")
    runtime = await build_runtime(settings, clock=FrozenClock(NOW), scheduler=False)
    channel = FakeChannel()
    channel.members_of.update({f"C{c:03d}": [f"U{n:06d}" for n in range(c, SUBSCRIBERS, 40)]
                               for c in range(CHANNELS)})
    runtime.channels.register(channel)
    try:
        due = await populate(runtime, rng)
        started = time.perf_counter()
        sent = await sending.send_due(runtime.services)
        took = time.perf_counter() - started
        again_started = time.perf_counter()
        again = await sending.send_due(runtime.services)
        again_took = time.perf_counter() - again_started
        async with runtime.db.sessions() as session:
            queued = await session.scalar(select(func.count()).select_from(OutboxRow))
            runs = await session.scalar(select(func.count()).select_from(DigestRunRow))
            items = await session.scalar(select(func.sum(DigestRunRow.items)))
            seen = await session.scalar(select(func.count()).select_from(DigestSeenRow))
    finally:
        await runtime.stop()
    memory = peak_mb()
    expected = due["people_due"] + due["channels_due"]
    print(f"{label}: {SUBSCRIBERS:,} subscribers, {TOPICS} topics, {FEEDS} feeds x {ITEMS} "
          f"items, {LESSONS} lessons, {CHANNELS} channel digests")
    print(f"  one day's digests built and queued : {took:6.1f} s    (target < {TARGET_S:.0f} s)")
    print(f"  digests due / claimed / queued     : {expected:,} / {runs:,} / {queued:,} "
          f"(sent {sent:,}; {items / max(sent, 1):.0f} items each on average, "
          f"{seen:,} shown items marked seen)")
    print(f"  the same minute again              : {again} sent in {again_took:.1f} s "
          f"(target 0: nothing twice)")
    print(f"  peak memory (max RSS, so far)      : {memory:6.0f} MB   (target < {TARGET_MB:.0f} MB)")
    ok = took < TARGET_S and memory < TARGET_MB and again == 0 and queued == sent == expected
    print("  " + ("OK" if ok else "BELOW TARGET"))
    return ok


async def main() -> int:
    logging.basicConfig(level=logging.ERROR)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        try:
            for label, url in databases(tmp):
                ok = await run(label, url) and ok
        finally:
            drop_pg()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
