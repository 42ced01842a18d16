"""The simulated people of bench/bench_walls.py, in a process of their own.

``python bench/walls_people.py JOBS.json`` reads the kmbot URL, the stand-in Slack's
response URL, when to start (``time.perf_counter()``, CLOCK_MONOTONIC on Linux, so the same
clock in every process), over how many seconds, and the jobs (``["idea", n, card_ts]`` or
``["vote", n, "wall:idea", card_ts]``, the +1 button's value); it signs and sends them evenly over the span from
``CLIENTS`` connections and prints JSON: each ack's duration, when each vote was acked, and
this process's CPU. Signing, JSON and HTTP client work so no longer share kmbot's core.
"""
from __future__ import annotations

import asyncio
import copy
import json
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from aiohttp import ClientSession, TCPConnector
from slack_sdk.signature import SignatureVerifier

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench0signing0secret0000000000ab"
CHANNEL = "C0WARD"
CLIENTS = 20
PAYLOADS = ROOT / "tests" / "slack" / "payloads"
TEMPLATE = json.loads((PAYLOADS / "block_actions.json").read_text())


def headers(body: str, content_type: str) -> dict:
    stamp = str(int(time.time()))
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": SignatureVerifier(SECRET).generate_signature(
                timestamp=stamp, body=body)}


def user(n: int) -> str:
    return f"U{n:05d}"


def slash(text: str, response_url: str) -> tuple[str, dict]:
    body = json.loads((PAYLOADS / "slash_command.json").read_text()) | {
        "command": "/wall", "text": text, "channel_id": CHANNEL, "channel_name": "ward-7",
        "user_id": "UCREATOR", "response_url": response_url}
    encoded = urlencode(body)
    return encoded, headers(encoded, "application/x-www-form-urlencoded")


def idea(n: int, card_ts: str) -> tuple[str, dict]:
    ts = f"1700002000.{n:06d}"
    body = json.dumps({
        "token": "x", "team_id": "T1", "api_app_id": "A0KMBOT", "type": "event_callback",
        "event_id": f"EvIdea{n:06d}", "event_time": 1700002000,
        "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}],
        "event": {"type": "message", "user": user(n), "text": f"Idea number {n}", "ts": ts,
                  "thread_ts": card_ts, "channel": CHANNEL, "channel_type": "channel",
                  "team": "T1", "event_ts": ts}})
    return body, headers(body, "application/json")


def vote(n: int, button: str, card_ts: str, response_url: str) -> tuple[str, dict]:
    body = copy.deepcopy(TEMPLATE)
    body["user"] = {"id": user(n), "username": user(n).lower(), "name": user(n).lower(),
                    "team_id": "T1"}
    body["channel"] = {"id": CHANNEL, "name": "ward-7"}
    body["container"].update(channel_id=CHANNEL, message_ts=card_ts)
    body["response_url"] = response_url
    body["trigger_id"] = f"{n}.{button}.{time.time_ns()}"
    body["actions"][0].update(action_id="kmbot:walls.vote:0", value=button,
                              action_ts=f"{time.time():.6f}")
    encoded = urlencode({"payload": json.dumps(body)})
    return encoded, headers(encoded, "application/x-www-form-urlencoded")


async def paced(url: str, jobs: list, start: float, span: float, response_url: str) -> dict:
    """Send ``jobs`` evenly over ``span`` seconds from ``start``; record each ack."""
    acks: list[float] = []
    voted: list[float] = []
    left = iter(enumerate(jobs))
    gap = span / max(1, len(jobs))

    def make(job: list) -> tuple[str, dict]:
        if job[0] == "idea":
            return idea(job[1], job[2])
        return vote(job[1], job[2], job[3], response_url)

    async def client(session: ClientSession) -> None:
        for i, job in left:
            delay = start + i * gap - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            body, sign = make(job)
            sent = time.perf_counter()
            async with session.post(url, data=body.encode(), headers=sign) as response:
                await response.read()
                if response.status != 200:
                    raise SystemExit(f"kmbot answered {response.status}")
            done = time.perf_counter()
            acks.append(done - sent)
            if job[0] == "vote":
                voted.append(done)

    cpu = time.process_time()
    async with ClientSession(connector=TCPConnector(limit=CLIENTS)) as session:
        await asyncio.gather(*(client(session) for _ in range(CLIENTS)))
    return {"acks": acks, "voted": voted, "cpu": time.process_time() - cpu}


if __name__ == "__main__":
    spec = json.loads(Path(sys.argv[1]).read_text())
    result = asyncio.run(paced(spec["url"], spec["jobs"], spec["start"], spec["span"],
                               spec["response_url"]))
    print(json.dumps(result))
