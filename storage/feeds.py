"""Feeds and their items (see core/feeds)."""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Sequence

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.feeds.model import Feed, Item

from .feed_models import FeedItemRow, FeedRow
from .upsert import insert

BATCH = 500       # items per INSERT (well under SQLite's limit on bound values)


def url_hash(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()


def _feed(row: FeedRow) -> Feed:
    return Feed(id=row.id, workspace_key=row.workspace_key, topic_id=row.topic_id, url=row.url,
                title=row.title, every=timedelta(seconds=row.every_seconds), etag=row.etag,
                last_modified=row.last_modified, failures=row.failures,
                last_error=row.last_error, warned=row.warned, last_ok_at=row.last_ok_at,
                created_at=row.created_at)


def _item(row: FeedItemRow) -> Item:
    return Item(uid=row.uid, title=row.title, link=row.link, summary=row.summary,
                published=row.published_at)


class FeedsSql:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, workspace_key: str, topic_id: int, url: str, title: str,
                  every: timedelta, now: datetime) -> Feed | None:
        row = FeedRow(workspace_key=workspace_key, topic_id=topic_id, url=url,
                      url_hash=url_hash(url), title=title[:200],
                      every_seconds=int(every.total_seconds()), failures=0, warned=False,
                      created_at=now)
        try:
            async with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError:            # the topic has it already (perhaps just now)
            return None
        return _feed(row)

    async def get(self, feed_id: int) -> Feed | None:
        row = await self.session.get(FeedRow, feed_id)
        return _feed(row) if row else None

    async def find(self, workspace_key: str, url: str) -> list[Feed]:
        rows = await self.session.scalars(select(FeedRow).where(
            FeedRow.workspace_key == workspace_key, FeedRow.url_hash == url_hash(url))
            .order_by(FeedRow.id))
        return [_feed(r) for r in rows]

    async def in_workspace(self, workspace_key: str) -> list[Feed]:
        rows = await self.session.scalars(select(FeedRow).where(
            FeedRow.workspace_key == workspace_key).order_by(FeedRow.topic_id, FeedRow.id))
        return [_feed(r) for r in rows]

    async def remove(self, feed_id: int) -> None:
        await self.session.execute(update(FeedItemRow).where(FeedItemRow.feed_id == feed_id)
                                   .values(feed_id=None))
        await self.session.execute(delete(FeedRow).where(FeedRow.id == feed_id))

    async def set_every(self, feed_id: int, every: timedelta) -> None:
        await self.session.execute(update(FeedRow).where(FeedRow.id == feed_id)
                                   .values(every_seconds=int(every.total_seconds())))

    async def polled(self, feed_id: int, now: datetime, *, etag: str | None,
                     last_modified: str | None, title: str | None = None) -> None:
        values = dict(etag=(etag or None) and etag[:500],
                      last_modified=(last_modified or None) and last_modified[:100],
                      failures=0, last_error=None, warned=False, last_polled_at=now,
                      last_ok_at=now)
        if title:
            values["title"] = title[:200]
        await self.session.execute(update(FeedRow).where(FeedRow.id == feed_id).values(**values))

    async def failed(self, feed_id: int, now: datetime, reason: str) -> int:
        await self.session.execute(update(FeedRow).where(FeedRow.id == feed_id).values(
            failures=FeedRow.failures + 1, last_error=reason[:300], last_polled_at=now))
        return await self.session.scalar(
            select(FeedRow.failures).where(FeedRow.id == feed_id)) or 0

    async def set_warned(self, feed_id: int) -> bool:
        result = await self.session.execute(update(FeedRow).where(
            FeedRow.id == feed_id, FeedRow.warned.is_(False)).values(warned=True))
        return bool(result.rowcount)

    async def add_items(self, feed: Feed, items: Sequence[Item], now: datetime) -> int:
        added, seen = 0, set()
        rows = []
        for item in items:
            if item.uid in seen:          # the same item twice in one body
                continue
            seen.add(item.uid)
            rows.append(dict(topic_id=feed.topic_id, uid=item.uid, feed_id=feed.id,
                             title=item.title[:300], link=item.link, summary=item.summary,
                             published_at=item.published, seen_at=now))
        for start in range(0, len(rows), BATCH):
            statement = insert(self.session, FeedItemRow).values(rows[start:start + BATCH])
            result = await self.session.execute(
                statement.on_conflict_do_nothing(index_elements=["topic_id", "uid"]))
            added += max(result.rowcount or 0, 0)
        return added

    async def items(self, topic_id: int, limit: int = 50,
                    since: datetime | None = None) -> list[Item]:
        query = select(FeedItemRow).where(FeedItemRow.topic_id == topic_id)
        if since is not None:
            query = query.where(FeedItemRow.seen_at > since)
        rows = await self.session.scalars(
            query.order_by(FeedItemRow.published_at.desc().nulls_last(), FeedItemRow.id.desc())
            .limit(limit))
        return [_item(r) for r in rows]

    async def item_counts(self, feed_ids: Sequence[int]) -> dict[int, int]:
        if not feed_ids:
            return {}
        rows = await self.session.execute(
            select(FeedItemRow.feed_id, func.count()).where(
                FeedItemRow.feed_id.in_(list(feed_ids))).group_by(FeedItemRow.feed_id))
        return {feed_id: n for feed_id, n in rows}

    async def count_items(self, feed_id: int) -> int:
        return await self.session.scalar(select(func.count()).select_from(FeedItemRow).where(
            FeedItemRow.feed_id == feed_id)) or 0
