"""Digests' storage (see core/digests): who is due, what matched their topics, what reached
whom, "Useful" marks, channels' digest times and the figures behind ``/digest stats``.

Everything is set-based: one query per kind of thing for all recipients due at once. Lessons,
walls, feed items and held bulletins are read here (read-only) from their features' tables;
who may see a lesson is decided in the core by ``core.lessons.model.may_see``.
"""
from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from typing import Any, Sequence

from sqlalchemy import String, and_, bindparam, cast, delete, func, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.digests.model import CHANNEL, PERSON, Entry
from core.lessons.model import Lesson, Visibility
from core.topics.model import Frequency, HowIHear

from .bulletin_models import (BulletinRow, DigestItemRow, TopicPreferenceRow, TopicRow,
                              TopicSubscriptionRow)
from .digest_models import DigestChannelRow, DigestRunRow, DigestSeenRow, DigestUsefulRow
from .feed_models import FeedItemRow, FeedRow
from .models import (LessonPersonRow, LessonRow, LessonTagRow, WallIdeaRow,
                     WallRow)
from .digest_stats import DigestStatsSql
from .upsert import insert

BATCH = 500


def _chunks(items: Sequence, size: int = BATCH):
    for start in range(0, len(items), size):
        yield items[start:start + size]


class DigestsSql(DigestStatsSql):
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # -- who is due -----------------------------------------------------------------------
    async def schedules(self) -> list[tuple[str, HowIHear]]:
        """Each distinct (kind, how) in use by someone or some channel with a subscription."""
        pref, sub = TopicPreferenceRow, TopicSubscriptionRow
        people = await self.session.execute(
            select(pref.frequency, pref.time, pref.timezone, pref.weekday, pref.day).distinct()
            .where(pref.frequency != Frequency.IMMEDIATELY.value,
                   select(sub.id).where(sub.kind == PERSON,
                                        sub.subscriber == pref.person_key).exists()))
        chans = await self.session.execute(
            select(DigestChannelRow.frequency, DigestChannelRow.time, DigestChannelRow.timezone,
                   DigestChannelRow.weekday, DigestChannelRow.day).distinct())
        return ([(PERSON, HowIHear(Frequency(r[0]), *r[1:])) for r in people]
                + [(CHANNEL, HowIHear(Frequency(r[0]), *r[1:])) for r in chans])

    async def recipients(self, kind: str, how: HowIHear, period: str,
                         only: str | None = None) -> list[tuple[str, str, tuple[int, ...],
                                                                datetime | None]]:
        """(key, workspace, topic ids, end of their last digest) of each ``kind`` recipient
        with ``how`` and no digest for ``period`` yet (``only``: just that one key)."""
        sub, run = TopicSubscriptionRow, DigestRunRow
        if kind == PERSON:
            pref = TopicPreferenceRow
            match = and_(pref.person_key == sub.subscriber, pref.frequency == how.frequency.value,
                         pref.time == how.time, pref.timezone == how.timezone,
                         pref.weekday == how.weekday, pref.day == how.day)
            key_of = sub.subscriber
        else:
            pref = DigestChannelRow
            match = and_(pref.channel == sub.subscriber, pref.workspace_key == sub.workspace_key,
                         pref.frequency == how.frequency.value, pref.time == how.time,
                         pref.timezone == how.timezone, pref.weekday == how.weekday,
                         pref.day == how.day)
            key_of = sub.subscriber
        statement = select(key_of, sub.workspace_key, sub.topic_id)
        if only is None or kind != PERSON:
            statement = statement.join(pref, match)
        statement = (statement.join(TopicRow, and_(TopicRow.id == sub.topic_id,
                                                            TopicRow.retired_at.is_(None)))
                     .where(sub.kind == kind))
        if only is not None:
            statement = statement.where(sub.subscriber == only)
        claimed: set[str] = set()
        if period:        # read apart and matched here: cheap with or without planner stats
            claimed = set(await self.session.scalars(select(run.recipient).where(
                run.period == period, run.kind == kind)))
        topics: dict[tuple[str, str], list[int]] = defaultdict(list)
        for key, workspace, topic_id in await self.session.execute(statement):
            if _key(kind, workspace, key) not in claimed:
                topics[(key, workspace)].append(topic_id)
        last = await self._last_until(kind, list(topics), only)
        return [(key, ws, tuple(sorted(ids)), last.get(_key(kind, ws, key)))
                for (key, ws), ids in topics.items()]

    async def _last_until(self, kind: str, keys: list[tuple[str, str]],
                          only: str | None) -> dict[str, datetime]:
        if not keys:
            return {}
        run = DigestRunRow
        statement = select(run.recipient, func.max(run.until)).where(run.kind == kind)
        if only is not None or len(keys) <= BATCH:
            statement = statement.where(run.recipient.in_([_key(kind, ws, k) for k, ws in keys]))
        rows = await self.session.execute(statement.group_by(run.recipient))
        return {r: u for r, u in rows}

    # -- claiming and recording -------------------------------------------------------------
    async def claim(self, rows: Sequence[dict[str, Any]]) -> dict[str, int]:
        """Insert runs (kind, recipient, period, workspace_key, since, until, created_at);
        those another process claimed first are skipped. Returns recipient -> run id."""
        claimed: dict[str, int] = {}
        for chunk in _chunks(list(rows)):
            statement = insert(self.session, DigestRunRow).on_conflict_do_nothing(
                index_elements=["kind", "recipient", "period"]).returning(
                DigestRunRow.recipient, DigestRunRow.id)
            for recipient, run_id in await self.session.execute(statement, [
                    dict(r, items=0, topics="") for r in chunk]):
                claimed[recipient] = run_id
        return claimed

    async def finish(self, runs: Sequence[tuple[int, int, str]]) -> None:
        """(run id, items, "topic:n ...") of each run."""
        table = DigestRunRow.__table__
        statement = update(table).where(table.c.id == bindparam("rid")).values(
            items=bindparam("n"), topics=bindparam("t"))
        for chunk in _chunks([dict(rid=r, n=n, t=t) for r, n, t in runs if n], 2000):
            await self.session.execute(statement, chunk)

    async def mark_seen(self, rows: Sequence[dict[str, Any]]) -> None:
        """(recipient, item, topic_id, run_id, seen_at) rows; already seen ones are kept."""
        for chunk in _chunks(list(rows), 2000):
            await self.session.execute(insert(self.session, DigestSeenRow).on_conflict_do_nothing(
                index_elements=["recipient", "item"]), chunk)

    async def seen(self, recipients: Sequence[str], since: datetime) -> set[tuple[str, str]]:
        found: set[tuple[str, str]] = set()
        for chunk in _chunks(list(recipients)):
            found.update(tuple(r) for r in await self.session.execute(
                select(DigestSeenRow.recipient, DigestSeenRow.item).where(
                    DigestSeenRow.recipient.in_(chunk), DigestSeenRow.seen_at > since)))
        return found

    async def held_sent(self, person_keys: Sequence[str], refs: Sequence[str],
                        now: datetime) -> None:
        """Held bulletins that went out in digests."""
        pairs = [(k, r) for k, r in zip(person_keys, refs)]
        for chunk in _chunks(pairs):
            await self.session.execute(update(DigestItemRow).where(
                tuple_(DigestItemRow.person_key, DigestItemRow.ref).in_(chunk),
                DigestItemRow.source == "bulletin", DigestItemRow.sent_at.is_(None))
                .values(sent_at=now))

    async def run(self, run_id: int) -> dict[str, Any] | None:
        row = await self.session.get(DigestRunRow, run_id)
        if row is None:
            return None
        return dict(id=row.id, kind=row.kind, recipient=row.recipient, since=row.since,
                    until=row.until, workspace_key=row.workspace_key)

    # -- what matched -----------------------------------------------------------------------
    async def candidates(self, topic_ids: Sequence[int], since: datetime,
                         until: datetime) -> dict[int, list[Entry]]:
        """Feed items, lessons tagged with a topic's slug (not private ones) and closed walls
        in channels subscribed to a topic, stored after ``since``, newest first per topic."""
        found: dict[int, list[Entry]] = defaultdict(list)
        ids = list(topic_ids)
        if not ids:
            return found
        f, feed = FeedItemRow, FeedRow
        for chunk in _chunks(ids):
            rows = await self.session.execute(
                select(f.id, f.topic_id, f.title, f.link, f.published_at, f.seen_at, feed.title)
                .outerjoin(feed, feed.id == f.feed_id)
                .where(f.topic_id.in_(chunk), f.seen_at > since, f.seen_at <= until))
            for item_id, topic_id, title, link, published, stored, feed_title in rows:
                found[topic_id].append(Entry(f"feed:{item_id}", topic_id, feed_title or "a feed",
                                             title, published or stored, link, stored))
        slugs = {slug: tid for tid, slug in await self.session.execute(
            select(TopicRow.id, TopicRow.slug).where(TopicRow.id.in_(ids)))}
        if slugs:
            L = LessonRow
            rows = (await self.session.execute(
                select(L.id, L.workspace_key, L.title, L.tags, L.author_key, L.visibility,
                       L.audience, L.created_at, LessonTagRow.tag).join(
                    LessonTagRow, LessonTagRow.lesson_id == L.id)
                .where(LessonTagRow.tag.in_(list(slugs)), L.created_at > since,
                       L.created_at <= until,
                       L.visibility != Visibility.PRIVATE.value))).all()
            people: dict[int, list[str]] = defaultdict(list)
            lesson_ids = list({row.id for row in rows})
            for chunk in _chunks(lesson_ids):
                for lesson_id, key in await self.session.execute(select(
                        LessonPersonRow.lesson_id, LessonPersonRow.person_key).where(
                        LessonPersonRow.lesson_id.in_(chunk))):
                    people[lesson_id].append(key)
            for row in rows:
                lesson = Lesson(id=row.id, workspace_key=row.workspace_key, title=row.title,
                                tags=tuple(row.tags.split()), author_key=row.author_key,
                                people=tuple(people[row.id]),
                                visibility=Visibility(row.visibility), audience=row.audience,
                                created_at=row.created_at, updated_at=row.created_at)
                topic = slugs[row.tag]
                found[topic].append(Entry(f"lesson:{row.id}", topic, "lessons", row.title,
                                          row.created_at, "", row.created_at, lesson))
        sub, w, idea = TopicSubscriptionRow, WallRow, WallIdeaRow
        ideas = (select(idea.wall_id, func.count().label("n")).where(idea.hidden_by.is_(None))
                 .group_by(idea.wall_id).subquery())
        rows = await self.session.execute(
            select(w.id, w.question, w.kind, w.closed_at, sub.topic_id, sub.name, ideas.c.n)
            .join(sub, and_(sub.kind == CHANNEL, sub.subscriber == w.channel,
                            sub.workspace_key == w.workspace_key))
            .outerjoin(ideas, ideas.c.wall_id == w.id)
            .where(sub.topic_id.in_(ids), w.closed_at > since, w.closed_at <= until))
        for wall_id, question, kind, closed, topic_id, channel_name, n in rows:
            found[topic_id].append(Entry(f"wall:{wall_id}", topic_id, kind, question, closed,
                                         "", closed, ideas=n or 0, place=channel_name or ""))
        for entries in found.values():
            entries.sort(key=lambda e: e.when, reverse=True)
        return found

    async def held(self, person_keys: Sequence[str]) -> dict[str, list[tuple[str, str, datetime,
                                                                           tuple[int, ...]]]]:
        """Bulletins held for each person's digest: (ref, title, held at, its topic ids)."""
        found: dict[str, list] = defaultdict(list)
        for chunk in _chunks(list(person_keys)):
            rows = await self.session.execute(
                select(DigestItemRow.person_key, DigestItemRow.ref, DigestItemRow.title,
                       DigestItemRow.created_at, BulletinRow.topics)
                .outerjoin(BulletinRow, cast(BulletinRow.id, String)
                           == DigestItemRow.ref)
                .where(DigestItemRow.person_key.in_(chunk), DigestItemRow.source == "bulletin",
                       DigestItemRow.sent_at.is_(None)))
            for key, ref, title, when, topics in rows:
                found[key].append((ref, title, when, tuple(json.loads(topics or "[]"))))
        return found

    # -- buttons ----------------------------------------------------------------------------
    async def useful(self, person_key: str, item: str, topic_id: int, workspace_key: str,
                     now: datetime) -> bool:
        result = await self.session.execute(insert(self.session, DigestUsefulRow).values(
            person_key=person_key, item=item, topic_id=topic_id, workspace_key=workspace_key,
            created_at=now).on_conflict_do_nothing(index_elements=["person_key", "item"]))
        return bool(result.rowcount)

    # -- channels ---------------------------------------------------------------------------
    async def channel_how(self, workspace_key: str, channel: str) -> HowIHear | None:
        row = await self.session.get(DigestChannelRow, (workspace_key, channel))
        return None if row is None else HowIHear(Frequency(row.frequency), row.time,
                                                 row.timezone, row.weekday, row.day)

    async def set_channel_how(self, workspace_key: str, channel: str, how: HowIHear | None,
                              by: str, now: datetime) -> None:
        await self.session.execute(delete(DigestChannelRow).where(
            DigestChannelRow.workspace_key == workspace_key, DigestChannelRow.channel == channel))
        if how is not None:
            self.session.add(DigestChannelRow(
                workspace_key=workspace_key, channel=channel, frequency=how.frequency.value,
                time=how.time, timezone=how.timezone, weekday=how.weekday, day=how.day,
                set_by=by, updated_at=now))
            await self.session.flush()

    # -- a person's data --------------------------------------------------------------------
    async def export_person(self, person_key: str) -> dict[str, Any]:
        runs = await self.session.scalars(select(DigestRunRow).where(
            DigestRunRow.kind == PERSON, DigestRunRow.recipient == person_key,
            DigestRunRow.items > 0).order_by(DigestRunRow.id))
        seen = await self.session.scalars(select(DigestSeenRow).where(
            DigestSeenRow.recipient == person_key).order_by(DigestSeenRow.seen_at))
        useful = await self.session.scalars(select(DigestUsefulRow).where(
            DigestUsefulRow.person_key == person_key))
        chans = await self.session.scalars(select(DigestChannelRow).where(
            DigestChannelRow.set_by == person_key))
        return {"digests": [dict(period=r.period, items=r.items, sent=r.created_at.isoformat())
                            for r in runs],
                "items_received": [dict(item=s.item, at=s.seen_at.isoformat()) for s in seen],
                "marked_useful": [u.item for u in useful],
                "channel_digests_set": [c.channel for c in chans]}

    async def erase_person(self, person_key: str, pseudonym: str) -> None:
        """History and marks go; a channel's digest time stays, set by the pseudonym. Reach
        and "Useful" counts lose the person (they were the person's own history)."""
        for table, column in ((DigestRunRow, DigestRunRow.recipient),
                              (DigestSeenRow, DigestSeenRow.recipient),
                              (DigestUsefulRow, DigestUsefulRow.person_key)):
            await self.session.execute(delete(table).where(column == person_key))
        await self.session.execute(update(DigestChannelRow).where(
            DigestChannelRow.set_by == person_key).values(set_by=pseudonym))


def _key(kind: str, workspace_key: str, key: str) -> str:
    return key if kind == PERSON else f"channel:{workspace_key}:{key}"

