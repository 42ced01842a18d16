"""Posting, editing and threads: what a feature can do with the messages it sends.

Everything goes through the persistent outbox inside the handler's or job's unit of work, so
a message is stored with the change that caused it and sent (at least once) by the delivery
worker; a ``dedup_key`` makes queueing idempotent::

    # post a card to a channel, owned by this feature's item (the tag "wall:17")
    [card_id] = await services.post(uow, Destination.channel("slack", "T1", "C0WARD"),
                                     card_message, dedup_key="wall:17:card", tag="wall:17")
    # later: new counts on the card (pending edits of one message coalesce into the last)
    await services.queue_edit(uow, card_id, card_with_new_counts)
    # answer in the card's thread (waits until the card itself is posted)
    await services.queue_in_thread(uow, card_id, Message("Thanks, Ann's idea is in."),
                                   dedup_key="wall:17:idea:5")
    # who is in the channel (the console: whoever has opened it)
    keys = await services.channels.members(destination)

``post`` returns the outbox id of each row (one per recipient after fan-out; the row already
queued under ``dedup_key`` when the key is known); keep it with the feature's item to edit the
message or post in its thread later. ``queue`` is the older form, returning how many rows
were newly stored. An edit of a message not sent yet simply replaces what will be sent.

Replies people post in the thread of a message the bot posted reach the feature whose tag
the root carries (``"wall:17"`` -> the handler registered with ``router.thread("wall")``)::

    @router.thread("wall")
    async def idea_in_thread(ctx: Context) -> Reply:
        wall_id = int(ctx.value)              # the tag's key: "17"
        text = ctx.text                       # what they wrote
        root = ctx.thread.root_id             # the outbox id of the wall's card
        ...

One message to many (a bulletin to 50,000 people) is a broadcast: the text is stored once and
one row per recipient is queued in set-based inserts; the same ``key`` again queues only who
is missing (so a half-queued broadcast resumes); the ``tag`` names it for its counts, its
report and stopping it::

    queued = await services.broadcast(uow, message, [Destination.user(k) for k in keys],
                                      key="bulletin:12", tag="bulletin:12")
    counts = await uow.outbox.tag_counts("bulletin:12")   # queued, sent, retrying, failed...
    async for row in uow.outbox.tag_report("bulletin:12"): ...   # one per recipient
    stopped = await uow.outbox.stop_tag("bulletin:12")    # the rest is never sent

On SQLite a writing unit of work holds the database's write lock until it ends, so queueing
tens of thousands in the caller's unit of work makes other people's commands wait for it
(about 2-3 s per 50,000 rows). ``services.broadcast_in_chunks`` queues in its own short
transactions instead (``chunk`` recipients each, others' commands slip in between), and being
idempotent by ``key`` it can simply be called again after a crash.

Replies in threads the bot did not start, or under a message without a tag, are ignored
and not stored; a redelivered reply (same event id) is handled once.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from .cards import Message
from .outbox import NewOutboxItem
from .vocabulary import Destination

if TYPE_CHECKING:
    from .ports import UnitOfWork
    from .services import Services


def split_tag(tag: str | None) -> tuple[str, str]:
    """``"wall:17"`` -> ``("wall", "17")``; ``None`` -> ``("", "")``."""
    owner, _, key = (tag or "").partition(":")
    return owner, key


def new_items(services: "Services", destination: Destination, message: Message,
              dedup_key: str | None, tag: str | None) -> list[NewOutboxItem]:
    """One row per recipient the platform needs (a Teams group is one 1:1 each)."""
    targets = services.channels.fan_out(destination)
    return [NewOutboxItem(d, message,
                          f"{dedup_key}:{','.join(d.ids)}" if dedup_key and len(targets) > 1
                          else dedup_key, tag)
            for d in targets]


async def post(services: "Services", uow: "UnitOfWork", destination: Destination,
               message: Message, *, dedup_key: str | None = None,
               tag: str | None = None) -> list[int]:
    items = new_items(services, destination, message, dedup_key, tag)
    return await uow.outbox.put(items, services.now())


async def post_many(services: "Services", uow: "UnitOfWork",
                    posts: list[tuple[Destination, Message, str, str | None]]) -> list[list[int]]:
    """``post`` for many messages ``(destination, message, dedup_key, tag)`` at once: one
    bulk insert, then one look-up of the rows' ids (each needs its ``dedup_key``)."""
    per_post = [new_items(services, d, m, key, tag) for d, m, key, tag in posts]
    items = [item for items in per_post for item in items]
    await uow.outbox.add(items, services.now())
    ids = await uow.outbox.ids_for([item.dedup_key for item in items])
    return [[ids[item.dedup_key] for item in items] for items in per_post]


async def queue_edit(services: "Services", uow: "UnitOfWork", outbox_id: int,
                     message: Message) -> bool:
    return await uow.outbox.edit(outbox_id, message, services.now())


async def queue_edits(services: "Services", uow: "UnitOfWork",
                      edits: Sequence[tuple[int, Message]]) -> None:
    """``queue_edit`` for several messages at once (one statement)."""
    await uow.outbox.edit_many(edits, services.now())


async def queue_in_thread(services: "Services", uow: "UnitOfWork", outbox_id: int,
                          message: Message, *, dedup_key: str | None = None,
                          tag: str | None = None) -> int | None:
    root = await uow.outbox.get(outbox_id)
    if root is None:
        return None
    if root.root_id is not None:        # a post in a thread: answer in the same thread
        root = await uow.outbox.get(root.root_id) or root
    [item_id] = await uow.outbox.put(
        [NewOutboxItem(root.destination, message, dedup_key, tag, root.id)], services.now())
    return item_id


def broadcast_targets(services: "Services",
                      destinations: Sequence[Destination]) -> list[Destination]:
    """The destinations a platform sends to (a Teams group becomes one 1:1 per member)."""
    return [d for destination in destinations for d in services.channels.fan_out(destination)]


async def broadcast(services: "Services", uow: "UnitOfWork", message: Message,
                    destinations: Sequence[Destination], *, key: str, tag: str) -> int:
    return await uow.outbox.broadcast(message, broadcast_targets(services, destinations),
                                      key=key, tag=tag, now=services.now())


async def broadcast_in_chunks(services: "Services", message: Message,
                              destinations: Sequence[Destination], *, key: str, tag: str,
                              chunk: int = 1000) -> int:
    targets = broadcast_targets(services, destinations)
    queued = 0
    for start in range(0, len(targets), chunk):
        async with services.uow() as uow:
            queued += await uow.outbox.broadcast(message, targets[start:start + chunk],
                                                 key=key, tag=tag, now=services.now())
        services.on_queued()
    return queued
