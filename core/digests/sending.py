"""Sending digests: the standing ``digests.due`` job (every minute) finds who is due, claims
each recipient's digest by (recipient, period) in ``digest_runs`` and, in the same unit of
work, queues the messages, marks what they held as seen and held bulletins as sent. So a
crash before the commit leaves nothing claimed (the next run does it), and after it nothing
is sent twice. Recipients are done in chunks of ``CHUNK``, each one short transaction.
"""
from __future__ import annotations

from datetime import datetime
from typing import Sequence

from ..jobs import Every, JobKind, JobRun
from ..services import Services
from ..topics.model import HowIHear
from ..vocabulary import Destination
from ..wording import digests as say
from .build import build
from .model import CHANNEL, PER_TOPIC, Digest, Recipient
from .render import render
from .schedule import due, lookback

CHUNK = 1000
DUE_JOB = "digests.due"


def _recipients(kind: str, how: HowIHear, period: str, rows, now: datetime) -> list[Recipient]:
    return [Recipient(kind, key, ws, topic_ids, period, last or now - lookback(how))
            for key, ws, topic_ids, last in rows]


def _destination(r: Recipient) -> Destination:
    if r.kind == CHANNEL:
        platform, _, workspace = r.workspace_key.partition(":")
        return Destination.channel(platform, workspace, r.key)
    return Destination.user(r.key)


async def deliver(services: Services, recipients: Sequence[Recipient], title_of,
                  tz_of, now: datetime, found=None) -> list[Digest]:
    """Claim, build, queue and record, in one unit of work; returns the digests sent (the
    empty ones are claimed too, so the period is done, but nothing is queued)."""
    async with services.uow() as uow:
        claimed = await uow.digests.claim([dict(
            kind=r.kind, recipient=r.seen_key, period=r.period, workspace_key=r.workspace_key,
            since=r.since, until=now, created_at=now) for r in recipients])
        mine = [r for r in recipients if r.seen_key in claimed]
        digests = [d for d in await build(services, uow, mine, now, found=found)
                   if not d.empty]
        if not digests:
            return []
        topics = {t.id: t for t in await uow.topics.get_many(
            sorted({t for d in digests for t in d.topics}))}
        messages, seen, finished, held_keys, held_refs = [], [], [], [], []
        for d in digests:
            r = d.recipient
            run_id = claimed[r.seen_key]
            d.run_id = run_id
            message = render(d, topics, title_of(r), tz_of(r), run_id)
            messages.append((_destination(r), message, f"digest:{run_id}"))
            for e in d.shown(PER_TOPIC):
                seen.append(dict(recipient=r.seen_key, item=e.key, topic_id=e.topic_id,
                                 run_id=run_id, seen_at=now))
                if e.key.startswith("bulletin:"):
                    held_keys.append(r.key)
                    held_refs.append(e.key.split(":", 1)[1])
            finished.append((run_id, d.size, " ".join(
                f"{t}:{len(v)}" for t, v in d.topics.items() if v)))
        await services.queue_many(uow, messages)
        await uow.digests.mark_seen(seen)
        await uow.digests.finish(finished)
        if held_keys:
            await uow.digests.held_sent(held_keys, held_refs, now)
    return digests


async def send_due(services: Services, now: datetime | None = None) -> int:
    """Every digest due now; returns how many were sent. Who is due is found per schedule
    (each distinct frequency, time and zone in use); what matched is read once for all of
    them; then they are claimed, built and queued ``CHUNK`` at a time."""
    now = now or services.now()
    async with services.uow(read_only=True) as uow:
        schedules = await uow.digests.schedules()
        due_now: list[Recipient] = []
        how_of: dict[tuple[str, str], HowIHear] = {}
        for kind, how in schedules:
            period = due(how, now)
            if period is None:
                continue
            for r in _recipients(kind, how, period, await uow.digests.recipients(
                    kind, how, period), now):
                due_now.append(r)
                how_of[(r.kind, r.key)] = how
        if not due_now:
            return 0
        found = await uow.digests.candidates(
            sorted({t for r in due_now for t in r.topic_ids}), min(r.since for r in due_now),
            now)

    def title_of(r: Recipient) -> str:
        return (say.CHANNEL_TITLE if r.kind == CHANNEL
                else say.TITLE[how_of[(r.kind, r.key)].frequency.value])

    def tz_of(r: Recipient) -> str:
        return how_of[(r.kind, r.key)].timezone

    sent = 0
    for start in range(0, len(due_now), CHUNK):
        sent += len(await deliver(services, due_now[start:start + CHUNK], title_of, tz_of, now,
                                  found))
    return sent


async def run_due(services: Services, run: JobRun) -> None:
    await send_due(services)


JOBS = (JobKind(DUE_JOB, run_due, standing=Every(60)),)


async def mine(services: Services, person_key: str, how: HowIHear,
               now: datetime) -> Recipient | None:
    """The person as a digest recipient now (for ``/digest preview`` and ``now``)."""
    async with services.uow(read_only=True) as uow:
        rows = await uow.digests.recipients("person", how, "", only=person_key)
        if not rows:
            return None
    [r] = _recipients("person", how, f"now-{now.isoformat()}", rows, now)
    return r

