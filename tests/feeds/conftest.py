"""Feeds' fixtures: a local feed server, and a fetcher that may reach it (on 127.0.0.1, so
the deployment switch ``KMBOT_FEEDS_ALLOW_PRIVATE`` is on, except where a test proves the
refusal)."""
from __future__ import annotations

import socket

import pytest
from aiohttp.abc import AbstractResolver

from adapters.feeds.http import HttpFeedFetcher
from bot.settings import Settings

from .server import FeedServer


@pytest.fixture
async def feed_server():
    server = await FeedServer().start()
    yield server
    await server.stop()


@pytest.fixture
async def fetcher():
    fetcher = HttpFeedFetcher(allow_private=True, timeout=2.0)
    yield fetcher
    await fetcher.close()


@pytest.fixture
def settings(database_url) -> Settings:
    return Settings(_env_file=None, kmbot_database_url=database_url,
                    kmbot_librarians="fake:lib", kmbot_feeds_allow_private=True,
                    kmbot_feeds_timeout_seconds=2.0)


class FakeResolver(AbstractResolver):
    """Host names to addresses, as a DNS server under someone else's control would say."""

    def __init__(self, names: dict[str, list[str]]) -> None:
        self.names = names
        self.asked: list[str] = []

    async def resolve(self, host, port=0, family=socket.AF_INET):
        self.asked.append(host)
        if host not in self.names:
            raise OSError(f"no such host {host}")
        return [{"hostname": host, "host": address, "port": port,
                 "family": socket.AF_INET6 if ":" in address else socket.AF_INET,
                 "proto": 0, "flags": socket.AI_NUMERICHOST} for address in self.names[host]]

    async def close(self):
        pass
