"""Teams fixtures: a fake Bot Connector, the bot's aiohttp app, and a chat driver.

    await teams.send("personal_message.json", text="coffee join")
    assert "You're in" in teams.replies("a:1ann-personal-chat")[-1].text

``teams`` is kmbot as deployed: an app id set, every activity posted with a token signed by
the (local) Bot Framework key set, outbound tokens from the fake token endpoint.
``local_teams`` is local mode (``KMBOT_TEAMS_LOCAL=true``, for the Agents Playground).
"""
from __future__ import annotations

import copy
import json
from itertools import count
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from adapters.teams import CHANNEL, mount
from bot.settings import Settings
from storage.teams import TeamsStore

from . import botframework
from .botframework import APP_ID, TENANT
from .fake_connector import FakeConnector, FakeTokens

PAYLOADS = Path(__file__).parent / "payloads"
ANN, BOB, LIB, CAT = "29:1ann-aXyZ", "29:1bob-bBcD", "29:1lib-LiBr", "29:1cat-CcCc"
ANN_CHAT = "a:1ann-personal-chat"
GENERAL = "19:library-general@thread.tacv2"


def payload(name: str, service_url: str, **changes) -> dict:
    """A captured activity, pointed at ``service_url``, with top-level fields changed."""
    text = (PAYLOADS / name).read_text().replace("{{SERVICE_URL}}", service_url)
    activity = json.loads(text)
    for key, value in changes.items():
        activity[key] = copy.deepcopy(value)
    return activity


@pytest.fixture(scope="session")
def key_set():
    with botframework.local_key_set() as url:
        yield url


@pytest.fixture
def settings(database_url) -> Settings:
    return Settings(_env_file=None, kmbot_database_url=database_url, kmbot_librarians=LIB,
                    teams_clientid=APP_ID, teams_clientsecret="not-a-real-secret",
                    teams_tenantid=TENANT)


@pytest.fixture
async def connector():
    fake = await FakeConnector().start()
    yield fake
    await fake.close()


class TeamsDriver:
    """Posts activities to the bot's ``/api/messages`` and reads what reached the connector."""

    def __init__(self, client: TestClient, connector: FakeConnector, runtime, *,
                 signed: bool = True) -> None:
        self.client, self.connector, self.runtime = client, connector, runtime
        self.channel = client.app[CHANNEL]
        self.store = TeamsStore(runtime.db.sessions)
        self.signed = signed
        self._ids = count(1)

    def activity(self, name: str, **changes) -> dict:
        activity = payload(name, self.connector.url, **changes)
        activity["id"] = changes.get("id") or f"{activity['id']}-{next(self._ids)}"
        return activity

    async def post(self, activity: dict, headers: dict | None = None) -> int:
        if headers is None and self.signed:
            headers = botframework.headers(activity.get("serviceUrl", self.connector.url))
        response = await self.client.post("/api/messages", json=activity, headers=headers or {})
        return response.status

    async def send(self, name: str, **changes) -> list:
        """Post one activity; return what the bot sent back during that turn."""
        before = len(self.connector.sent)
        status = await self.post(self.activity(name, **changes))
        assert status in (200, 201), f"/api/messages answered {status}"
        return self.connector.sent[before:]

    async def say(self, text: str, *, as_user: str = ANN, name: str = "Ann Archer",
                  chat: str = ANN_CHAT) -> list:
        """A typed message in someone's personal chat with the bot."""
        return await self.send("personal_message.json", text=text,
                               **{"from": {"id": as_user, "name": name},
                                  "conversation": {"conversationType": "personal",
                                                   "tenantId": TENANT, "id": chat}})

    async def in_channel(self, text: str, *, as_user: str = BOB, name: str = "Bob Baker") -> list:
        """A message in the General channel, the bot mentioned first."""
        return await self.send("channel_message.json", text=f"<at>kmbot</at> {text}",
                               **{"from": {"id": as_user, "name": name}})

    async def in_thread(self, root: str, text: str, *, as_user: str = BOB,
                        name: str = "Bob Baker", mention: bool = False) -> list:
        """A reply in the thread of post ``root`` in General (no mention unless asked)."""
        changes = {"from": {"id": as_user, "name": name}, "text": text,
                   "conversation": {"isGroup": True, "conversationType": "channel",
                                    "tenantId": TENANT, "id": f"{GENERAL};messageid={root}"}}
        if mention:
            changes["text"] = f"<at>kmbot</at> {text}"
        else:
            changes["entities"] = []
        return await self.send("channel_message.json", **changes)

    def replies(self, conversation_id: str) -> list:
        return self.connector.to(conversation_id)


async def _driver(app, runtime, connector, *, signed: bool):
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    return TeamsDriver(client, connector, runtime, signed=signed)


@pytest.fixture
async def teams(runtime, connector, key_set):
    app = web.Application()
    mount(app, runtime, token_provider_factory=lambda config: FakeTokens(connector, config))
    driver = await _driver(app, runtime, connector, signed=True)
    yield driver
    await driver.client.close()


@pytest.fixture
def local_settings(database_url) -> Settings:
    return Settings(_env_file=None, kmbot_database_url=database_url, kmbot_librarians=LIB,
                    kmbot_teams_local=True)


@pytest.fixture
async def local_teams(local_settings, clock, connector):
    from bot.runtime import build_runtime
    runtime = await build_runtime(local_settings, clock=clock, scheduler=False)
    app = web.Application()
    mount(app, runtime)
    driver = await _driver(app, runtime, connector, signed=False)
    yield driver
    await driver.client.close()
    await runtime.stop()
