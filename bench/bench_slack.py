"""Slack adapter benchmark: signed slash commands over loopback, 20 concurrent clients.

kmbot (``/coffee join`` for distinct users, each storing a membership in SQLite) is measured
side by side with a bare slack-bolt ``AsyncApp`` that only acks, served the same way inside
aiohttp. Targets: kmbot's throughput at least 0.75 of the bare app's, and its p99 latency under
100 ms. The durable work must still complete: the memberships are counted afterwards.

    python bench/bench_slack.py            (from the repository root; ``make bench``)
"""
from __future__ import annotations

import asyncio
import logging
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


async def main() -> int:
    logging.basicConfig(level=logging.WARNING)
    api = await FakeSlackApi().start()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, kmbot_database_url=f"sqlite+aiosqlite:///{tmp}/bench.db",
                            slack_bot_token=TOKEN, slack_signing_secret=SECRET,
                            slack_api_base_url=api.url)
        runtime = await build_runtime(settings, scheduler=False)
        kmbot_app = create_app(runtime, adapters=["slack"], start_background=False)
        adapter = kmbot_app[SLACK]
        kmbot_runner, kmbot_url = await serve(kmbot_app)
        bare_runner, bare_url = await serve(bare_bolt_app(api.url))
        load = Load(api.response_url("bench"))
        await load.run(bare_url, 100)                       # warm-up both
        await load.run(kmbot_url, 100)
        sent = 100
        results: dict[str, list] = {"bare": [], "kmbot": []}
        for _ in range(ROUNDS):
            results["bare"].append(await load.run(bare_url, REQUESTS))
            await adapter.background.drain()
            results["kmbot"].append(await load.run(kmbot_url, REQUESTS))
            sent += REQUESTS
            await adapter.background.drain()
        started = time.perf_counter()
        await adapter.background.drain()
        async with runtime.db.sessions() as session:
            stored = await session.scalar(select(func.count(MembershipRow.person_key)))
        await kmbot_runner.cleanup()
        await bare_runner.cleanup()
        await runtime.stop()
    await api.stop()

    bare_rps = max(r for r, _ in results["bare"])
    kmbot_rps = max(r for r, _ in results["kmbot"])
    kmbot_p99 = min(p99(lat) for _, lat in results["kmbot"])
    bare_p99 = min(p99(lat) for _, lat in results["bare"])
    ratio = kmbot_rps / bare_rps
    print(f"bare slack-bolt AsyncApp (ack only): {bare_rps:8.1f} req/s   p99 {bare_p99:6.1f} ms")
    print(f"kmbot /coffee join (durable)       : {kmbot_rps:8.1f} req/s   p99 {kmbot_p99:6.1f} ms")
    print(f"throughput ratio kmbot/bare        : {ratio:8.2f}   (target >= {MIN_RATIO})")
    print(f"memberships stored                 : {stored} of {sent} commands "
          f"(drained in {time.perf_counter() - started:.1f}s after the last run)")
    ok = ratio >= MIN_RATIO and kmbot_p99 < MAX_P99_MS and stored == sent
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
