"""Slack adapter benchmark: signed slash commands over loopback, 20 concurrent clients.

kmbot (``/coffee join`` for distinct users, each storing a membership in SQLite) is measured
side by side with a bare slack-bolt ``AsyncApp`` that only acks, served the same way inside
aiohttp. "Slack" (the 20 clients, and a stand-in Web API receiving the replies posted to
``response_url``) runs in a second process, as it would be another machine. Targets: kmbot's throughput at least 0.75 of the bare app's, and its p99 latency under
100 ms. The durable work must still complete: the memberships are counted afterwards.

    python bench/bench_slack.py            (from the repository root; ``make bench``)
"""
from __future__ import annotations

import asyncio
import logging
import multiprocessing
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aiohttp import ClientSession, TCPConnector, web  # noqa: E402
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request  # noqa: E402
from slack_bolt.async_app import AsyncApp  # noqa: E402
from slack_sdk.signature import SignatureVerifier  # noqa: E402
from slack_sdk.web.async_client import AsyncWebClient  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from adapters.slack import SLACK  # noqa: E402
from bot.app import create_app  # noqa: E402
from bot.runtime import build_runtime  # noqa: E402
from bot.settings import Settings  # noqa: E402
from storage.models import MembershipRow  # noqa: E402
from tests.slack.fake_web_api import FakeSlackApi  # noqa: E402

SECRET = "bench0signing0secret0000000000ab"
TOKEN = "xoxb-bench"
CLIENTS = 20
REQUESTS = 800          # per measured run
ROUNDS = 2               # bare, kmbot, bare, kmbot ...
MIN_RATIO, MAX_P99_MS = 0.75, 100.0


async def serve(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/slack/events"


def bare_bolt_app(api_url: str) -> web.Application:
    bolt = AsyncApp(signing_secret=SECRET, client=AsyncWebClient(TOKEN, base_url=api_url))

    @bolt.command(re.compile(r"^/.+"))
    async def ack_only(ack):
        await ack()

    async def events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))
    app = web.Application()
    app.router.add_post("/slack/events", events)
    return app


class Load:
    def __init__(self, response_url: str) -> None:
        self.response_url = response_url
        self.verifier = SignatureVerifier(SECRET)
        self.n = 0

    def request(self) -> tuple[bytes, dict]:
        self.n += 1
        body = urlencode({
            "token": "x", "team_id": "T1", "team_domain": "bench", "channel_id": "C1",
            "channel_name": "general", "user_id": f"U{self.n:07d}", "user_name": f"user{self.n}",
            "command": "/coffee", "text": "join", "response_url": self.response_url,
            "trigger_id": f"{self.n}.1.bench"})
        ts = str(int(time.time()))
        return body.encode(), {"Content-Type": "application/x-www-form-urlencoded",
                               "X-Slack-Request-Timestamp": ts,
                               "X-Slack-Signature": self.verifier.generate_signature(
                                   timestamp=ts, body=body)}

    async def run(self, url: str, total: int) -> tuple[float, list[float]]:
        latencies: list[float] = []
        left = iter(range(total))

        async def client(session: ClientSession) -> None:
            for _ in left:
                body, headers = self.request()
                started = time.perf_counter()
                async with session.post(url, data=body, headers=headers) as response:
                    await response.read()
                    if response.status != 200:
                        raise SystemExit(f"{url} answered {response.status}")
                latencies.append(time.perf_counter() - started)

        async with ClientSession(connector=TCPConnector(limit=CLIENTS)) as session:
            started = time.perf_counter()
            await asyncio.gather(*(client(session) for _ in range(CLIENTS)))
            elapsed = time.perf_counter() - started
        return total / elapsed, latencies


def p99(latencies: list[float]) -> float:
    return statistics.quantiles(latencies, n=100)[98] * 1000


def slack_side(conn) -> None:
    """The second process: Slack's clients and its Web API stand-in."""
    async def run() -> None:
        api = await FakeSlackApi().start()
        load = Load(api.response_url("bench"))
        conn.send(api.url)
        while (job := await asyncio.to_thread(conn.recv)) is not None:
            url, total = job
            conn.send(await load.run(url, total))
        await api.stop()
    asyncio.run(run())


async def main(conn) -> int:
    logging.basicConfig(level=logging.ERROR)

    async def load(url: str, total: int) -> tuple[float, list[float]]:
        conn.send((url, total))
        return await asyncio.to_thread(conn.recv)

    api_url = await asyncio.to_thread(conn.recv)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, kmbot_database_url=f"sqlite+aiosqlite:///{tmp}/bench.db",
                            slack_bot_token=TOKEN, slack_signing_secret=SECRET,
                            slack_api_base_url=api_url)
        runtime = await build_runtime(settings, scheduler=False)
        kmbot_app = create_app(runtime, adapters=["slack"], start_background=False)
        adapter = kmbot_app[SLACK]
        kmbot_runner, kmbot_url = await serve(kmbot_app)
        bare_runner, bare_url = await serve(bare_bolt_app(api_url))
        await load(bare_url, 100)                           # warm-up both
        await load(kmbot_url, 100)
        sent = 100
        results: dict[str, list] = {"bare": [], "kmbot": []}
        for _ in range(ROUNDS):
            await adapter.background.drain()
            results["bare"].append(await load(bare_url, REQUESTS))
            await adapter.background.drain()
            results["kmbot"].append(await load(kmbot_url, REQUESTS))
            sent += REQUESTS
        started = time.perf_counter()
        await adapter.background.drain()
        drained = time.perf_counter() - started
        async with runtime.db.sessions() as session:
            stored = await session.scalar(select(func.count(MembershipRow.person_key)))
        await kmbot_runner.cleanup()
        await bare_runner.cleanup()
        await runtime.stop()
    conn.send(None)

    bare_rps = max(r for r, _ in results["bare"])
    kmbot_rps = max(r for r, _ in results["kmbot"])
    kmbot_p99 = min(p99(lat) for _, lat in results["kmbot"])
    bare_p99 = min(p99(lat) for _, lat in results["bare"])
    ratio = kmbot_rps / bare_rps
    print(f"bare slack-bolt AsyncApp (ack only): {bare_rps:8.1f} req/s   p99 {bare_p99:6.1f} ms")
    print(f"kmbot /coffee join (durable)       : {kmbot_rps:8.1f} req/s   p99 {kmbot_p99:6.1f} ms")
    print(f"throughput ratio kmbot/bare        : {ratio:8.2f}   (target >= {MIN_RATIO})")
    print(f"memberships stored                 : {stored} of {sent} commands "
          f"(the last backlog drained in {drained:.1f}s)")
    ok = ratio >= MIN_RATIO and kmbot_p99 < MAX_P99_MS and stored == sent
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    ours, theirs = multiprocessing.Pipe()
    other = multiprocessing.Process(target=slack_side, args=(theirs,), daemon=True)
    other.start()
    try:
        code = asyncio.run(main(ours))
    finally:
        other.join(10)
    sys.exit(code)
