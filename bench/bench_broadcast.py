"""One bulletin to 50,000 people on Teams: as fast as Microsoft allows, nothing lost, nothing
twice, through a SIGKILL of a sender and with two senders at once, on SQLite and PostgreSQL.

A local stand-in for the Bot Connector (its own process) enforces the published limits, all
scaled up by ``--scale`` to keep the run short (the figure that counts is the achieved rate as
a share of the allowed one): 50 requests a second per app per tenant, creating a 1:1 chat
included, and 7 a second per conversation; over them it answers 429 with ``Retry-After``,
and it fails ``--flaky`` of requests with a 503. Everyone starts without a 1:1 chat, so each
recipient costs two requests (create the chat, send).

The bulletin is queued with ``services.broadcast_in_chunks`` while a probe opens a writing
unit of work every 20 ms (what another person's command would wait for); then sender
processes run kmbot's delivery worker with the real Agents SDK client pointed at the
stand-in, at kmbot's own pace (``KMBOT_TEAMS_TENANT_PER_SECOND``, 48 of the 50 by default).
``kill``: one sender, SIGKILLed when 40% is sent and started again. ``two``: two
senders; one is SIGKILLed at 40% and started again. Finally the stand-in's records are
checked: lost (never received), duplicated (received twice; only sends in flight at a kill
may be, and the report counts those as possibly duplicated).

    python bench/bench_broadcast.py [--recipients 50000] [--scale 2] [--db sqlite,postgresql]
                                    [--mode kill,two]           (``make bench``)
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, deque
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aiohttp import ClientSession, web  # noqa: E402

APP_ID = "0b5e7a3c-0000-4000-8000-00000000b071"
TENANT = "72f988bf-0000-4000-8000-0000000000aa"
TEAM = "19:bench-general@thread.tacv2"
TAG = "bulletin:bench"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
TENANT_LIMIT, CONVERSATION_LIMIT = 50, 7      # per second, as published
TARGET_SHARE, MEMORY_GOAL_MB = 0.90, 300


# -- the stand-in Bot Connector ----------------------------------------------------------------

class StandIn:
    def __init__(self, scale: float, flaky: float, seed: int = 7) -> None:
        self.tenant_limit = TENANT_LIMIT * scale
        self.conversation_limit = CONVERSATION_LIMIT * scale
        self.retry_after = f"{1.0 / scale:.3f}"
        self.flaky = flaky
        self.random = random.Random(seed)
        self.window: deque[float] = deque()
        self.by_conversation: dict[str, deque[float]] = {}
        self.sends: Counter[str] = Counter()
        self.creates = self.ok = self.throttled = self.failed = 0
        self.first = self.last = 0.0

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/v3/conversations", self.create)
        app.router.add_post("/v3/conversations/{cid}/activities", self.activity)
        app.router.add_post("/v3/conversations/{cid}/activities/{aid}", self.activity)
        app.router.add_get("/stats", self.stats)
        return app

    def _admit(self, conversation: str | None) -> web.Response | None:
        now = time.monotonic()
        while self.window and self.window[0] <= now - 1.0:
            self.window.popleft()
        over = len(self.window) >= self.tenant_limit
        if conversation is not None and not over:
            mine = self.by_conversation.setdefault(conversation, deque())
            while mine and mine[0] <= now - 1.0:
                mine.popleft()
            over = len(mine) >= self.conversation_limit
        if over:
            self.throttled += 1
            return web.json_response({"error": {"code": "Throttled", "message": "slow down"}},
                                     status=429, headers={"Retry-After": self.retry_after})
        self.window.append(now)
        if conversation is not None:
            self.by_conversation[conversation].append(now)
        if self.random.random() < self.flaky:
            self.failed += 1
            return web.json_response({"error": {"code": "ServiceUnavailable",
                                                "message": "try again"}}, status=503)
        self.ok += 1
        self.first = self.first or now
        self.last = now
        return None

    async def create(self, request: web.Request) -> web.Response:
        body = await request.json()
        if (answer := self._admit(None)) is not None:
            return answer
        self.creates += 1
        member = body["members"][0]["id"]
        return web.json_response({"id": f"a:1on1-{member}"}, status=201)

    async def activity(self, request: web.Request) -> web.Response:
        conversation = request.match_info["cid"]
        await request.read()
        if (answer := self._admit(conversation)) is not None:
            return answer
        self.sends[conversation] += 1
        return web.json_response({"id": f"act-{self.ok}"}, status=201)

    async def stats(self, request: web.Request) -> web.Response:
        full = request.query.get("full") == "1"
        return web.json_response(dict(
            ok=self.ok, creates=self.creates, throttled=self.throttled, failed=self.failed,
            seconds=self.last - self.first, received=len(self.sends),
            sends=dict(self.sends) if full else None))


async def serve_stand_in(scale: float, flaky: float) -> None:
    runner = web.AppRunner(StandIn(scale, flaky).app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    print(json.dumps({"port": site._server.sockets[0].getsockname()[1]}), flush=True)
    await asyncio.Event().wait()


# -- a sender process: kmbot's delivery worker, Teams channel and real SDK client -------------

class StaticTokens:
    """Outbound tokens (MSAL in production): a fixed one; the stand-in does not check it."""

    def __init__(self, _configuration=None) -> None:
        pass

    async def get_access_token(self, resource_url, scopes, force_refresh=False) -> str:
        return "bench-token"

    def get_token_credential(self):
        # only agentic (Entra credential) flows ask for this; Bot Connector sends never do
        raise RuntimeError("the stand-in token provider has no Azure credential")


async def run_sender(database_url: str, scale: float, lease: float, concurrency: int) -> None:
    import logging
    logging.basicConfig(level=logging.ERROR)
    from adapters.teams import CHANNEL, mount
    from adapters.teams.throttle import CONVERSATION_WINDOWS, Throttle
    from bot.runtime import build_runtime
    from bot.settings import Settings
    from core.delivery import DeliveryWorker
    from core.pacing import SharedPace
    from storage.send_budget import SendBudgetSql

    settings = Settings(_env_file=None, kmbot_database_url=database_url,
                        teams_clientid=APP_ID, teams_clientsecret="bench-secret",
                        teams_tenantid=TENANT)
    runtime = await build_runtime(settings, scheduler=False)
    app = web.Application()
    mount(app, runtime, token_provider_factory=StaticTokens)
    channel = app[CHANNEL]
    channel.throttle = Throttle(
        conversation=tuple((int(n * scale), period) for n, period in CONVERSATION_WINDOWS),
        tenant=((int(TENANT_LIMIT * scale), 1.0),),
        shared=SharedPace(SendBudgetSql(runtime.db.sessions),    # the product's own pace
                          settings.kmbot_teams_tenant_per_second * scale))
    worker = DeliveryWorker(runtime.services, batch=2 * concurrency, concurrency=concurrency,
                            lease_seconds=lease, max_backoff=2.0, idle_seconds=0.2)
    runtime.services.on_queued = worker.wake
    task = asyncio.create_task(worker.run_forever())
    try:
        while True:
            await asyncio.sleep(0.5)
            async with runtime.services.uow(read_only=True) as uow:
                counts = await uow.outbox.tag_counts(TAG)
            if not counts["queued"] and not counts["retrying"]:
                break
    finally:
        worker.stop()
        await task
        await channel.aclose()
        await runtime.stop()


# -- the run ------------------------------------------------------------------------------------

@contextmanager
def database(kind: str, folder: Path):
    if "://" in kind:           # given: the caller made it and removes it
        yield kind
        return
    if kind == "sqlite":
        yield f"sqlite+aiosqlite:///{folder / 'bench.db'}"
        return
    import psycopg
    name = f"kmbot_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def seed(db, service_url: str, recipients: int) -> list[str]:
    """A team the bot is in, and everyone in it (met there, no 1:1 chat yet)."""
    from datetime import datetime, timezone

    from sqlalchemy import insert

    from storage.teams import TeamsConversationRow, TeamsUserRow
    now = datetime.now(timezone.utc)
    reference = {"bot": {"id": f"28:{APP_ID}", "name": "kmbot"}, "channelId": "msteams",
                 "serviceUrl": service_url,     # a ConversationReference, as Teams stores it
                 "conversation": {"id": TEAM, "conversationType": "channel",
                                  "tenantId": TENANT, "isGroup": True}}
    users = [f"29:bench-{i:06d}" for i in range(recipients)]
    async with db.uow() as uow:
        await uow.session.execute(insert(TeamsConversationRow), [dict(
            conversation_id=TEAM, tenant_id=TENANT, kind="channel", team_id=TEAM,
            reference=json.dumps(reference), updated_at=now)])
        for start in range(0, recipients, 5000):
            await uow.session.execute(insert(TeamsUserRow), [dict(
                tenant_id=TENANT, user_id=u, name="", shared_conversation_id=TEAM,
                updated_at=now) for u in users[start:start + 5000]])
    return users


def cpu_seconds(pid: int) -> float:
    """User and system CPU the process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def peak_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Senders:
    def __init__(self, database_url: str, scale: float, lease: float, concurrency: int):
        profile = (["-m", "cProfile", "-o", os.environ["BENCH_PROFILE"]]
                   if os.environ.get("BENCH_PROFILE") else [])
        self.args = [sys.executable, *profile, __file__, "--sender", database_url, "--scale", str(scale),
                     "--lease", str(lease), "--concurrency", str(concurrency)]
        self.processes: list[subprocess.Popen] = []
        self.peak = 0.0
        self.cpu: dict[int, float] = {}     # pid -> CPU seconds, last seen

    def start(self) -> subprocess.Popen:
        process = subprocess.Popen(self.args, cwd=ROOT)
        self.processes.append(process)
        return process

    def sample(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                self.peak = max(self.peak, peak_mb(process.pid))
                self.cpu[process.pid] = max(self.cpu.get(process.pid, 0.0),
                                            cpu_seconds(process.pid))

    def kill(self, process: subprocess.Popen) -> None:
        self.sample()
        process.send_signal(signal.SIGKILL)
        process.wait()

    def running(self) -> bool:
        return any(p.poll() is None for p in self.processes)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


async def queue_bulletin(database_url: str, users: list[str]) -> tuple[float, float, float]:
    """Queue the bulletin; returns (seconds, longest wait of another writer, peak MB)."""
    import resource

    from bot.runtime import build_runtime
    from bot.settings import Settings
    from core.cards import Message
    from core.vocabulary import Destination
    from sqlalchemy import text
    runtime = await build_runtime(Settings(_env_file=None, kmbot_database_url=database_url),
                                  scheduler=False)
    waits: list[float] = []
    done = asyncio.Event()

    async def probe() -> None:          # another person's command, every 20 ms
        while not done.is_set():
            started = time.perf_counter()
            async with runtime.services.uow() as uow:
                await uow.session.execute(text("SELECT 1"))
            waits.append(time.perf_counter() - started)
            await asyncio.sleep(0.02)

    message = Message("**Health Management bulletin, December.** " + "News and evidence. " * 40)
    destinations = [Destination.user(f"teams:{TENANT}:{u}") for u in users]
    probing = asyncio.create_task(probe())
    started = time.perf_counter()
    queued = await runtime.services.broadcast_in_chunks(message, destinations, key=TAG, tag=TAG)
    seconds = time.perf_counter() - started
    done.set()
    await probing
    await runtime.stop()
    assert queued == len(users), f"queued {queued} of {len(users)}"
    return seconds, max(waits), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def one_run(where: str, mode: str, recipients: int, scale: float, flaky: float,
                  lease: float, concurrency: int, kill_at: float = 0.4) -> dict:
    """``where``: "sqlite" or "postgresql" (a fresh database), or a database URL."""
    from storage import Database
    kind = "postgresql" if where.startswith("postgresql") else "sqlite"
    with tempfile.TemporaryDirectory() as folder, database(where, Path(folder)) as url:
        stand_in = subprocess.Popen([sys.executable, __file__, "--stand-in", "--scale",
                                     str(scale), "--flaky", str(flaky)],
                                    stdout=subprocess.PIPE, text=True, cwd=ROOT)
        senders = None
        try:
            port = json.loads(stand_in.stdout.readline())["port"]
            service_url = f"http://127.0.0.1:{port}"
            db = Database(url)
            await db.migrate()
            users = await seed(db, service_url, recipients)
            await db.close()
            queue_seconds, longest_wait, queue_mb = await queue_bulletin(url, users)
            senders = Senders(url, scale, lease, concurrency)
            first = senders.start()
            if mode == "two":
                senders.start()
            killed = False
            async with ClientSession() as http:
                while senders.running():
                    await asyncio.sleep(0.25)
                    senders.sample()
                    if not killed:
                        async with http.get(f"{service_url}/stats") as response:
                            stats = await response.json()
                        if stats["received"] >= kill_at * recipients:
                            senders.kill(first)
                            killed = True
                            senders.start()
                async with http.get(f"{service_url}/stats", params={"full": "1"}) as response:
                    stats = await response.json()
            db = Database(url)
            async with db.uow(read_only=True) as uow:
                counts = await uow.outbox.tag_counts(TAG)
            await db.close()
        finally:
            if senders:
                senders.stop()
            stand_in.terminate()
            stand_in.wait()
    sends = Counter(stats["sends"])
    expected = {f"a:1on1-{u}" for u in users}
    allowed = TENANT_LIMIT * scale
    rate = stats["ok"] / stats["seconds"] if stats["seconds"] else 0.0
    from bot.settings import Settings
    pace = Settings(_env_file=None).kmbot_teams_tenant_per_second
    return dict(db=kind, mode=mode, recipients=recipients, scale=scale, allowed=allowed,
                pace=pace, load=os.getloadavg(),
                rate=rate, share=rate / allowed, throttled=stats["throttled"],
                transient=stats["failed"], creates=stats["creates"],
                lost=len(expected - set(sends)), duplicated=sum(n - 1 for n in sends.values()),
                in_doubt=counts["possibly_duplicated"], counts=counts,
                queue_seconds=queue_seconds, longest_wait=longest_wait,
                peak_mb=max(senders.peak, queue_mb), seconds=stats["seconds"],
                cpu_ms=1000 * sum(senders.cpu.values()) / max(1, stats["ok"]))


def report(r: dict) -> str:
    ok = (r["share"] >= TARGET_SHARE and r["lost"] == 0 and r["duplicated"] <= r["in_doubt"]
          and r["peak_mb"] < MEMORY_GOAL_MB)
    return "\n".join([
        f"-- Teams, {r['recipients']:,} recipients, {r['db']}, "
        f"{'one sender killed and restarted' if r['mode'] == 'kill' else 'two senders, one killed and restarted'} "
        f"(limits x{r['scale']:g})",
        f"  achieved {r['rate']:.1f} requests/s of {r['allowed']:.0f} allowed = "
        f"{r['share']:.1%} (target >= {TARGET_SHARE:.0%}); {r['seconds']:.1f}s sending; "
        f"{r['creates']:,} 1:1 chats created",
        f"  kmbot's pace {r['pace']:g} of {TENANT_LIMIT} a second "
        f"(KMBOT_TEAMS_TENANT_PER_SECOND); load average {r['load'][0]:.2f} {r['load'][1]:.2f} "
        f"{r['load'][2]:.2f} on {os.cpu_count()} cores",
        f"  429s received {r['throttled']}; transient failures {r['transient']} (all retried)",
        f"  lost {r['lost']} (target 0); duplicated {r['duplicated']} (target 0 beyond the "
        f"{r['in_doubt']} sends in flight at the kill, which the report counts as possibly "
        f"duplicated)",
        f"  time to queue {r['queue_seconds']:.2f}s (goal: seconds); longest wait of another "
        f"person's write meanwhile {r['longest_wait'] * 1000:.0f} ms",
        f"  peak memory {r['peak_mb']:.0f} MB (goal < {MEMORY_GOAL_MB} MB); senders' CPU "
        f"{r['cpu_ms']:.1f} ms a request (start-up included)",
        f"  final counts {r['counts']}",
        f"  {'OK' if ok else 'MISSED'}"])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=50_000)
    parser.add_argument("--scale", type=float, default=2.0)
    parser.add_argument("--flaky", type=float, default=0.005)
    parser.add_argument("--db", default="sqlite,postgresql")
    parser.add_argument("--mode", default="kill,two")
    parser.add_argument("--lease", type=float, default=30.0)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--kill-at", type=float, default=0.4, help="share sent at the kill")
    parser.add_argument("--stand-in", action="store_true")
    parser.add_argument("--sender")
    args = parser.parse_args()
    if args.stand_in:
        asyncio.run(serve_stand_in(args.scale, args.flaky))
        return 0
    if args.sender:
        asyncio.run(run_sender(args.sender, args.scale, args.lease, args.concurrency))
        return 0
    missed = False
    for kind in args.db.split(","):
        for mode in args.mode.split(","):
            result = asyncio.run(one_run(kind, mode, args.recipients, args.scale, args.flaky,
                                         args.lease, args.concurrency, args.kill_at))
            text = report(result)
            print(text, flush=True)
            missed |= text.endswith("MISSED")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
