"""End to end: ``kmbot run`` in local mode, talked to through Microsoft's Agents Playground.

The playground (npm ``@microsoft/m365agentsplayground``, pinned in ``tests/e2e/package.json``;
``make test`` runs ``npm ci --prefix tests/e2e``) emulates Teams on localhost: it posts
activities to the bot's ``/api/messages`` (kmbot runs with ``KMBOT_TEAMS_LOCAL=true``) and
takes the bot's replies on its own Bot Connector API (``/_connector``). Its web client uses a
small local API that this test uses too: ``GET /_internal/v1/config`` (mock tenant, users,
chats, teams), ``POST /_conversation/v1/conversations/{id}/messages`` (a user says
something), ``POST /_conversation/v1/submit`` (a card's Action.Submit is pressed) and the
WebSocket ``/_ws_conversation/v1/conversations/stream`` (what appears in the chat). It goes
through a personal chat (help, a card button, a form), and a team channel with a mention. Skipped when Node or
the playground is missing, except with ``CI=true``, where that is a failure.
"""
from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest

HERE = Path(__file__).parent
USER = "user-id-0"
CLI = HERE / "node_modules" / "@microsoft" / "m365agentsplayground" / "cli.js"
ROOT = HERE.parent.parent


def _need(condition: bool, why: str) -> None:
    if condition:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {why}")
    pytest.skip(why)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def database(tmp_path):
    """The embedded SQLite database that ``make run`` uses on a fresh machine."""
    return f"sqlite+aiosqlite:///{tmp_path / 'kmbot.db'}"


def wait_for_line(process: subprocess.Popen, prefix: str, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            if process.poll() is not None:
                break
            continue
        seen.append(line)
        if line.startswith(prefix):
            return line
    raise AssertionError(f"no {prefix!r} within {timeout}s; output:\n{''.join(seen)}")


@pytest.fixture
def bot_and_playground(tmp_path, database):
    node = shutil.which("node")
    _need(node is not None, "Node.js is not installed (the Agents Playground needs it)")
    _need(CLI.exists(), "the Agents Playground is not installed: run npm ci --prefix tests/e2e")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "xdg-open").write_text("#!/bin/sh\nexit 0\n")   # no desktop here
    (bin_dir / "xdg-open").chmod(0o755)
    bot_port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MICROSOFT_", "SLACK_"))}
    env = {k: v for k, v in env.items() if not k.startswith("CONNECTIONS__")}
    env.update(KMBOT_DATABASE_URL=database, KMBOT_HOST="127.0.0.1", KMBOT_PORT=str(bot_port),
               KMBOT_TEAMS_LOCAL="true",
               KMBOT_LIBRARIANS="user-id-0", PYTHONUNBUFFERED="1",
               PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}")
    bot = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=tmp_path, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    playground = None
    try:
        wait_for_line(bot, "kmbot is listening", 30)
        playground = subprocess.Popen(
            [node, str(CLI), "-e", f"http://127.0.0.1:{bot_port}/api/messages", "-c", "msteams",
             "-p", str(free_port()), "--disable-telemetry"],
            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        port = int(wait_for_line(playground, "Listening on", 30).split()[-1])
        yield f"http://localhost:{port}"
    finally:
        for process in (playground, bot):
            if process and process.poll() is None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()


class Playground:
    def __init__(self, session: aiohttp.ClientSession, base: str, stream) -> None:
        self.session, self.base, self.stream = session, base, stream

    async def say(self, conversation: str, text: str, mentions=None) -> str:
        body = {"from": {"id": USER}, "text": text, "textFormat": "plain"}
        if mentions:
            body["mentions"] = mentions
        async with self.session.post(
                f"{self.base}/_conversation/v1/conversations/{conversation}/messages",
                json=body) as response:
            assert response.status == 200, await response.text()
            return (await response.json()).get("postConversationId", conversation)

    async def submit(self, conversation: str, card: dict, data: dict) -> None:
        """Press a card's Action.Submit (a button, or a form's submit with its inputs)."""
        body = {"conversation": {"id": conversation}, "from": {"id": USER},
                "replyToId": card["messageId"], "value": data}
        async with self.session.post(f"{self.base}/_conversation/v1/submit",
                                     json=body) as response:
            assert response.status == 200, await response.text()

    async def next_from_bot(self, conversation: str, *, card: bool = False,
                            timeout: float = 15) -> dict:
        """The next message the bot posts in ``conversation`` (as the chat shows it); with
        ``card``, the next with an Adaptive Card (a card message's text comes just before)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            left = deadline - asyncio.get_running_loop().time()
            message = await asyncio.wait_for(self.stream.receive(), max(left, 0.01))
            event = json.loads(message.data)
            if (event.get("action") == "createMessage"
                    and event.get("actionConversationId") == conversation
                    and (not card or event["message"].get("attachments"))):
                return event["message"]


def shown(message: dict) -> str:
    """What the chat shows: the text, or the Adaptive Card's text blocks."""
    parts = [message.get("text") or ""]
    for attachment in message.get("attachments") or []:
        parts += [e.get("text", "") for e in attachment.get("content", {}).get("body", [])]
    return "\n".join(parts).replace("\u2060", "")


def button(card: dict, title: str) -> dict:
    actions = card["attachments"][0]["content"].get("actions", [])
    return next(a for a in actions if a["title"].replace("\u2060", "") == title)


async def test_personal_chat_and_team_channel_through_the_playground(bot_and_playground,
                                                                     database):
    base = bot_and_playground
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{base}/_internal/v1/config") as response:
            config = (await response.json())["config"]
        stream = await session.ws_connect(f"{base}/_ws_conversation/v1/conversations/stream")
        chat = Playground(session, base, stream)
        personal = config["personalChat"]["id"]

        await chat.say(personal, "help")
        help_text = await chat.next_from_bot(personal)
        assert help_text.get("text")                       # a card message has a text too
        help_card = await chat.next_from_bot(personal, card=True)
        assert "What kmbot can do" in shown(help_card)
        assert "/coffee join" in shown(help_card)

        await chat.say(personal, "coffee programmes")      # a card with a Join button
        programmes = await chat.next_from_bot(personal, card=True)
        join = next(a for a in programmes["attachments"][0]["content"]["actions"]
                    if a["title"].startswith("Join"))
        await chat.submit(personal, programmes, join["data"])
        assert "You're in **Coffee Connect**" in shown(await chat.next_from_bot(personal))

        await chat.say(personal, "coffee profile")         # a form, submitted
        form = await chat.next_from_bot(personal, card=True)
        while not any(e.get("id") == "department"
                      for e in form["attachments"][0]["content"]["body"]):
            form = await chat.next_from_bot(personal, card=True)
        save = form["attachments"][0]["content"]["actions"][-1]
        await chat.submit(personal, form, {**save["data"], "department": "Pharmacy",
                                           "site": "Leeds", "interests": "audit",
                                           "bio": "Medicines information"})
        assert "your profile is saved" in shown(await chat.next_from_bot(personal))

        bot = config["bot"]
        channel = config["teams"][0]["channels"][0]["id"]
        tag = f"<at>{bot['name']}</at>"
        thread = await chat.say(channel, f"{tag} coffee status",
                                mentions=[{"mentioned": {"id": bot["id"]}, "text": tag}])
        status = shown(await chat.next_from_bot(thread))
        assert "Coffee Connect" in status and "not in" not in status
        await stream.close()
