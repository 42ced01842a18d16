"""Feeds in the console, as a librarian would try them: a topic, a feed tried, added,
listed, checked less often and removed."""
from __future__ import annotations

import pytest

from bot.settings import Settings

from .feeds.server import FeedServer
from .test_walls_console import Terminal


@pytest.fixture
def settings(database_url) -> Settings:
    return Settings(_env_file=None, kmbot_database_url=database_url,
                    kmbot_librarians="console:lib", kmbot_feeds_allow_private=True)


@pytest.fixture
async def feed_server():
    server = await FeedServer().start()
    yield server
    await server.stop()


async def test_feeds_in_the_console(runtime, feed_server):
    lib = Terminal(runtime, "lib")
    await lib.open()
    assert "Added the topic Sepsis" in await lib.type('bulletin topics add "Sepsis"')
    url = feed_server.url("/rss")

    shown = await lib.type(f"feed test {url}")
    assert "NICE guidance updates: latest 5" in shown
    assert "• item 6: Falls in older people (20 Nov 2026)" in shown

    shown = await lib.type(f"feed add sepsis {url}")
    assert "Added “NICE guidance updates” to Sepsis (feed 1): 7 items now" in shown
    shown = await lib.type(f"feed add sepsis {url}")
    assert "“Sepsis” already has that feed (number 1). Nothing was changed." in shown
    shown = await lib.type(f"feed add {url} Sepsis")          # the other way round
    assert "“Sepsis” already has that feed (number 1)" in shown
    shown = await lib.type(f"feed add Stroke {url}")
    assert "There's no topic called “Stroke”. The topics are: Sepsis." in shown

    shown = await lib.type("feed every 1 1d")
    assert "will be checked every 1 day" in shown
    shown = await lib.type("feed list")
    assert f"1. NICE guidance updates: {url} · every 1 day · fine, 7 items" in shown
    assert "Removed feed 1" in await lib.type("feed remove 1")

    ann = Terminal(runtime, "ann")
    await ann.open()
    assert "Only librarians" in await ann.type(f"feed add sepsis {url}")
