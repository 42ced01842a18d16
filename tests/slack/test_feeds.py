"""Feeds through the real Slack adapter: a librarian's slash commands (Slack wraps the link
as ``<url|url>``), and a hostile feed's text reaching Slack escaped, pinging nobody."""
from __future__ import annotations

import pytest

from ..feeds.server import FeedServer


@pytest.fixture
def slack_overrides() -> dict:
    return {"kmbot_feeds_allow_private": True}      # the feed server is on 127.0.0.1


@pytest.fixture
async def feed_server():
    server = await FeedServer().start()
    yield server
    await server.stop()


async def test_feeds_on_slack(slack, runtime, feed_server):
    await slack.command("ULIB", '/bulletin topics add "Falls prevention"')
    url = feed_server.url("/rss")
    await slack.command("ULIB", f"/feed add Falls prevention <{url}|{url}>")
    await slack.settle()
    assert any("Added “NICE guidance updates” to Falls prevention (feed 1): 7 items now"
               in a for a in slack.answers())

    await slack.command("U0ANN", f"/feed remove 1")
    await slack.settle()
    assert "Only librarians" in slack.answers()[-1]

    await slack.command("ULIB", "/feed list")
    await slack.settle()
    assert "1. NICE guidance updates" in slack.answers()[-1]

    hostile = feed_server.url("/hostile")
    await slack.command("ULIB", f"/feed test <{hostile}>")
    await slack.settle()
    answer = slack.answers()[-1]
    assert "latest 3" in answer
    assert "<!channel>" not in answer and "<!here>" not in answer and "<@U0ADMIN>" not in answer
    assert "<https://evil.example|" not in answer and "javascript:" not in answer
    assert "(23 Nov 2026)" in answer and "https://safe.example/long" in answer
    async with runtime.services.uow(read_only=True) as uow:
        assert len(await uow.feeds.in_workspace("slack:T1")) == 1     # the test stored nothing
