"""Huddle answers at volume: 5,000 replies in the thread of one huddle's prompt, arriving
within a minute as signed Slack ``message`` events (and one redelivery, with Slack's retry
headers, for every tenth), sent to kmbot over loopback while its delivery worker runs.

The prompt is posted through the outbox to a local stand-in for Slack's Web API; then the
replies arrive at a steady pace (open loop: each is sent at its time whether or not earlier
ones have been answered, as Slack does) from 500 people. Targets: every request acknowledged
within 3 s (Slack's limit); every reply stored exactly once (redeliveries stored nothing).
Prints ack p50 / p95 / max and answers stored against replies sent, on SQLite and (when it is
reachable) PostgreSQL.

    python bench/bench_huddle_answers.py [REPLIES] [SECONDS]     (``make bench``)
"""
from __future__ import annotations

import benchdb  # noqa: E402  (bench/, beside this script)

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
from core.huddles.model import HuddleSettings  # noqa: E402
from core.huddles.runner import HuddleRunner  # noqa: E402
from storage.huddle_models import HuddleAnswerRow  # noqa: E402
from tests.slack.fake_web_api import FakeSlackApi  # noqa: E402

SECRET = "bench0signing0secret0000000000ab"
MAX_ACK_S, CHANNEL, PEOPLE = 3.0, "C0WARD", 500
PG_NAME = "kmbot_bench_huddle_answers"


def signed(n: int, prompt_ts: str) -> tuple[bytes, dict]:
    ts = f"1700001000.{n:06d}"
    body = json.dumps({
        "token": "x", "team_id": "T1", "api_app_id": "A0KMBOT", "type": "event_callback",
        "event_id": f"Ev{n:08d}", "event_time": 1700001000,
        "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}],
        "event": {"type": "message", "user": f"U{n % PEOPLE:05d}",
                  "text": f"2. Bay {n} hoist needs a service", "ts": ts,
                  "thread_ts": prompt_ts, "channel": CHANNEL, "channel_type": "channel",
                  "team": "T1", "event_ts": ts}})
    stamp = str(int(time.time()))
    return body.encode(), {"Content-Type": "application/json",
                           "X-Slack-Request-Timestamp": stamp,
                           "X-Slack-Signature": SignatureVerifier(SECRET).generate_signature(
                               timestamp=stamp, body=body)}


async def send_all(url: str, prompt_ts: str, replies: int, seconds: float) -> list[float]:
    """Every reply (and a redelivery of every tenth) at its time over ``seconds``."""
    jobs = [(n, {}) for n in range(replies)]
    for n in range(0, replies, 10):            # Slack redelivers some, the same event id
        jobs.insert(min(len(jobs), n + 15 + n // 10),
                    (n, {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}))
    latencies: list[float] = []
    gap = seconds / len(jobs)
    start = time.perf_counter()

    async def one(session: ClientSession, i: int, n: int, retry: dict) -> None:
        await asyncio.sleep(max(0.0, start + i * gap - time.perf_counter()))
        body, headers = signed(n, prompt_ts)
        sent = time.perf_counter()
        async with session.post(url, data=body, headers={**headers, **retry}) as response:
            await response.read()
            if response.status != 200:
                raise SystemExit(f"kmbot answered {response.status}")
        latencies.append(time.perf_counter() - sent)

    async with ClientSession(connector=TCPConnector(limit=0)) as session:
        await asyncio.gather(*(one(session, i, n, retry)
                               for i, (n, retry) in enumerate(jobs)))
    return latencies


def databases(tmp: str) -> list[tuple[str, str]]:
    return benchdb.databases(tmp, PG_NAME)


def drop_pg() -> None:
    benchdb.drop_pg(PG_NAME)


async def run(label: str, url: str, replies: int, seconds: float) -> bool:
    api = await FakeSlackApi().start()
    settings = Settings(_env_file=None, slack_bot_token="xoxb-bench",
                        kmbot_database_url=url, slack_signing_secret=SECRET,
                        slack_api_base_url=api.url)
    runtime = await build_runtime(settings, scheduler=False)
    app = create_app(runtime, adapters=["slack"], start_background=False)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    events = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/slack/events"
    now = runtime.services.now()
    async with runtime.services.uow() as uow:
        huddle = await uow.huddles.add("slack:T1", CHANNEL, "slack:T1:U0NIA", HuddleSettings(
            name="Ward 7 safety huddle", window=120, nation="england"), now)
    session = await HuddleRunner(runtime.services).prompt(huddle.id, now.replace(microsecond=0))
    await runtime.delivery.drain()
    async with runtime.services.uow() as uow:
        prompt_ts = (await uow.outbox.get(session.root_id)).ref.id
    await runtime.start()
    started = time.perf_counter()
    latencies = await send_all(events, prompt_ts, replies, seconds)
    arrived = time.perf_counter() - started
    await app[SLACK].background.drain(timeout=600)
    handled = time.perf_counter() - started
    async with runtime.db.sessions() as db:
        stored = await db.scalar(select(func.count()).select_from(HuddleAnswerRow))
        distinct = await db.scalar(select(func.count(func.distinct(HuddleAnswerRow.text))))
    await runner.cleanup()
    await runtime.stop()
    await api.stop()
    thanked = len(api.calls_to("chat.postEphemeral"))
    p95 = statistics.quantiles(latencies, n=100)[94]
    slowest = max(latencies)
    print(f"[{label}] {len(latencies)} signed requests ({replies} thread replies + "
          f"{len(latencies) - replies} redeliveries) sent over {arrived:.1f} s")
    print(f"  ack p50 / p95 / max : {statistics.median(latencies) * 1000:.0f} / "
          f"{p95 * 1000:.0f} / {slowest * 1000:.0f} ms   (target: every ack < {MAX_ACK_S:g} s)")
    print(f"  answers stored      : {stored} for {replies} replies sent ({distinct} distinct; "
          f"target: each stored once)")
    print(f"  all handled after   : {handled:.1f} s; thank-yous sent: {thanked}")
    ok = slowest < MAX_ACK_S and stored == distinct == replies
    print("  " + ("OK" if ok else "BELOW GOAL"))
    return ok


async def main(replies: int, seconds: float) -> int:
    logging.basicConfig(level=logging.ERROR)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        try:
            for label, url in databases(tmp):
                ok = await run(label, url, replies, seconds) and ok
        finally:
            drop_pg()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000,
                              float(sys.argv[2]) if len(sys.argv) > 2 else 55.0)))
