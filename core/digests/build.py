"""What each recipient's digest holds: set-based for everyone due at once.

One query each for feed items, lessons, closed walls (``uow.digests.candidates``), held
bulletins and what already reached them; then, per recipient, what is newer than their last
digest, not seen before, and (lessons) theirs to see by ``core.lessons.model.may_see``: a
team-only lesson goes to members of its team (as the platform says who is in the channel),
the people involved and its author, and to a channel only when that channel is its team.

Walls: a closed wall's summary goes to a topic when the wall's channel is subscribed to the
topic (a librarian linked them); a wall elsewhere never reaches a topic's digest.
"""
from __future__ import annotations

from datetime import datetime
from typing import Sequence

from ..channels import DeliveryError
from ..lessons.model import Viewer, Visibility, may_see
from ..ports import UnitOfWork
from ..services import Services
from ..vocabulary import Destination
from ..wording import digests as say
from .model import CHANNEL, Digest, Entry, Recipient


async def _teams(services: Services, entries: list[Entry]) -> dict[str, frozenset[str]]:
    """Who is in each team (channel) that a team-only lesson belongs to."""
    members: dict[str, frozenset[str]] = {}
    for e in entries:
        lesson = e.lesson
        if lesson is None or lesson.visibility is not Visibility.TEAM or not lesson.audience:
            continue
        if lesson.audience in members:
            continue
        platform, _, workspace = lesson.workspace_key.partition(":")
        try:
            members[lesson.audience] = frozenset(await services.channels.members(
                Destination.channel(platform, workspace, lesson.audience)))
        except (DeliveryError, LookupError, ValueError):
            members[lesson.audience] = frozenset()
    return members


async def build(services: Services, uow: UnitOfWork, recipients: Sequence[Recipient],
                until: datetime, *, again: bool = False,
                found: dict[int, list[Entry]] | None = None) -> list[Digest]:
    """Each recipient's digest (``again``: including what already reached them, to show a
    past digest's full list; ``found``: the candidates, fetched once for many chunks)."""
    if not recipients:
        return []
    since = min(r.since for r in recipients)
    topic_ids = sorted({t for r in recipients for t in r.topic_ids})
    if found is None:
        found = await uow.digests.candidates(topic_ids, since, until)
    people = [r.key for r in recipients if r.kind != CHANNEL]
    held = await uow.digests.held(people) if people and not again else {}
    seen = set() if again else await uow.digests.seen([r.seen_key for r in recipients], since)
    teams = await _teams(services, [e for v in found.values() for e in v])
    digests = []
    for r in recipients:
        digest = Digest(r)
        taken: set[str] = set()
        if r.kind == CHANNEL:
            viewer = Viewer("", r.workspace_key, frozenset({r.key}))
        else:
            viewer = Viewer(r.key, r.workspace_key, frozenset(
                t for t, keys in teams.items() if r.key in keys))
        for ref, title, when, bulletin_topics in held.get(r.key, ()) if r.kind != CHANNEL else ():
            topic = next((t for t in bulletin_topics if t in r.topic_ids), r.topic_ids[0])
            key = f"bulletin:{ref}"
            if key not in taken:
                taken.add(key)
                digest.topics.setdefault(topic, []).append(
                    Entry(key, topic, say.BULLETIN_SOURCE, title, when, "", when))
        for topic in r.topic_ids:
            for e in found.get(topic, ()):
                if (e.key in taken or (e.stored_at and e.stored_at <= r.since)
                        or (r.seen_key, e.key) in seen):
                    continue
                if e.lesson is not None and (e.lesson.workspace_key != r.workspace_key
                                             or not may_see(e.lesson, viewer)):
                    continue
                taken.add(e.key)
                digest.topics.setdefault(topic, []).append(e)
        for entries in digest.topics.values():
            entries.sort(key=lambda e: e.when, reverse=True)
        digests.append(digest)
    return digests
