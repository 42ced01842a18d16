"""What feeds need: storage (``uow.feeds``) and a fetcher (``services.feed_fetcher``).

The fetcher is an adapter (``adapters/feeds/http.py``): the core never speaks HTTP. It refuses
what :class:`~core.feeds.model.FetchFailed` names (a private address, too big, too slow...).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol, Sequence

from .model import Feed, Fetched, Item


class FeedFetcher(Protocol):
    async def fetch(self, url: str, *, etag: str | None = None,
                    last_modified: str | None = None) -> Fetched:
        """GET ``url`` (conditionally when given a validator); raises ``FetchFailed``."""

    async def close(self) -> None: ...


class FeedsRepo(Protocol):
    async def add(self, workspace_key: str, topic_id: int, url: str, title: str,
                  every: timedelta, now: datetime) -> Feed | None:
        """The new feed; None when the topic already has a feed at ``url``."""
    async def get(self, feed_id: int) -> Feed | None: ...
    async def find(self, workspace_key: str, url: str) -> list[Feed]: ...
    async def in_workspace(self, workspace_key: str) -> list[Feed]: ...
    async def remove(self, feed_id: int) -> None:
        """Drop the feed; its items stay with the topic (they may be in digests)."""
    async def set_every(self, feed_id: int, every: timedelta) -> None: ...

    async def polled(self, feed_id: int, now: datetime, *, etag: str | None,
                     last_modified: str | None, title: str | None = None) -> None:
        """A poll worked: keep its validators, reset the failures."""
    async def failed(self, feed_id: int, now: datetime, reason: str) -> int:
        """A poll failed: count it; the failures in a row now."""
    async def set_warned(self, feed_id: int) -> bool:
        """Mark the librarians told; False when they already were."""

    async def add_items(self, feed: Feed, items: Sequence[Item], now: datetime) -> int:
        """Store the items the feed's topic does not have yet (by ``uid``); how many."""
    async def items(self, topic_id: int, limit: int = 50,
                    since: datetime | None = None) -> list[Item]:
        """The topic's latest items (first stored after ``since``), newest first."""
    async def count_items(self, feed_id: int) -> int: ...
    async def item_counts(self, feed_ids: Sequence[int]) -> dict[int, int]: ...
