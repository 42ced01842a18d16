"""Installing kmbot in several workspaces: Slack's OAuth flow, stored in our database."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from core.cards import Message
from core.vocabulary import Destination
from storage import slack as tables

from .conftest import both_databases
from .driver import SECRET

pytestmark = both_databases


@pytest.fixture
def slack_overrides():
    return {"slack_bot_token": None, "slack_signing_secret": SECRET,
            "slack_client_id": "1111.2222", "slack_client_secret": "oauth-client-secret"}


async def install(slack, team: str) -> None:
    page = await slack.client.get("/slack/install")
    assert page.status == 200
    html = await page.text()
    state = re.search(r"state=([\w-]+)", html).group(1)
    assert "client_id=1111.2222" in html and "scope=commands,chat:write" in html
    cookie = page.headers["Set-Cookie"].split(";")[0]
    done = await slack.client.get(f"/slack/oauth_redirect?code=code-{team}&state={state}",
                                  headers={"Cookie": cookie})
    assert done.status == 200, await done.text()


async def test_install_stores_the_bot_token_and_messages_use_it(slack, runtime):
    await install(slack, "T9")
    async with runtime.db.engine.connect() as conn:
        rows = (await conn.execute(select(tables.bots.c.team_id, tables.bots.c.bot_token))).all()
    assert [tuple(r) for r in rows] == [("T9", "xoxb-T9")]
    async with runtime.services.uow() as uow:
        await runtime.services.queue(uow, Destination.user("slack:T9:U0ANN"), Message("Hello T9"))
    await runtime.delivery.drain()
    [post] = slack.api.calls_to("chat.postMessage")
    assert post.token == "xoxb-T9"


async def test_commands_from_an_installed_workspace_are_answered(slack, runtime):
    await install(slack, "T9")
    response = await slack.command("U0ANN", "/coffee join", team="T9")
    assert response.status == 200
    await slack.settle()
    assert "You're in" in slack.api.calls_to("response_url")[-1].params["text"]


async def test_a_state_cannot_be_used_twice(slack):
    page = await slack.client.get("/slack/install")
    state = re.search(r"state=([\w-]+)", await page.text()).group(1)
    cookie = page.headers["Set-Cookie"].split(";")[0]
    url = f"/slack/oauth_redirect?code=code-T9&state={state}"
    assert (await slack.client.get(url, headers={"Cookie": cookie})).status == 200
    assert (await slack.client.get(url, headers={"Cookie": cookie})).status in (400, 401)


async def test_a_workspace_that_never_installed_gets_nothing(slack, runtime):
    async with runtime.services.uow() as uow:
        await runtime.services.queue(uow, Destination.user("slack:T404:U1"), Message("Hello"))
    await runtime.delivery.drain()
    [row] = await runtime_outbox(runtime)
    assert row.status == "unreachable" and "not installed" in row.last_error
    assert slack.api.calls_to("chat.postMessage") == []


async def runtime_outbox(runtime):
    async with runtime.services.uow() as uow:
        return await uow.outbox.items()
