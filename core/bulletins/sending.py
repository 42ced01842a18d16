"""Who gets a bulletin, and sending it: everything is queued in one unit of work (the
recipients' messages through ``services.broadcast``, digest subscribers' items with
``uow.topics.queue_digest``, the bulletin marked sending), so nothing is half-queued; and it
is safe to run again (the broadcast is de-duplicated per recipient under the bulletin's key).
A scheduled bulletin is sent by the ``bulletins.send`` job at its time."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ..cards import Message
from ..jobs import Every, JobKind, JobRun
from ..mentions import everyone
from ..ports import UnitOfWork
from ..services import Services
from ..topics.model import CHANNEL, PERSON
from ..vocabulary import Destination
from . import render
from .model import Bulletin, Status

SEND_JOB = "bulletins.send"
ATOMIC = 2000       # up to this many recipients are queued with the change that sends them
CHUNK = 5000        # a bigger audience: this many per short transaction
ROW_STATES = ("queued", "sent", "retrying", "failed", "unreachable", "stopped")


@dataclass(frozen=True)
class Audience:
    people: list[str]           # person keys who get it now
    channels: list[str]         # channel ids
    digests: list[str]          # person keys who get it in their digest

    @property
    def size(self) -> int:
        return len(self.people) + len(self.channels)


async def audience(uow: UnitOfWork, bulletin: Bulletin) -> Audience:
    draft = bulletin.draft
    people: dict[str, None] = {}
    digests: dict[str, None] = {}
    channels: dict[str, None] = dict.fromkeys(draft.channels)
    if draft.subscribers and draft.topic_ids:
        for sub in await uow.topics.subscribers(list(draft.topic_ids)):
            if sub.workspace_key != bulletin.workspace_key:
                continue
            if sub.kind == CHANNEL:
                channels[sub.key] = None
            elif sub.kind == PERSON and sub.how.digest:
                digests[sub.key] = None
            elif sub.kind == PERSON:
                people[sub.key] = None
    if draft.everyone:
        people.update(dict.fromkeys(await uow.bulletins.people(bulletin.workspace_key)))
    return Audience(list(people), list(channels), [k for k in digests if k not in people])


async def topic_names(uow: UnitOfWork, bulletin: Bulletin) -> list[str]:
    return [t.name for t in await uow.topics.get_many(list(bulletin.draft.topic_ids))]


def channel_message(message: Message, notify: bool) -> Message:
    """What a channel gets: the same, with ``@channel`` ahead when the librarian asked."""
    if not notify:
        return message
    return Message(text=f"{everyone()} {message.text}", card=message.card)


async def start(services: Services, uow: UnitOfWork, bulletin: Bulletin,
                who: Audience | None = None) -> Audience:
    """Mark the bulletin sending, hold it for digest subscribers and, for an audience of up
    to ``ATOMIC``, queue everyone in this unit of work; returns the audience (``who``: worked
    out already, outside the write lock). A bigger audience is queued by :func:`queue_rest`
    once this unit of work has committed."""
    who = who or await audience(uow, bulletin)
    await uow.topics.queue_digest(who.digests, "bulletin", str(bulletin.id), bulletin.title,
                                  services.now())
    await uow.jobs.unschedule(SEND_JOB, str(bulletin.id))
    await uow.bulletins.set_status(bulletin.id, Status.SENDING, services.now(),
                                   recipients=who.size, digests=len(who.digests))
    if who.size <= ATOMIC:
        await _queue(services, uow, bulletin, who.people, who.channels)
    return who


async def _queue(services: Services, uow: UnitOfWork, bulletin: Bulletin, people: list[str],
                 channels: list[str]) -> None:
    platform, workspace = bulletin.workspace_key.split(":", 1)
    message = render.message(bulletin.draft, await topic_names(uow, bulletin))
    tag = bulletin.tag
    if people:
        await services.broadcast(uow, message, [Destination.user(k) for k in people],
                                 key=tag, tag=tag)
    if channels:       # its own key: a channel's copy may say @channel
        await services.broadcast(uow, channel_message(message, bulletin.draft.notify),
                                 [Destination.channel(platform, workspace, c)
                                  for c in channels], key=f"{tag}:channels", tag=tag)


async def queue_rest(services: Services, bulletin_id: int,
                     who: Audience | None = None) -> None:
    """Queue a big audience in short transactions of ``CHUNK`` recipients, so colleagues'
    commands are not held up; each chunk first checks the bulletin is still sending (a stop
    ends it). Safe to run again: who is queued already is skipped (the broadcast's key)."""
    if who is None:
        async with services.uow(read_only=True) as uow:
            bulletin = await uow.bulletins.get(bulletin_id)
            if bulletin is None or bulletin.status is not Status.SENDING:
                return
            who = await audience(uow, bulletin)
    if who.size <= ATOMIC:
        return
    pending = [("channel", c) for c in who.channels] + [("person", k) for k in who.people]
    for start_at in range(0, len(pending), CHUNK):
        chunk = pending[start_at:start_at + CHUNK]
        async with services.uow() as uow:
            current = await uow.bulletins.get(bulletin_id, for_update=True)
            if current is None or current.status is not Status.SENDING:
                return
            await _queue(services, uow, current, [k for kind, k in chunk if kind == "person"],
                         [k for kind, k in chunk if kind == "channel"])
        services.on_queued()


async def run_resume(services: Services, run: JobRun) -> None:
    """Finish queueing any bulletin whose queueing was cut off (the process stopped)."""
    async with services.uow(read_only=True) as uow:
        sending = await uow.bulletins.with_status(Status.SENDING)
        unfinished = []
        for bulletin in sending:
            counts = await uow.outbox.tag_counts(bulletin.tag)
            rows = sum(counts.get(k, 0) for k in ROW_STATES)
            if rows < bulletin.recipients:
                unfinished.append(bulletin.id)
    for bulletin_id in unfinished:
        await queue_rest(services, bulletin_id)


async def schedule(services: Services, uow: UnitOfWork, bulletin: Bulletin) -> None:
    await uow.jobs.schedule(SEND_JOB, str(bulletin.id), bulletin.draft.send_at, services.now())
    await uow.bulletins.set_status(bulletin.id, Status.SCHEDULED, services.now())


async def run_send(services: Services, run: JobRun) -> None:
    """At a scheduled bulletin's time; safe to run again (a bulletin sending, cancelled or
    rescheduled later is left alone)."""
    async with services.uow(read_only=True) as uow:
        first = await uow.bulletins.get(int(run.key))
        who = await audience(uow, first) if first is not None else None
    async with services.uow() as uow:
        bulletin = await uow.bulletins.get(int(run.key), for_update=True)
        if bulletin is None or bulletin.status is not Status.SCHEDULED:
            return
        due = bulletin.draft.send_at
        if due is not None and due > services.now() + timedelta(seconds=1):
            return                                  # moved later: its own run will come
        who = await start(services, uow, bulletin, who if bulletin == first else None)
    services.on_queued()
    await queue_rest(services, bulletin.id, who)


async def no_next(uow: UnitOfWork, key: str, after: datetime) -> datetime | None:
    return None            # a bulletin is sent once


SEND = JobKind(SEND_JOB, run_send, grace=timedelta(days=2), next_due=no_next)
RESUME = JobKind("bulletins.resume", run_resume, grace=timedelta(minutes=5),
                 standing=Every(60))
JOBS = (SEND, RESUME)
