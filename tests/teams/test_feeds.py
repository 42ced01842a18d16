"""Feeds through the Teams adapter: a librarian adds and lists feeds in a personal chat, and
a hostile feed's text reaches Teams with no mention, tag or disguised link."""
from __future__ import annotations

import pytest

from bot.settings import Settings

from ..feeds.server import FeedServer
from .conftest import APP_ID, LIB, TENANT


@pytest.fixture
def settings(database_url) -> Settings:
    return Settings(_env_file=None, kmbot_database_url=database_url, kmbot_librarians=LIB,
                    teams_clientid=APP_ID, teams_clientsecret="not-a-real-secret",
                    teams_tenantid=TENANT, kmbot_feeds_allow_private=True)


@pytest.fixture
async def feed_server():
    server = await FeedServer().start()
    yield server
    await server.stop()


async def test_feeds_on_teams(teams, feed_server):
    librarian = dict(as_user=LIB, name="Lib Rarian")
    await teams.say('bulletin topics add "Falls prevention"', **librarian)
    [reply] = await teams.say(f"feed add Falls prevention {feed_server.url('/atom')}",
                              **librarian)
    assert "Added “Cochrane Library: new reviews” to Falls prevention (feed 1)" in reply.text
    assert "2 items now" in reply.text

    [reply] = await teams.say("feed list", **librarian)
    assert "1. Cochrane Library: new reviews" in (reply.text or reply.card_text())

    [reply] = await teams.say("feed add Falls prevention https://", **librarian)
    assert "doesn't look like a web address" in reply.text

    [reply] = await teams.say(f"feed test {feed_server.url('/hostile')}", **librarian)
    shown = reply.text or ""
    shown += reply.card_text() if reply.card else ""
    assert "<at>" not in shown and not reply.activity.get("entities")
    assert "](https://evil" not in shown and "<https://evil" not in shown
    assert "alert(1)" not in shown

    [reply] = await teams.say("feed remove 1")                   # Ann is not a librarian
    assert "Only librarians" in reply.text
