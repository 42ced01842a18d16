"""Feed polling at volume: 200 feeds of 50 items each (4 feeds in each of 50 topics), served
by a local feed server in its own process that answers each request after 50-300 ms, like
real sites.

Every feed is polled once through the scheduler, as ``kmbot run`` does (each feed its own
claimed run, fetched with the HTTP fetcher, parsed in worker threads, its items stored),
then once more an hour later, when every feed should answer 304 (conditional requests).
The CPU time is printed too, with the machine's load: on a shared machine the wall time says
as much about the neighbours as about kmbot.

Targets (issue 23): the first poll of every feed under 30 s of wall time; the second poll
answered 304 by every feed; peak memory of the bot's process under 500 MB. Runs on SQLite,
and on PostgreSQL when it is reachable.

    python bench/bench_feeds.py [FEEDS] [ITEMS]           (``make bench``: 200 50)
"""
from __future__ import annotations

import benchdb  # noqa: E402  (bench/, beside this script)

import asyncio
import logging
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402

from bot.runtime import build_runtime  # noqa: E402
from bot.settings import Settings  # noqa: E402
from core.feeds import poll as feed_poll  # noqa: E402
from core.feeds.model import DEFAULT_EVERY  # noqa: E402
from scheduler import Scheduler  # noqa: E402
from tests.fakechat import FrozenClock  # noqa: E402
from tests.feeds.server import FeedServer, rss  # noqa: E402

FEEDS = int(sys.argv[1]) if len(sys.argv) > 1 else 200
ITEMS = int(sys.argv[2]) if len(sys.argv) > 2 else 50
TOPICS = 50
LATENCY = (0.05, 0.30)
TARGET_S, TARGET_MB = 30.0, 500.0
WORKSPACE = "slack:T1"
PG_NAME = "kmbot_bench_feeds"


def databases(tmp: str) -> list[tuple[str, str]]:
    return benchdb.databases(tmp, PG_NAME)


def drop_pg() -> None:
    benchdb.drop_pg(PG_NAME)


# -- the feed server, in its own process ------------------------------------------------------
def serve(ports, feeds: int, items: int) -> None:
    async def main() -> None:
        server = FeedServer(latency=LATENCY)
        for i in range(feeds):
            server.feeds[f"/bench/{i}"] = rss(items, prefix=f"feed{i}", title=f"Feed {i}",
                                              site=f"https://journal{i}.example")
        await server.start()
        ports.put(server.port)
        await asyncio.Event().wait()
    asyncio.run(main())


async def stats(port: int) -> tuple[int, int]:
    """(requests, answered 304) so far."""
    async with aiohttp.ClientSession() as session:
        async with session.get(f"http://127.0.0.1:{port}/_stats") as response:
            data = await response.json()
    return sum(data["hits"].values()), sum(data["not_modified"].values())


# -- measuring --------------------------------------------------------------------------------
def cpu_seconds() -> float:
    """CPU time of this process (the bot: its threads parsing feeds included)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    return me.ru_utime + me.ru_stime


def peak_mb() -> float:
    """Peak resident memory of this process (MB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024            # Linux: KB


async def poll_all(ticker: Scheduler) -> tuple[float, int]:
    """Tick until nothing more is due; (seconds, runs)."""
    started, runs = time.monotonic(), 0
    while True:
        claimed = await ticker.tick()
        if not claimed:
            return time.monotonic() - started, runs
        runs += len(claimed)


async def run(label: str, url: str, port: int) -> bool:
    clock = FrozenClock(datetime(2026, 12, 7, 9, 0, tzinfo=timezone.utc))
    settings = Settings(_env_file=None, kmbot_database_url=url, kmbot_feeds_allow_private=True)
    runtime = await build_runtime(settings, clock=clock, scheduler=False)
    try:
        now = clock.now()
        async with runtime.services.uow() as uow:
            topics = [await uow.topics.add(WORKSPACE, f"Topic {t}", f"topic-{t}", "slack:T1:ULIB",
                                           now) for t in range(TOPICS)]
            for i in range(FEEDS):
                feed = await uow.feeds.add(WORKSPACE, topics[i % TOPICS].id,
                                           f"http://127.0.0.1:{port}/bench/{i}", f"Feed {i}",
                                           DEFAULT_EVERY, now)
                await feed_poll.schedule_poll(uow, feed, now)
        ticker = Scheduler(runtime.services, feed_poll.JOBS, worker=f"bench-{label}")

        clock.advance(hours=1, seconds=1)
        requests_before, _ = await stats(port)
        cpu_before = cpu_seconds()
        first_s, first_runs = await poll_all(ticker)
        cpu_self = cpu_seconds() - cpu_before
        requests_after, not_modified_before = await stats(port)
        async with runtime.services.uow(read_only=True) as uow:
            stored = sum([len(await uow.feeds.items(t.id, limit=10_000)) for t in topics])
            failing = sum(1 for f in await uow.feeds.in_workspace(WORKSPACE) if f.failures)
        clock.advance(hours=1, seconds=1)
        second_s, second_runs = await poll_all(ticker)
        _, not_modified_after = await stats(port)
    finally:
        await runtime.stop()
    memory = peak_mb()
    answered_304 = not_modified_after - not_modified_before
    print(f"[{label}] {FEEDS} feeds x {ITEMS} items, {TOPICS} topics, latency "
          f"{LATENCY[0] * 1000:.0f}-{LATENCY[1] * 1000:.0f} ms per request "
          f"(machine load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(f"  first poll of every feed:  {first_s:6.1f} s   (target < {TARGET_S:.0f} s)   "
          f"requests {requests_after - requests_before}, items stored {stored} "
          f"(expected {FEEDS * ITEMS}), feeds failing {failing}")
    print(f"      CPU: {cpu_self:.1f} s in the bot's process, parsing included")
    print(f"  second poll:               {second_s:6.1f} s   answered 304: {answered_304} of "
          f"{FEEDS} (target: all)")
    print(f"  peak memory:               {memory:6.0f} MB  (target < {TARGET_MB:.0f} MB), "
          f"the bot's process")
    ok = (first_s < TARGET_S and first_runs == FEEDS and stored == FEEDS * ITEMS
          and answered_304 == FEEDS and second_runs == FEEDS
          and memory < TARGET_MB)
    print("  " + ("OK" if ok else "BELOW TARGET"))
    return ok


async def main() -> None:
    logging.basicConfig(level=logging.ERROR)
    context = multiprocessing.get_context("spawn")
    ports = context.Queue()
    server = context.Process(target=serve, args=(ports, FEEDS, ITEMS), daemon=True)
    server.start()
    port = await asyncio.to_thread(ports.get, True, 60)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            try:
                for label, url in databases(tmp):
                    await run(label, url, port)
            finally:
                drop_pg()
    finally:
        server.terminate()
        server.join(10)


if __name__ == "__main__":
    asyncio.run(main())
