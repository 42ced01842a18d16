"""The figures behind ``/digest stats``: subscribers per topic and how they hear, digests
sent and their items, "Useful" marks, and reach (who received at least one of a topic's items
in a digest in the last 30 and 90 days), by topic and by team (the profile's department)."""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, select

from core.digests.model import PERSON
from core.topics.model import Frequency

from .bulletin_models import TopicPreferenceRow, TopicRow, TopicSubscriptionRow
from .digest_models import DigestRunRow, DigestSeenRow, DigestUsefulRow
from .models import PersonRow


class DigestStatsSql:
    # -- figures ----------------------------------------------------------------------------
    async def stats(self, workspace_key: str, now: datetime) -> dict[str, Any]:
        sub, pref, run = TopicSubscriptionRow, TopicPreferenceRow, DigestRunRow
        counted: dict[tuple[str, str, str], int] = defaultdict(int)
        for name, kind, frequency, n in await self.session.execute(
                select(TopicRow.name, sub.kind, pref.frequency, func.count()).select_from(sub)
                .join(TopicRow, TopicRow.id == sub.topic_id)
                .outerjoin(pref, and_(pref.person_key == sub.subscriber, sub.kind == PERSON))
                .where(sub.workspace_key == workspace_key, TopicRow.retired_at.is_(None))
                .group_by(TopicRow.name, sub.kind, pref.frequency)):
            counted[(name, kind, frequency or Frequency.IMMEDIATELY.value)] += n
        per_topic = [(*k, n) for k, n in sorted(counted.items(), key=lambda kv: (
            kv[0][0].lower(), kv[0][1], kv[0][2]))]
        sent, items = (await self.session.execute(
            select(func.count(), func.coalesce(func.sum(run.items), 0)).where(
                run.workspace_key == workspace_key, run.items > 0))).one()
        useful = (await self.session.execute(
            select(TopicRow.name, func.count()).select_from(DigestUsefulRow).join(
                TopicRow, TopicRow.id == DigestUsefulRow.topic_id)
            .where(DigestUsefulRow.workspace_key == workspace_key)
            .group_by(TopicRow.name))).all()
        reach: dict[str, dict[int, tuple[int, int]]] = {}
        teams: dict[str, dict[int, tuple[int, int]]] = {}
        people = (select(sub.subscriber, sub.topic_id).where(
            sub.workspace_key == workspace_key, sub.kind == PERSON).subquery())
        for days in (30, 90):
            seen = (select(DigestSeenRow.recipient, DigestSeenRow.topic_id).distinct().where(
                DigestSeenRow.seen_at > now - timedelta(days=days)).subquery())
            hit = and_(seen.c.recipient == people.c.subscriber,
                       seen.c.topic_id == people.c.topic_id)
            for name, total, reached in await self.session.execute(
                    select(TopicRow.name, func.count(), func.count(seen.c.recipient))
                    .select_from(people).join(TopicRow, TopicRow.id == people.c.topic_id)
                    .outerjoin(seen, hit).where(TopicRow.retired_at.is_(None))
                    .group_by(TopicRow.name)):
                reach.setdefault(name, {})[days] = (reached, total)
            anyone = (select(DigestSeenRow.recipient).distinct().where(
                DigestSeenRow.seen_at > now - timedelta(days=days)).subquery())
            everyone = select(people.c.subscriber).distinct().subquery()
            for team, total, reached in await self.session.execute(
                    select(PersonRow.department, func.count(),
                           func.count(anyone.c.recipient))
                    .select_from(everyone)
                    .outerjoin(PersonRow, PersonRow.key == everyone.c.subscriber)
                    .outerjoin(anyone, anyone.c.recipient == everyone.c.subscriber)
                    .group_by(PersonRow.department)):
                was = teams.setdefault(team or "", {}).get(days, (0, 0))
                teams[team or ""][days] = (was[0] + reached, was[1] + total)
        return dict(subscribers=[tuple(r) for r in per_topic], digests=sent, items=items,
                    useful=[tuple(r) for r in useful], reach=reach, teams=teams)
