"""Outbound access tokens, fetched once and reused until shortly before they expire.

Every Bot Connector call needs an Entra token. :class:`CachedTokens` wraps the SDK's provider
(``MsalAuth``): one token per resource and scopes, refreshed five minutes before its expiry;
concurrent sends that find no token wait for the one request in flight instead of each making
their own. The expiry is read from the provider's ``AccessToken`` where it gives one,
otherwise from the token's own ``exp`` claim (unverified: it is our token, not the caller's).
"""
from __future__ import annotations

import asyncio
import time
from typing import Callable

import jwt

REFRESH_BEFORE = 300.0   # seconds before expiry at which a token is renewed
UNKNOWN_LIFETIME = 600.0  # when a token's expiry cannot be read


class CachedTokens:
    """An ``AccessTokenProviderBase`` that remembers the tokens of the one it wraps."""

    def __init__(self, inner, *, clock: Callable[[], float] = time.time) -> None:
        self.inner, self.clock = inner, clock
        self._tokens: dict[tuple, tuple[str, float]] = {}
        self._locks: dict[tuple, asyncio.Lock] = {}

    @property
    def configuration(self):
        return self.inner.configuration

    async def get_access_token(self, resource_url: str, scopes: list[str],
                               force_refresh: bool = False) -> str:
        key = (resource_url, tuple(scopes or ()))
        if not force_refresh and (token := self._fresh(key)):
            return token
        async with self._locks.setdefault(key, asyncio.Lock()):
            if not force_refresh and (token := self._fresh(key)):
                return token   # fetched meanwhile by the send we waited for
            token = await self.inner.get_access_token(resource_url, scopes, force_refresh)
            self._tokens[key] = (token, expiry_of(token, self.clock()))
            return token

    def _fresh(self, key: tuple) -> str | None:
        token, expires = self._tokens.get(key, ("", 0.0))
        return token if token and self.clock() < expires - REFRESH_BEFORE else None

    def get_token_credential(self):
        return self.inner.get_token_credential()

    async def acquire_token_on_behalf_of(self, scopes: list[str], user_assertion: str) -> str:
        return await self.inner.acquire_token_on_behalf_of(scopes, user_assertion)


def expiry_of(token: str, now: float) -> float:
    try:
        exp = jwt.decode(token, options={"verify_signature": False}).get("exp")
    except jwt.PyJWTError:
        exp = None
    return float(exp) if isinstance(exp, (int, float)) else now + UNKNOWN_LIFETIME
