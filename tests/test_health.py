"""``/healthz`` is cheap and tells nothing; the figures are for librarians (``/kmbot status``)."""
from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from bot.app import create_app


async def health(runtime):
    client = TestClient(TestServer(create_app(runtime, adapters=[], start_background=False),
                                   host="127.0.0.1"))
    await client.start_server()
    try:
        response = await client.get("/healthz")
        return response.status, await response.json()
    finally:
        await client.close()


async def test_healthz_says_ok_and_nothing_else(runtime, chat):
    await chat.say("ann", "coffee join")
    assert await health(runtime) == (200, {"status": "ok"})


async def test_healthz_is_503_when_the_database_is_gone(runtime, monkeypatch):
    async def unreachable():
        raise OSError("connection refused")
    monkeypatch.setattr(runtime.db, "ping", unreachable)
    assert await health(runtime) == (503, {"status": "unavailable"})


async def test_the_figures_are_for_librarians(chat):
    assert "Only librarians" in await chat.say("ann", "kmbot status")
    reply = await chat.say("lib", "kmbot status")
    assert "Connected platforms:" in reply and "fake" in reply and "Waiting:" in reply
