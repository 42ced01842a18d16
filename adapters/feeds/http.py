"""The feed fetcher: one GET with conditional headers, bounded in time, size and redirects.

- only ``http`` and ``https``, no credentials in the URL;
- ``If-None-Match`` / ``If-Modified-Since`` from the last poll (a 304 costs no body);
- one deadline for the whole fetch, redirects and body included;
- at most :data:`MAX_BYTES` read (a longer body is abandoned, not read to the end);
- redirects followed by hand, at most :data:`MAX_REDIRECTS`, each one checked again;
- addresses checked by :mod:`adapters.feeds.guard` unless private ones are allowed.
"""
from __future__ import annotations

import asyncio
from typing import Callable
from urllib.parse import urljoin, urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver

from core.feeds.model import (BAD_URL, HTTP_STATUS, PRIVATE, REDIRECTS, TIMEOUT, TOO_BIG,
                              UNREACHABLE, Fetched, FetchFailed)

from .guard import GuardedResolver, RefusedAddress, is_refused, literal_address

MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
TIMEOUT_SECONDS = 20.0
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
USER_AGENT = "kmbot-feeds/1.0 (NHS library and knowledge services current awareness)"
ACCEPT = ("application/rss+xml, application/atom+xml, application/rdf+xml, "
          "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")


def check_url(url: str, allow_private: bool,
              refuse: Callable[[str], bool] = is_refused) -> str:
    """The URL's host, or raise FetchFailed when the URL may not be fetched."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port      # noqa: B018  (raises on a port that is not a number)
    except ValueError:
        raise FetchFailed(BAD_URL) from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise FetchFailed(BAD_URL)
    if parts.username or parts.password:
        raise FetchFailed(BAD_URL)
    literal = literal_address(host)
    if literal is not None and not allow_private and refuse(literal):
        raise FetchFailed(PRIVATE, host)
    return host


def _refusal(error: BaseException) -> RefusedAddress | None:
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, RefusedAddress):
            return error
        error = getattr(error, "os_error", None) or error.__cause__ or error.__context__
    return None


class HttpFeedFetcher:
    """``core.feeds.ports.FeedFetcher`` over aiohttp; one session, made on first use."""

    def __init__(self, *, allow_private: bool = False, timeout: float = TIMEOUT_SECONDS,
                 max_bytes: int = MAX_BYTES, max_redirects: int = MAX_REDIRECTS,
                 resolver: AbstractResolver | None = None, connections: int = 64,
                 refuse: Callable[[str], bool] = is_refused) -> None:
        """``resolver``: where host names are looked up (tests give a fake one);
        ``refuse``: which addresses are off limits (tests may stand ::1 in for a public
        address, to prove that a redirect from it to 127.0.0.1 is refused)."""
        self.allow_private = allow_private
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self._resolver = resolver
        self._connections = connections
        self.refuse = refuse
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            inner = self._resolver
            resolver = inner if self.allow_private and inner else (
                None if self.allow_private else GuardedResolver(inner, self.refuse))
            connector = aiohttp.TCPConnector(limit=self._connections, resolver=resolver,
                                             ttl_dns_cache=60)
            self._session = aiohttp.ClientSession(
                connector=connector, trust_env=False,   # no proxy from the environment
                headers={"User-Agent": USER_AGENT, "Accept": ACCEPT})
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def fetch(self, url: str, *, etag: str | None = None,
                    last_modified: str | None = None) -> Fetched:
        try:
            async with asyncio.timeout(self.timeout):
                return await self._follow(url, etag, last_modified)
        except FetchFailed:
            raise
        except TimeoutError:
            raise FetchFailed(TIMEOUT, f"{self.timeout:g}") from None
        except aiohttp.InvalidURL:
            raise FetchFailed(BAD_URL) from None
        except (aiohttp.ClientError, OSError, ValueError) as error:
            refused = _refusal(error)
            if refused is not None:
                raise FetchFailed(PRIVATE, refused.host) from None
            raise FetchFailed(UNREACHABLE, type(error).__name__) from None

    async def _follow(self, url: str, etag: str | None, last_modified: str | None) -> Fetched:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        seen: set[str] = set()
        session = self._open()
        for _ in range(self.max_redirects + 1):
            check_url(url, self.allow_private, self.refuse)
            seen.add(url)
            async with session.get(url, headers=headers, allow_redirects=False) as response:
                if response.status in REDIRECT_STATUSES and "Location" in response.headers:
                    url = urljoin(url, response.headers["Location"])
                    if url in seen:
                        raise FetchFailed(REDIRECTS, "loop")
                    continue
                if response.status == 304:
                    return Fetched(304, url=url, etag=etag, last_modified=last_modified)
                if not 200 <= response.status < 300:
                    raise FetchFailed(HTTP_STATUS, str(response.status))
                body = await self._read(response)
                return Fetched(200, body, url, response.headers.get("ETag"),
                               response.headers.get("Last-Modified"),
                               response.headers.get("Content-Type", ""))
        raise FetchFailed(REDIRECTS, str(self.max_redirects))

    async def _read(self, response: aiohttp.ClientResponse) -> bytes:
        declared = response.content_length
        if declared is not None and declared > self.max_bytes:
            raise FetchFailed(TOO_BIG, str(self.max_bytes))
        chunks, size = [], 0
        async for chunk in response.content.iter_chunked(64 * 1024):
            size += len(chunk)
            if size > self.max_bytes:
                response.close()           # stop reading: drop the connection
                raise FetchFailed(TOO_BIG, str(self.max_bytes))
            chunks.append(chunk)
        return b"".join(chunks)
