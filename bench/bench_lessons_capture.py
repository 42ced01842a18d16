"""Lessons capture benchmark: 50 people capture a lesson at the same moment through signed
Slack slash commands (``/lesson ... #tag``) against kmbot on SQLite.

Slack wants every request acknowledged within 3 seconds; kmbot acks first and captures in
the background, storing (committing) each lesson before its confirmation is sent to the
``response_url``. Printed side by side: the acknowledgement times against Slack's 3 s, the
time until every confirmation has been sent, and the lessons stored against the captures.

    python bench/bench_lessons_capture.py        (from the repository root; ``make bench``)
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
from slack_sdk.signature import SignatureVerifier  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from adapters.slack import SLACK  # noqa: E402
from bot.app import create_app  # noqa: E402
from bot.runtime import build_runtime  # noqa: E402
from bot.settings import Settings  # noqa: E402
from storage.models import LessonRow  # noqa: E402
from tests.slack.fake_web_api import FakeSlackApi  # noqa: E402

SECRET = "bench0signing0secret0000000000ab"
TOKEN = "xoxb-bench"
CAPTURES = 50
ACK_LIMIT_MS = 3000.0
WORDS = ("hoist", "battery", "discharge", "letter", "pharmacy", "handover", "falls", "sepsis",
         "rota", "audit", "sharps", "label", "night", "shift", "porter", "ward")


def request(n: int, response_url: str, verifier: SignatureVerifier) -> tuple[bytes, dict]:
    words = " ".join(WORDS[(n * 7 + i) % len(WORDS)] for i in range(12))
    body = urlencode({
        "token": "x", "team_id": "T1", "team_domain": "bench", "channel_id": "C0WARD",
        "channel_name": "ward-7", "user_id": f"U{n:07d}", "user_name": f"user{n}",
        "command": "/lesson", "text": f"Lesson {n}: {words} #bench #ward-{n % 5}",
        "response_url": response_url, "trigger_id": f"{n}.1.bench"})
    ts = str(int(time.time()))
    return body.encode(), {"Content-Type": "application/x-www-form-urlencoded",
                           "X-Slack-Request-Timestamp": ts,
                           "X-Slack-Signature": verifier.generate_signature(timestamp=ts,
                                                                            body=body)}


async def main() -> int:
    logging.basicConfig(level=logging.ERROR)
    api = await FakeSlackApi().start()
    verifier = SignatureVerifier(SECRET)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None,
                            kmbot_database_url=f"sqlite+aiosqlite:///{tmp}/bench.db",
                            slack_bot_token=TOKEN, slack_signing_secret=SECRET,
                            slack_api_base_url=api.url)
        runtime = await build_runtime(settings, scheduler=False)
        app = create_app(runtime, adapters=["slack"], start_background=False)
        adapter = app[SLACK]
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/slack/events"
        acks: list[float] = []

        async def capture(session: ClientSession, n: int) -> None:
            body, headers = request(n, api.response_url(f"u{n}"), verifier)
            started = time.perf_counter()
            async with session.post(url, data=body, headers=headers) as response:
                await response.read()
                if response.status != 200:
                    raise SystemExit(f"kmbot answered {response.status}")
            acks.append((time.perf_counter() - started) * 1000)

        async with ClientSession(connector=TCPConnector(limit=CAPTURES)) as session:
            started = time.perf_counter()
            await asyncio.gather(*(capture(session, n) for n in range(1, CAPTURES + 1)))
            await adapter.background.drain(timeout=60)
            confirmed_after = time.perf_counter() - started
        confirmations = [c.params.get("text", "") for c in api.calls_to("response_url")]
        saved = {int(m.group(1)) for text in confirmations
                 for m in [re.search(r"Saved as lesson (\d+)", text)] if m}
        async with runtime.db.sessions() as db:
            stored = set(await db.scalars(select(LessonRow.id)))
            count = await db.scalar(select(func.count()).select_from(LessonRow))
        await runner.cleanup()
        await runtime.stop()
    await api.stop()

    quantiles = statistics.quantiles(acks, n=100)
    print(f"{CAPTURES} concurrent captures over signed Slack requests (SQLite)")
    print(f"acknowledged  p50 {quantiles[49]:7.1f} ms   p95 {quantiles[94]:7.1f} ms   "
          f"max {max(acks):7.1f} ms   |  Slack's limit {ACK_LIMIT_MS:.0f} ms")
    print(f"every confirmation sent after {confirmed_after * 1000:7.1f} ms")
    print(f"lessons stored {count} of {CAPTURES} captures; confirmations {len(saved)}, "
          f"each naming a stored lesson: {saved <= stored}")
    ok = max(acks) < ACK_LIMIT_MS and count == CAPTURES and len(saved) == CAPTURES \
        and saved <= stored
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
