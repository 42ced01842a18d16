"""Huddles at volume: 1,000 Teams channels with a huddle due at the same minute.

The scheduler claims the due runs set-based (hundreds in one statement), runs them a few
groups at a time (each group's prompts queued in bulk in one unit of work), so the outbox is
ahead of the sender from the first second; the line "prompts claimed and queued in" shows it.
Each huddle's prompt is claimed by the scheduler, stored in the outbox and sent by the real
Teams channel (botbuilder, kmbot's throttle) to a local stand-in for the Bot Connector that
enforces Microsoft's published per-tenant limit (50 requests a second per app per tenant) and
answers 429 with Retry-After when it is exceeded. The least delay the limit allows for N
prompts is N / 50 s (1,000: 20 s). The benchmark prints the delay from the due time to the
last prompt against that least delay, the ratio (goal: at least 0.9), the 429s received, and
checks every prompt was posted exactly once.

    python bench/bench_huddles.py [CHANNELS] [SCALE]      (``make bench``)

SCALE multiplies the limit (and so shortens the run) without changing the ratio measured.
"""
from __future__ import annotations

import benchdb  # noqa: E402  (bench/, beside this script)

import asyncio
import logging
import sys
import tempfile
import time
from collections import Counter, deque
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aiohttp import web  # noqa: E402

from adapters.teams import CHANNEL  # noqa: E402
from adapters.teams import throttle as teams_throttle  # noqa: E402
from bot.app import create_app  # noqa: E402
from bot.runtime import build_runtime  # noqa: E402
from bot.settings import Settings  # noqa: E402
from core.huddles import jobs as huddle_jobs  # noqa: E402
from core.huddles.model import HuddleSettings  # noqa: E402
from scheduler import Scheduler  # noqa: E402
from storage.teams import TeamsStore  # noqa: E402
from tests.teams.fake_connector import FakeConnector  # noqa: E402

TENANT = "tenant-bench"
LIMIT_PER_SECOND = 50
PG_NAME = "kmbot_bench_huddles"
DUE = datetime(2026, 11, 26, 8, 45, tzinfo=timezone.utc)


class LimitedConnector(FakeConnector):
    """The Bot Connector stand-in, enforcing the per-tenant limit over a sliding second."""

    def __init__(self, per_second: int) -> None:
        super().__init__()
        self.per_second = per_second
        self.window: deque[float] = deque()
        self.throttled = 0

    async def _activity(self, request: web.Request) -> web.Response:
        now = time.monotonic()
        while self.window and self.window[0] <= now - 1.0:
            self.window.popleft()
        if len(self.window) >= self.per_second:
            self.throttled += 1
            return web.json_response({"error": {"code": "TooManyRequests"}}, status=429,
                                     headers={"Retry-After": "1"})
        self.window.append(now)
        return await super()._activity(request)


class RunningClock:
    """Real time, shifted so that "now" starts at the huddles' due minute."""

    def __init__(self, start: datetime) -> None:
        self.offset = start - datetime.now(timezone.utc)

    def now(self) -> datetime:
        return datetime.now(timezone.utc) + self.offset

    def today(self, tz: str):
        return self.now().astimezone(ZoneInfo(tz)).date()


def databases(tmp: str) -> list[tuple[str, str]]:
    return benchdb.databases(tmp, PG_NAME)


def drop_pg() -> None:
    benchdb.drop_pg(PG_NAME)


async def queued_by(runtime, started: float) -> float:
    """Seconds from the due time until the last prompt was in the outbox."""
    async with runtime.services.uow() as uow:
        items = [i for i in await uow.outbox.items() if i.tag and i.tag.startswith("huddles:")]
    latest = max(i.created_at for i in items) if items else None
    return (latest - DUE).total_seconds() if latest else 0.0


