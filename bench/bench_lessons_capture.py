"""Lessons capture benchmark: 50 people capture a lesson at the same moment through signed
Slack slash commands (``/lesson ... #tag``) against kmbot, on SQLite and on PostgreSQL.

Slack wants every request acknowledged within 3 seconds; kmbot acks first and captures in
the background, storing (committing) each lesson before its confirmation is sent to the
``response_url``. The moment each confirmation arrives, the benchmark looks for its lesson
through a connection of its own: a lesson that is not there yet was confirmed before it was
durable. Printed side by side for both databases: the acknowledgement times against
Slack's 3 s, the time until every confirmation has been sent, the lessons stored against the
captures, and the confirmations whose lesson was already committed.

    python bench/bench_lessons_capture.py [--db sqlite|postgresql|both]   (``make bench``)
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import sqlite3
import uuid
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
from tests.slack.fake_web_api import Call, FakeSlackApi  # noqa: E402

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"

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


class CheckingApi(FakeSlackApi):
    """The fake Web API, which also checks, as each confirmation arrives, that the lesson it
    names is already committed (read through a connection of its own)."""

    def __init__(self, committed) -> None:
        super().__init__()
        self.committed = committed          # lesson id -> bool, from outside kmbot
        self.durable: list[bool] = []

    async def _response_url(self, request: web.Request) -> web.Response:
        response = await super()._response_url(request)
        found = re.search(r"Saved as lesson (\d+)", self.calls[-1].params.get("text", ""))
        if found:
            self.durable.append(await asyncio.to_thread(self.committed, int(found.group(1))))
        return response


def sqlite_checker(path: str):
    def committed(lesson_id: int) -> bool:
        with sqlite3.connect(path, timeout=10) as db:
            return db.execute("SELECT 1 FROM lessons WHERE id = ?", (lesson_id,)).fetchone() \
                is not None
    return committed


def postgres_checker(name: str):
    import psycopg

    def committed(lesson_id: int) -> bool:
        with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{name}") as db:
            return db.execute("SELECT 1 FROM lessons WHERE id = %s",
                              (lesson_id,)).fetchone() is not None
    return committed


async def run(database_url: str, committed) -> dict:
    api = await CheckingApi(committed).start()
    verifier = SignatureVerifier(SECRET)
    settings = Settings(_env_file=None, kmbot_database_url=database_url,
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
    return {"p50": quantiles[49], "p95": quantiles[94], "max": max(acks),
            "confirmed_ms": confirmed_after * 1000, "stored": count, "saved": len(saved),
            "named": saved <= stored, "durable": sum(api.durable),
            "checked": len(api.durable)}


def postgres_reachable() -> bool:
    try:
        import psycopg
        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return True
    except Exception:
        return False


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    results: dict[str, dict | None] = {}
    if args.db in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            path = f"{tmp}/bench.db"
            results["SQLite"] = await run(f"sqlite+aiosqlite:///{path}", sqlite_checker(path))
    if args.db in ("postgresql", "both"):
        if not postgres_reachable():
            results["PostgreSQL"] = None
        else:
            import psycopg
            name = f"kmbot_bench_capture_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{name}"')
            try:
                results["PostgreSQL"] = await run(
                    f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}",
                    postgres_checker(name))
            finally:
                with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    print(f"{CAPTURES} concurrent captures over signed Slack requests")
    names = list(results)
    print(f"{'':34}" + "".join(f"{n:>14}" for n in names) + f"{'target':>16}")

    def row(label: str, cell, target: str) -> None:
        print(f"{label:34}" + "".join(f"{('skipped' if results[n] is None else cell(results[n])):>14}"
                                      for n in names) + f"{target:>16}")
    row("ack p50 (ms)", lambda r: f"{r['p50']:.1f}", "")
    row("ack p95 (ms)", lambda r: f"{r['p95']:.1f}", "")
    row("ack max (ms)", lambda r: f"{r['max']:.1f}", f"< {ACK_LIMIT_MS:.0f}")
    row("every confirmation sent (ms)", lambda r: f"{r['confirmed_ms']:.1f}", "")
    row("lessons stored", lambda r: f"{r['stored']}/{CAPTURES}", f"{CAPTURES}/{CAPTURES}")
    row("confirmations naming a lesson", lambda r: f"{r['saved']}/{CAPTURES}",
        f"{CAPTURES}/{CAPTURES}")
    row("committed when confirmed", lambda r: f"{r['durable']}/{r['checked']}",
        f"{CAPTURES}/{CAPTURES}")
    ok = True
    for name, r in results.items():
        if r is None:
            print(f"{name}: skipped, not reachable at 127.0.0.1:5432")
            continue
        ok &= (r["max"] < ACK_LIMIT_MS and r["stored"] == CAPTURES
               and r["saved"] == CAPTURES and r["named"] and r["durable"] == CAPTURES)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
