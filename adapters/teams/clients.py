"""Bot Connector clients kept between turns: one HTTP session per service URL and token.

The SDK's :class:`RestChannelServiceClientFactory` builds a new connector client (and a new
user-token client), each with its own aiohttp session and so its own TCP and TLS connection,
for every turn, and closes them when the turn ends: at a broadcast's fifty requests a second
that is most of a sender's work. :class:`SharedClients` is the same factory (the SDK's
``channel_service_client_factory`` extension point) keeping the clients it makes: the token is
still asked of the (caching) token provider on every turn, and a client is keyed by service
URL *and* token, so a refreshed token gets a new client and the old one is closed a while
later, once the requests it carries have finished. Turns cannot close a kept client (the
adapter closes every client at the end of a turn); :meth:`SharedClients.aclose` closes them
all. A client belongs to the event loop it was made in.
"""
from __future__ import annotations

import asyncio
import logging
import time

from microsoft_agents.activity import RoleTypes
from microsoft_agents.hosting.core import RestChannelServiceClientFactory
from microsoft_agents.hosting.core.connector.client import UserTokenClient
from microsoft_agents.hosting.core.connector.teams import TeamsConnectorClient

log = logging.getLogger(__name__)
RETIRE_AFTER = 120.0    # seconds a replaced client stays open for the requests it carries


class _KeptConnectorClient(TeamsConnectorClient):
    async def close(self) -> None:      # the end of a turn: kept for the next one
        return None

    async def really_close(self) -> None:
        await super().close()


class _KeptUserTokenClient(UserTokenClient):
    async def close(self) -> None:
        return None

    async def really_close(self) -> None:
        await super().close()


class SharedClients(RestChannelServiceClientFactory):
    def __init__(self, connection_manager, *, clock=time.monotonic, **options) -> None:
        super().__init__(connection_manager, **options)
        self.clock = clock
        self._kept: dict[tuple, object] = {}            # (loop, kind, url, ...) -> client
        self._retired: list[tuple[float, object]] = []  # (when replaced, client)

    async def create_connector_client(self, context, claims_identity, service_url: str,
                                      audience: str, scopes: list[str] | None = None,
                                      use_anonymous: bool = False):
        if not service_url or not audience or (context is not None and (
                context.activity.is_agentic_request()
                or (context.activity.recipient
                    and context.activity.recipient.role == RoleTypes.connector_user))):
            return await super().create_connector_client(      # not kept: as the SDK does
                context, claims_identity, service_url, audience, scopes, use_anonymous)
        provider = (self._ANONYMOUS_TOKEN_PROVIDER if use_anonymous else
                    self._connection_manager.get_token_provider(claims_identity, service_url))
        token = await provider.get_access_token(
            audience, scopes or claims_identity.get_token_scope())
        return self._keep(("connector", service_url), token,
                          lambda: _KeptConnectorClient(endpoint=service_url, token=token))

    async def create_user_token_client(self, context, claims_identity,
                                       use_anonymous: bool = False):
        if context is not None and context.activity.is_agentic_request():
            return await super().create_user_token_client(context, claims_identity,
                                                          use_anonymous)
        app_id = claims_identity.get_app_id()
        if use_anonymous:
            token = ""
        else:
            provider = self._connection_manager.get_token_provider(
                claims_identity, self._token_service_endpoint)
            token = await provider.get_access_token(self._token_service_audience,
                                                    claims_identity.get_token_scope())
            if not token:
                raise ValueError("Failed to obtain token for user token client")
        return self._keep(("user-token", self._token_service_endpoint, app_id), token,
                          lambda: _KeptUserTokenClient(app_id=app_id,
                                                       endpoint=self._token_service_endpoint,
                                                       token=token))

    def _keep(self, key: tuple, token: str, make):
        loop = asyncio.get_running_loop()
        full = (id(loop), *key)
        kept = self._kept.get(full)
        if kept is not None and kept[0] == token and kept[1] is loop \
                and not kept[2].client.closed:
            return kept[2]
        client = make()
        self._kept[full] = (token, loop, client)
        if kept is not None and kept[1] is loop:    # a refreshed token: retire the old one
            self._retired.append((self.clock(), kept[2]))
        self._close_retired(loop)
        return client

    def _close_retired(self, loop, *, everything: bool = False) -> None:
        due = self.clock() - RETIRE_AFTER
        keep: list[tuple[float, object]] = []
        for when, client in self._retired:
            if everything or when <= due:
                if client.client._loop is loop:
                    loop.create_task(client.really_close())
            else:
                keep.append((when, client))
        self._retired = keep

    async def aclose(self) -> None:
        """Close every kept client made in this event loop (at shutdown)."""
        loop = asyncio.get_running_loop()
        clients = [client for token, owner, client in self._kept.values() if owner is loop]
        clients += [client for _, client in self._retired if client.client._loop is loop]
        self._kept = {k: v for k, v in self._kept.items() if v[1] is not loop}
        self._retired = [(w, c) for w, c in self._retired if c.client._loop is not loop]
        for client in clients:
            await client.really_close()