async def main(channels: int, scale: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        try:
            for label, url in databases(tmp):
                await run(label, url, channels, scale)
        finally:
            drop_pg()


async def run(label: str, url: str, channels: int, scale: float) -> None:
    logging.basicConfig(level=logging.ERROR)
    per_second = int(LIMIT_PER_SECOND * scale)
    teams_throttle.TENANT_WINDOWS = ((per_second, 1.0),)
    connector = await LimitedConnector(per_second).start()
    due = DUE
    clock = RunningClock(due - timedelta(hours=1))     # set-up happens well before
    set_up = time.monotonic()
    if True:
        settings = Settings(_env_file=None, kmbot_database_url=url)
        runtime = await build_runtime(settings, clock=clock, scheduler=False)
        app = create_app(runtime, adapters=["teams"], start_background=False)
        channel = app[CHANNEL]
        channel.throttle = teams_throttle.Throttle(tenant=((per_second, 1.0),))
        store = TeamsStore(runtime.db.sessions)
        for i in range(channels):
            cid = f"19:ward-{i}@thread.tacv2"
            await store.save_conversation(cid, TENANT, "channel", "team-1", {
                "serviceUrl": connector.url, "channelId": "msteams",
                "conversation": {"id": cid, "conversationType": "channel",
                                 "tenantId": TENANT},
                "bot": {"id": "28:kmbot", "name": "kmbot"}}, clock.now())
        async with runtime.services.uow() as uow:
            for i in range(channels):
                huddle = await uow.huddles.add(
                    f"teams:{TENANT}", f"19:ward-{i}@thread.tacv2", f"teams:{TENANT}:29:owner",
                    HuddleSettings(name=f"Ward {i} safety huddle", time="08:45",
                                   nation="england"), clock.now())
                await huddle_jobs.schedule_prompts(uow, huddle, clock.now())
        ticker = Scheduler(runtime.services, huddle_jobs.JOBS, worker="bench")
        # set-up over, the clock starts again at a few seconds before the due minute
        clock.offset = due - timedelta(seconds=2) - datetime.now(timezone.utc)
        print(f"[{label}] set up {channels} channels and huddles in "
              f"{time.monotonic() - set_up:.1f} s")
        await asyncio.sleep(max(0.0, (due - clock.now()).total_seconds()))
        started = time.monotonic()
        delivery = asyncio.create_task(runtime.delivery.run_forever())
        await ticker.start()            # the scheduler as `kmbot run` runs it (its own timer)
        runtime.delivery.wake()
        deadline = started + channels / per_second * 3 + 60
        while len(connector.sent) < channels and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
            runtime.delivery.wake()
        ticked = await queued_by(runtime, started)
        await asyncio.sleep(1.0)                     # anything more would be a duplicate
        await ticker.stop()
        runtime.delivery.stop()
        await delivery
        async with runtime.services.uow() as uow:
            claimed = [r for r in await uow.jobs.runs(huddle_jobs.PROMPT.name)]
        last = max(r.at for r in connector.sent) if connector.sent else started
        first = min(r.at for r in connector.sent) if connector.sent else started
        per_conversation = Counter(r.conversation_id for r in connector.sent)
        await runtime.stop()
    await connector.close()
    delay = last - started
    least = channels / per_second
    print(f"[{label}] huddle prompts due at one minute: {channels} channels, one tenant, limit "
          f"{per_second}/s ({'published' if scale == 1 else f'published x{scale:g}'})")
    print(f"  runs claimed: {len(claimed)}; prompts posted: {len(per_conversation)} of "
          f"{channels}; posted twice: {sum(1 for n in per_conversation.values() if n > 1)}")
    print(f"  delay due -> last prompt: {delay:.1f} s   least the limit allows: {least:.1f} s"
          f"   ratio of allowed rate: {least / delay if delay else 0:.2f} (goal >= 0.9)")
    print(f"  429s from the stand-in: {connector.throttled}; prompts claimed and queued in "
          f"{ticked:.1f} s; first sent after {first - started:.1f} s")
    rate = (len(connector.sent) - 1) / (last - first) if last > first else 0.0
    print(f"  the sender from first to last prompt: {rate:.0f}/s (the limit: {per_second}/s)"
          + ("; the scheduler queued them all first, so the rest is the sender's"
             if ticked < delay / 2 else ""))
    ok = (len(per_conversation) == channels and max(per_conversation.values()) == 1
          and delay and least / delay >= 0.9)
    print("  " + ("OK" if ok else "BELOW GOAL"))


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    s = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
    asyncio.run(main(n, s))
