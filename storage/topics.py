"""Topics, subscriptions, how people hear, and items held for digests (see core/topics)."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Sequence

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.topics.model import (CHANNEL, PERSON, Frequency, HowIHear, Subscriber, Topic,
                               slug_of)

from .bulletin_models import (DigestItemRow, TopicPreferenceRow, TopicRow,
                              TopicSubscriptionRow)
from .upsert import insert

BATCH = 500


def _topic(row: TopicRow) -> Topic:
    return Topic(row.id, row.workspace_key, row.slug, row.name, row.created_at, row.retired_at)


def _how(row: TopicPreferenceRow | None) -> HowIHear:
    if row is None:
        return HowIHear()
    return HowIHear(Frequency(row.frequency), row.time, row.timezone, row.weekday, row.day)


class TopicsSql:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # -- topics -------------------------------------------------------------------------------
    async def add(self, workspace_key: str, name: str, slug: str, by: str,
                  now: datetime) -> Topic | None:
        row = TopicRow(workspace_key=workspace_key, slug=slug, name=name, created_by=by,
                       created_at=now)
        try:
            async with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError:
            return None
        return _topic(row)

    async def find(self, workspace_key: str, name_or_slug: str, *,
                   retired: bool = False) -> Topic | None:
        slug = slug_of(name_or_slug)
        if not slug:
            return None
        statement = select(TopicRow).where(TopicRow.workspace_key == workspace_key,
                                           TopicRow.slug == slug)
        if not retired:
            statement = statement.where(TopicRow.retired_at.is_(None))
        row = await self.session.scalar(statement)
        return _topic(row) if row is not None else None

    async def get(self, topic_id: int) -> Topic | None:
        row = await self.session.get(TopicRow, topic_id)
        return _topic(row) if row is not None else None

    async def get_many(self, topic_ids: Sequence[int]) -> list[Topic]:
        if not topic_ids:
            return []
        rows = await self.session.scalars(select(TopicRow).where(TopicRow.id.in_(
            list(topic_ids))).order_by(TopicRow.name))
        return [_topic(r) for r in rows]

    async def active(self, workspace_key: str) -> list[Topic]:
        rows = await self.session.scalars(select(TopicRow).where(
            TopicRow.workspace_key == workspace_key, TopicRow.retired_at.is_(None))
            .order_by(func.lower(TopicRow.name)))
        return [_topic(r) for r in rows]

    async def rename(self, topic_id: int, name: str, slug: str) -> bool:
        try:
            async with self.session.begin_nested():
                await self.session.execute(update(TopicRow).where(TopicRow.id == topic_id)
                                           .values(name=name, slug=slug))
        except IntegrityError:
            return False
        return True

    async def retire(self, topic_id: int, now: datetime) -> None:
        await self.session.execute(update(TopicRow).where(TopicRow.id == topic_id)
                                   .values(retired_at=now))

    async def counts(self, workspace_key: str) -> dict[int, int]:
        rows = await self.session.execute(
            select(TopicSubscriptionRow.topic_id, func.count()).join(
                TopicRow, TopicRow.id == TopicSubscriptionRow.topic_id)
            .where(TopicRow.workspace_key == workspace_key)
            .group_by(TopicSubscriptionRow.topic_id))
        return {topic_id: n for topic_id, n in rows}

    # -- subscriptions ------------------------------------------------------------------------
    async def subscribe(self, topic_id: int, kind: str, key: str, workspace_key: str,
                        by: str, now: datetime, name: str = "") -> bool:
        statement = insert(self.session, TopicSubscriptionRow).values(
            topic_id=topic_id, kind=kind, subscriber=key, workspace_key=workspace_key,
            name=name[:100], created_by=by, created_at=now).on_conflict_do_nothing(
            index_elements=["topic_id", "kind", "subscriber"])
        return bool((await self.session.execute(statement)).rowcount)

    async def unsubscribe(self, topic_id: int, kind: str, key: str) -> bool:
        result = await self.session.execute(delete(TopicSubscriptionRow).where(
            TopicSubscriptionRow.topic_id == topic_id, TopicSubscriptionRow.kind == kind,
            TopicSubscriptionRow.subscriber == key))
        return bool(result.rowcount)

    async def unsubscribe_all(self, kind: str, key: str) -> int:
        result = await self.session.execute(delete(TopicSubscriptionRow).where(
            TopicSubscriptionRow.kind == kind, TopicSubscriptionRow.subscriber == key))
        return result.rowcount or 0

    async def subscriptions(self, kind: str, key: str) -> list[Topic]:
        rows = await self.session.scalars(select(TopicRow).join(
            TopicSubscriptionRow, TopicSubscriptionRow.topic_id == TopicRow.id).where(
            TopicSubscriptionRow.kind == kind, TopicSubscriptionRow.subscriber == key)
            .order_by(func.lower(TopicRow.name)))
        return [_topic(r) for r in rows]

    async def channels(self, workspace_key: str) -> dict[str, str]:
        rows = await self.session.execute(select(
            TopicSubscriptionRow.subscriber, TopicSubscriptionRow.name).where(
            TopicSubscriptionRow.workspace_key == workspace_key,
            TopicSubscriptionRow.kind == CHANNEL).order_by(TopicSubscriptionRow.id))
        return {channel: name for channel, name in rows}

    async def subscribers(self, topic_ids: Sequence[int]) -> list[Subscriber]:
        """Plain columns, not ORM objects: a topic may have tens of thousands."""
        if not topic_ids:
            return []
        sub, pref = TopicSubscriptionRow.__table__.c, TopicPreferenceRow.__table__.c
        rows = await self.session.execute(
            select(sub.topic_id, sub.kind, sub.subscriber, sub.workspace_key, sub.created_by,
                   sub.name, pref.frequency, pref.time, pref.timezone, pref.weekday, pref.day)
            .select_from(TopicSubscriptionRow.__table__.outerjoin(
                TopicPreferenceRow.__table__, pref.person_key == sub.subscriber))
            .where(sub.topic_id.in_(list(topic_ids))).order_by(sub.id))
        seen: set[tuple[str, str]] = set()
        found = []
        immediately = HowIHear()
        for r in rows:
            if (r.kind, r.subscriber) in seen:
                continue
            seen.add((r.kind, r.subscriber))
            how = (HowIHear(Frequency(r.frequency), r.time, r.timezone, r.weekday, r.day)
                   if r.kind == PERSON and r.frequency else immediately)
            found.append(Subscriber(r.topic_id, r.kind, r.subscriber, r.workspace_key, how,
                                    r.created_by, r.name))
        return found

    # -- how people hear ----------------------------------------------------------------------
    async def how(self, person_key: str) -> HowIHear | None:
        row = await self.session.get(TopicPreferenceRow, person_key)
        return _how(row) if row is not None else None

    async def set_how(self, person_key: str, how: HowIHear, now: datetime) -> None:
        values = dict(frequency=how.frequency.value, time=how.time, timezone=how.timezone,
                      weekday=how.weekday, day=how.day, updated_at=now)
        await self.session.execute(
            insert(self.session, TopicPreferenceRow).values(person_key=person_key, **values)
            .on_conflict_do_update(index_elements=["person_key"], set_=values))

    # -- digests ------------------------------------------------------------------------------
    async def queue_digest(self, person_keys: Sequence[str], source: str, ref: str,
                           title: str, now: datetime) -> int:
        keys = list(dict.fromkeys(person_keys))
        added = 0
        for start in range(0, len(keys), BATCH):
            rows = [dict(person_key=k, source=source, ref=ref, title=title[:200],
                         created_at=now) for k in keys[start:start + BATCH]]
            statement = insert(self.session, DigestItemRow).on_conflict_do_nothing(
                index_elements=["person_key", "source", "ref"]).returning(DigestItemRow.id)
            added += len((await self.session.scalars(statement, rows)).all())
        return added

    async def digest_items(self, person_key: str) -> list[dict[str, Any]]:
        rows = await self.session.scalars(select(DigestItemRow).where(
            DigestItemRow.person_key == person_key).order_by(DigestItemRow.id))
        return [dict(source=r.source, ref=r.ref, title=r.title,
                     held_at=r.created_at.isoformat(),
                     sent_at=r.sent_at.isoformat() if r.sent_at else None) for r in rows]

    async def digest_count(self, source: str, ref: str) -> int:
        return await self.session.scalar(select(func.count()).select_from(DigestItemRow).where(
            DigestItemRow.source == source, DigestItemRow.ref == ref)) or 0

    async def digest_people(self, source: str, ref: str) -> list[str]:
        return list(await self.session.scalars(select(DigestItemRow.person_key).where(
            DigestItemRow.source == source, DigestItemRow.ref == ref)
            .order_by(DigestItemRow.id)))

    async def drop_digest(self, source: str, ref: str) -> int:
        """Take back items not yet in a digest (a stopped bulletin)."""
        result = await self.session.execute(delete(DigestItemRow).where(
            DigestItemRow.source == source, DigestItemRow.ref == ref,
            DigestItemRow.sent_at.is_(None)))
        return result.rowcount or 0

    # -- a person's data ----------------------------------------------------------------------
    async def export_person(self, person_key: str) -> dict[str, Any]:
        topics = await self.subscriptions(PERSON, person_key)
        how = await self.how(person_key)
        made = await self.session.scalars(select(TopicSubscriptionRow).where(
            TopicSubscriptionRow.kind == CHANNEL,
            TopicSubscriptionRow.created_by == person_key))
        return {"subscriptions": [t.name for t in topics],
                "how_you_hear": None if how is None else dict(
                    frequency=how.frequency.value, time=how.time, timezone=how.timezone,
                    weekday=how.weekday, day=how.day),
                "channels_you_subscribed": [r.subscriber for r in made],
                "digest_items": await self.digest_items(person_key)}

    async def erase_person(self, person_key: str, pseudonym: str) -> None:
        await self.unsubscribe_all(PERSON, person_key)
        await self.session.execute(delete(TopicPreferenceRow).where(
            TopicPreferenceRow.person_key == person_key))
        await self.session.execute(delete(DigestItemRow).where(
            DigestItemRow.person_key == person_key))
        await self.session.execute(update(TopicSubscriptionRow).where(
            TopicSubscriptionRow.created_by == person_key).values(created_by=pseudonym))
        await self.session.execute(update(TopicRow).where(
            TopicRow.created_by == person_key).values(created_by=pseudonym))
