"""Outbound access tokens are fetched once and reused until shortly before they expire."""
from __future__ import annotations

import asyncio

import jwt

from adapters.teams.tokens import REFRESH_BEFORE, CachedTokens
from core.cards import Message
from core.vocabulary import Destination

from .conftest import ANN, TENANT


async def test_many_replies_and_sends_take_one_token(teams):
    for n in range(6):
        await teams.say(f"help {n}")
    await teams.channel.send(Destination("teams", TENANT, "user", (ANN,)), Message("Hello"))
    assert len(teams.connector.sent) >= 7
    assert teams.connector.token_requests == 1
    assert len({r.authorization for r in teams.connector.sent}) == 1


class CountingProvider:
    configuration = None

    def __init__(self, clock, lifetime: int = 3600) -> None:
        self.clock, self.lifetime, self.calls = clock, lifetime, 0

    async def get_access_token(self, resource_url, scopes, force_refresh=False) -> str:
        self.calls += 1
        await asyncio.sleep(0)
        return jwt.encode({"exp": int(self.clock()) + self.lifetime, "n": self.calls},
                          "a key for the counting provider, 32+ bytes", algorithm="HS256")


async def test_a_token_is_renewed_once_shortly_before_it_expires():
    now = [1_000_000.0]
    inner = CountingProvider(lambda: now[0])
    tokens = CachedTokens(inner, clock=lambda: now[0])
    scope = ["https://api.botframework.com/.default"]
    first = await tokens.get_access_token("https://api.botframework.com", scope)
    now[0] += 3600 - REFRESH_BEFORE - 1                    # still fresh
    assert await tokens.get_access_token("https://api.botframework.com", scope) == first
    now[0] += 2                                             # inside the renewal margin
    renewed = await asyncio.gather(*[tokens.get_access_token("https://api.botframework.com",
                                                             scope) for _ in range(10)])
    assert len(set(renewed)) == 1 and renewed[0] != first
    assert inner.calls == 2


async def test_concurrent_first_sends_share_one_token_request():
    inner = CountingProvider(lambda: 1_000_000.0)
    tokens = CachedTokens(inner, clock=lambda: 1_000_000.0)
    got = await asyncio.gather(*[tokens.get_access_token("r", ["s"]) for _ in range(20)])
    assert len(set(got)) == 1 and inner.calls == 1
    assert await tokens.get_access_token("r", ["other"]) != got[0]   # another scope, its own


class OneProvider:
    def __init__(self) -> None:
        self.token = "token-1"

    def get_token_provider(self, claims_identity, service_url):
        return self

    async def get_access_token(self, resource_url, scopes, force_refresh=False) -> str:
        return self.token


async def test_connector_clients_are_kept_per_service_url_and_token():
    from microsoft_agents.hosting.core import AuthenticationConstants, ClaimsIdentity

    from adapters.teams.clients import RETIRE_AFTER, SharedClients
    now = [0.0]
    provider = OneProvider()
    clients = SharedClients(provider, clock=lambda: now[0])
    identity = ClaimsIdentity({AuthenticationConstants.AUDIENCE_CLAIM: "app"}, True)
    url, audience = "https://smba.example/emea/", "https://api.botframework.com"
    try:
        first = await clients.create_connector_client(None, identity, url, audience)
        await first.close()                 # the end of a turn: kept, not closed
        assert await clients.create_connector_client(None, identity, url, audience) is first
        assert not first.client.closed
        other = await clients.create_connector_client(None, identity, "https://x.example/",
                                                      audience)
        assert other is not first            # another service URL, another client

        provider.token = "token-2"          # refreshed: a new client carries the new token
        second = await clients.create_connector_client(None, identity, url, audience)
        assert second is not first
        assert second.client.headers["Authorization"] == "Bearer token-2"
        assert not first.client.closed       # requests under way on it may finish ...
        now[0] += RETIRE_AFTER + 1
        provider.token = "token-3"
        await clients.create_connector_client(None, identity, url, audience)
        await asyncio.sleep(0.01)
        assert first.client.closed           # ... and it is closed later
    finally:
        await clients.aclose()
    assert second.client.closed and other.client.closed
