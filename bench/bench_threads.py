"""Thread replies at volume: signed Slack ``message`` events in the thread of one kmbot card,
each reply counted on the card, the card's edits coalesced.

A card is posted to a channel; then 20 concurrent clients send REPLIES signed thread replies
(plus one redelivery, with Slack's retry headers, for every tenth) to kmbot over loopback while
the delivery worker runs. Each reply's handler edits the card ("N replies"); edits queued
while one is being sent become one, and Slack's one-message-a-second-per-channel pace applies.
Targets: every request acknowledged within 3 s; every reply counted exactly once; the card
ends showing the total; far fewer ``chat.update`` calls than replies. The Slack clients and
the Web API stand-in share kmbot's process here (bench_slack.py separates them).

    python bench/bench_threads.py [REPLIES]        (from the repository root; ``make bench``)
"""
from __future__ import annotations

import asyncio
import json
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aiohttp import ClientSession, TCPConnector, web  # noqa: E402
from slack_sdk.signature import SignatureVerifier  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from adapters.slack import SLACK  # noqa: E402
from bot.app import create_app  # noqa: E402
from bot.runtime import build_runtime  # noqa: E402
from bot.settings import Settings  # noqa: E402
from core.cards import Message, Reply  # noqa: E402
from core.router import Context, Router  # noqa: E402
from core.vocabulary import Destination  # noqa: E402
from storage.models import InboxRow  # noqa: E402
from tests.slack.fake_web_api import FakeSlackApi  # noqa: E402

SECRET = "bench0signing0secret0000000000ab"
REPLIES = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
CLIENTS, MAX_ACK_S, CHANNEL = 20, 3.0, "C0WARD"

tally = Router()
counted: list[str] = []


@tally.thread("tally")
async def count_reply(ctx: Context) -> Reply:
    counted.append(ctx.thread.message_id)
    async with ctx.services.uow() as uow:
        await ctx.services.queue_edit(uow, ctx.thread.root_id, Message(f"{len(counted)} replies"))
    ctx.services.on_queued()
    return Reply()


def signed(n: int, card_ts: str) -> tuple[bytes, dict]:
    ts = f"1700001000.{n:06d}"
    body = json.dumps({
        "token": "x", "team_id": "T1", "api_app_id": "A0KMBOT", "type": "event_callback",
        "event_id": f"Ev{n:08d}", "event_time": 1700001000,
        "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}],
        "event": {"type": "message", "user": f"U{n % 500:05d}", "text": f"idea {n}", "ts": ts,
                  "thread_ts": card_ts, "channel": CHANNEL, "channel_type": "channel",
                  "team": "T1", "event_ts": ts}})
    stamp = str(int(time.time()))
    return body.encode(), {"Content-Type": "application/json",
                           "X-Slack-Request-Timestamp": stamp,
                           "X-Slack-Signature": SignatureVerifier(SECRET).generate_signature(
                               timestamp=stamp, body=body)}


async def send_all(url: str, card_ts: str) -> list[float]:
    jobs = [(n, {}) for n in range(REPLIES)] + [
        (n, {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
        for n in range(0, REPLIES, 10)]
    latencies: list[float] = []
    left = iter(jobs)

    async def client(session: ClientSession) -> None:
        for n, retry in left:
            body, headers = signed(n, card_ts)
            started = time.perf_counter()
            async with session.post(url, data=body, headers={**headers, **retry}) as response:
                await response.read()
                if response.status != 200:
                    raise SystemExit(f"kmbot answered {response.status}")
            latencies.append(time.perf_counter() - started)

    async with ClientSession(connector=TCPConnector(limit=CLIENTS)) as session:
        await asyncio.gather(*(client(session) for _ in range(CLIENTS)))
    return latencies


async def settled(runtime, timeout: float = 120) -> None:
    """Wait until the outbox has nothing left to send (the worker is running)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        async with runtime.services.uow() as uow:
            counts = await uow.outbox.counts()
        if not counts.get("pending") and not counts.get("retrying"):
            return
        runtime.delivery.wake()
        await asyncio.sleep(0.2)


async def main() -> int:
    logging.basicConfig(level=logging.ERROR)
    api = await FakeSlackApi().start()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, slack_bot_token="xoxb-bench",
                            kmbot_database_url=f"sqlite+aiosqlite:///{tmp}/bench.db",
                            slack_signing_secret=SECRET, slack_api_base_url=api.url)
        runtime = await build_runtime(settings, scheduler=False)
        runtime.kernel.router.include(tally)
        app = create_app(runtime, adapters=["slack"], start_background=False)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/slack/events"
        async with runtime.services.uow() as uow:
            [card] = await runtime.services.post(
                uow, Destination.channel("slack", "T1", CHANNEL), Message("0 replies"),
                tag="tally:1")
        await runtime.delivery.drain()
        async with runtime.services.uow() as uow:
            card_ts = (await uow.outbox.get(card)).ref.id
        await runtime.start()
        started = time.perf_counter()
        latencies = await send_all(url, card_ts)
        await app[SLACK].background.drain(timeout=600)
        handled = time.perf_counter() - started
        await settled(runtime)
        async with runtime.db.sessions() as session:
            inbox = await session.scalar(select(func.count()).select_from(InboxRow))
        await runner.cleanup()
        await runtime.stop()
    await api.stop()
    updates = api.calls_to("chat.update")
    final = updates[-1].params["text"] if updates else "(no update)"
    slowest = max(latencies)
    print(f"requests sent                     : {len(latencies)} ({REPLIES} replies "
          f"+ {len(latencies) - REPLIES} redeliveries)")
    print(f"ack latency p50 / p99 / max       : {statistics.median(latencies) * 1000:.1f} / "
          f"{statistics.quantiles(latencies, n=100)[98] * 1000:.1f} / {slowest * 1000:.1f} ms"
          f"   (target max < {MAX_ACK_S:g} s)")
    print(f"replies counted / stored once     : {len(set(counted))} of {REPLIES} "
          f"({len(counted)} handled, {inbox} de-duplication keys)")
    print(f"all handled in                    : {handled:.1f} s")
    print(f"card updates sent for the replies : {len(updates)} chat.update for {REPLIES} "
          f"replies; the card now says {final!r}")
    ok = (slowest < MAX_ACK_S and len(counted) == len(set(counted)) == inbox == REPLIES
          and final == f"{REPLIES} replies" and len(updates) < REPLIES)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
