"""What handlers and jobs share: storage, the clock, settings, channels and the scheduler."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Callable, Sequence
from zoneinfo import ZoneInfo

from . import messaging
from .cards import Message
from .channels import Channels
from .ports import SchedulerPort, UnitOfWork, UnitOfWorkFactory
from .vocabulary import Actor, Destination

if TYPE_CHECKING:
    from .feature import Feature
    from .feeds.ports import FeedFetcher

log = logging.getLogger(__name__)

LIBRARIAN = "librarian"


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)

    def today(self, tz: str):
        return self.now().astimezone(ZoneInfo(tz)).date()


@dataclass(frozen=True)
class CoreConfig:
    librarians: frozenset[str] = frozenset()   # platform:user_id, or full person keys
    default_timezone: str = "Europe/London"
    bank_holidays: str = "england"             # core.workdays.NATIONS: working days
    catch_up_grace: timedelta = timedelta(hours=6)
    anonymity_key: str = field(default="", repr=False)   # see bot.settings.anonymity_key
    outbox_keep: timedelta = timedelta(days=90)   # finished broadcast rows, for reports


@dataclass
class Services:
    uow: UnitOfWorkFactory
    channels: Channels
    config: CoreConfig = field(default_factory=CoreConfig)
    clock: SystemClock = field(default_factory=SystemClock)
    scheduler: SchedulerPort | None = None
    on_queued: Callable[[], None] = lambda: None   # wakes the delivery worker
    features: tuple["Feature", ...] = ()          # set by the kernel (a person's data)
    feed_fetcher: "FeedFetcher | None" = None    # fetches RSS/Atom feeds (adapters/feeds)

    def now(self) -> datetime:
        return self.clock.now()

    def librarian_by_settings(self, actor_key: str) -> bool:
        """Named in KMBOT_LIBRARIANS: ids there always name their platform (bot.settings binds
        bare ones to the one platform configured), so an id never matches on another one."""
        platform, _, user_id = actor_key.split(":", 2)
        names = self.config.librarians
        return f"{platform}:{user_id}" in names or actor_key in names

    async def is_librarian(self, uow: UnitOfWork, actor: Actor) -> bool:
        return (self.librarian_by_settings(actor.key)
                or await uow.roles.has_role(actor.key, LIBRARIAN))

    async def queue(self, uow: UnitOfWork, destination: Destination, message: Message,
                    dedup_key: str | None = None, *, tag: str | None = None) -> int:
        """Store a message in the outbox (inside ``uow``), one row per recipient; returns how
        many rows were newly stored (a known ``dedup_key`` stores nothing)."""
        items = messaging.new_items(self, destination, message, dedup_key, tag)
        return await uow.outbox.add(items, self.now())

    async def queue_many(self, uow: UnitOfWork,
                         messages: Sequence[tuple[Destination, Message, str | None]]) -> int:
        """``queue`` for many messages in one bulk insert (a round's introductions)."""
        items = [item for destination, message, dedup_key in messages
                 for item in messaging.new_items(self, destination, message, dedup_key, None)]
        return await uow.outbox.add(items, self.now())

    async def post(self, uow: UnitOfWork, destination: Destination, message: Message, *,
                   dedup_key: str | None = None, tag: str | None = None) -> list[int]:
        """Like :meth:`queue`, but returns the outbox id of each row, to edit the message or
        post in its thread later (see :mod:`core.messaging`)."""
        return await messaging.post(self, uow, destination, message, dedup_key=dedup_key,
                                    tag=tag)

    async def post_many(self, uow: UnitOfWork,
                        posts: list[tuple[Destination, Message, str, str | None]]
                        ) -> list[list[int]]:
        """:meth:`post` for many ``(destination, message, dedup_key, tag)`` in bulk."""
        return await messaging.post_many(self, uow, posts)

    async def broadcast(self, uow: UnitOfWork, message: Message,
                        destinations: Sequence[Destination], *, key: str, tag: str) -> int:
        """Queue one message to many destinations (the text stored once, the rows in bulk);
        returns how many were newly queued. Safe to call again with the same ``key``."""
        return await messaging.broadcast(self, uow, message, destinations, key=key, tag=tag)

    async def broadcast_in_chunks(self, message: Message, destinations: Sequence[Destination],
                                  *, key: str, tag: str, chunk: int = 1000) -> int:
        """``broadcast`` in its own short transactions of ``chunk`` recipients each (so a
        big audience never holds SQLite's write lock for long); call it outside a unit of
        work. Returns how many were newly queued."""
        return await messaging.broadcast_in_chunks(self, message, destinations, key=key,
                                                   tag=tag, chunk=chunk)

    async def queue_edit(self, uow: UnitOfWork, outbox_id: int, message: Message) -> bool:
        """Replace what a message this bot queued or posted says."""
        return await messaging.queue_edit(self, uow, outbox_id, message)

    async def queue_edits(self, uow: UnitOfWork, edits: Sequence[tuple[int, Message]]) -> None:
        """``queue_edit`` for several messages, ``(outbox id, message)`` each, at once."""
        await messaging.queue_edits(self, uow, edits)

    async def queue_in_thread(self, uow: UnitOfWork, outbox_id: int, message: Message, *,
                              dedup_key: str | None = None,
                              tag: str | None = None) -> int | None:
        """Post in the thread of a message this bot posted; returns the new row's id."""
        return await messaging.queue_in_thread(self, uow, outbox_id, message,
                                               dedup_key=dedup_key, tag=tag)
