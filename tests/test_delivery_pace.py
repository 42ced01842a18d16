"""The running delivery worker: a slow conversation holds nothing else up, edits go ahead of
new posts (only the latest content of a message is sent), and posts keep their order."""
from __future__ import annotations

import asyncio

from core.cards import Message
from core.vocabulary import Destination
from tests.fakechat import PLATFORM, FakeChannel

WARD = Destination.channel(PLATFORM, "T1", "C-WARD")
SLOW = Destination.channel(PLATFORM, "T1", "C-SLOW")
TO_BOB = Destination(PLATFORM, "T1", "user", ("bob",))


class SlowChannel(FakeChannel):
    """Posts to C-SLOW wait until ``release`` is set (a channel at its platform's pace)."""

    def __init__(self) -> None:
        super().__init__()
        self.release = asyncio.Event()
        self.progress = asyncio.Event()

    async def send(self, destination, message):
        if destination.ids == ("C-SLOW",):
            await self.release.wait()
        ref = await super().send(destination, message)
        self.progress.set()
        return ref

    async def edit(self, ref, message, *, latest=None):
        await super().edit(ref, message, latest=latest)
        self.progress.set()


async def until(channel: SlowChannel, done) -> None:
    """Wait (bounded) until ``done()`` holds, checking after each thing the channel does."""
    async def watch():
        while not done():
            channel.progress.clear()
            await channel.progress.wait()
    await asyncio.wait_for(watch(), 30)


async def all_recorded(runtime) -> None:
    """Until every row is recorded as sent (the worker records each after sending it)."""
    while True:
        async with runtime.services.uow() as uow:
            if {i.status.value for i in await uow.outbox.items()} == {"sent"}:
                return
        await asyncio.sleep(0.01)


async def post(runtime, destination, text, **kw) -> int:
    async with runtime.services.uow() as uow:
        [row] = await runtime.services.post(uow, destination, Message(text), **kw)
        return row


async def edit(runtime, row, text) -> None:
    async with runtime.services.uow() as uow:
        await runtime.services.queue_edit(uow, row, Message(text))


def texts(channel, conversation):
    return [s.message.text for s in channel.sent if s.destination.ids == (conversation,)]


async def test_a_slow_channel_holds_up_neither_other_people_nor_a_cards_edits(runtime):
    channel = SlowChannel()
    runtime.channels.register(channel)
    card = await post(runtime, WARD, "Wall: 0 votes")
    await runtime.delivery.drain()
    for n in range(1, 4):                            # three posts stuck at the slow channel
        await post(runtime, SLOW, f"slow {n}")
    worker = asyncio.create_task(runtime.delivery.run_forever())
    try:
        await post(runtime, TO_BOB, "Your coffee match")
        runtime.delivery.wake()
        await until(channel, lambda: any(s.message.text == "Your coffee match"
                                         for s in channel.sent))
        for votes in (1, 2, 3):
            await edit(runtime, card, f"Wall: {votes} votes")
        runtime.delivery.wake()
        await until(channel, lambda: texts(channel, "C-WARD") == ["Wall: 3 votes"])
        assert texts(channel, "C-SLOW") == []        # still waiting, and nothing else did
        channel.release.set()
        await until(channel, lambda: len(texts(channel, "C-SLOW")) == 3)
        await asyncio.wait_for(all_recorded(runtime), 30)
    finally:
        runtime.delivery.stop()
        await worker
    assert texts(channel, "C-SLOW") == ["slow 1", "slow 2", "slow 3"]   # in order, once each
    [wall] = [s for s in channel.sent if s.destination.ids == ("C-WARD",)]
    assert len(wall.edits) <= 3                      # pending edits coalesce into the last


async def test_edits_are_claimed_apart_from_posts_the_channels_card_first(runtime):
    channel = FakeChannel()
    runtime.channels.register(channel)
    card = await post(runtime, WARD, "Wall: 0 votes", tag="wall:1")
    async with runtime.services.uow() as uow:
        idea = await runtime.services.queue_in_thread(uow, card, Message("Idea: 0 votes"))
    await runtime.delivery.drain()
    await post(runtime, WARD, "A new wall")
    await edit(runtime, idea, "Idea: 1 vote")            # the reply's edit is older ...
    await edit(runtime, card, "Wall: 1 vote")            # ... the channel's card goes first
    now, platforms = runtime.services.now(), [PLATFORM]
    async with runtime.services.uow() as uow:
        edits = await uow.outbox.claim_due(now, 10, 120, platforms, edits=True)
        posts = await uow.outbox.claim_due(now, 10, 120, platforms, edits=False)
        again = await uow.outbox.claim_due(now, 10, 120, platforms)
    assert [i.message.text for i in edits] == ["Wall: 1 vote", "Idea: 1 vote"]
    assert [i.message.text for i in posts] == ["A new wall"]
    assert again == []                                   # leased: never sent twice


class PacedChannel(FakeChannel):
    """Edits wait for their turn at the platform's pace until ``turn`` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.turn = asyncio.Event()
        self.waiting = asyncio.Event()

    async def edit(self, ref, message, *, latest=None):
        self.waiting.set()
        await self.turn.wait()
        await super().edit(ref, message, latest=latest)


async def test_an_edit_sends_the_newest_content_once_its_turn_comes(runtime):
    channel = PacedChannel()
    runtime.channels.register(channel)
    card = await post(runtime, WARD, "Wall: 0 votes", tag="wall:1")
    await runtime.delivery.drain()
    await edit(runtime, card, "Wall: 1 vote")
    sending = asyncio.create_task(runtime.delivery.run_once())   # claimed with "1 vote"
    await asyncio.wait_for(channel.waiting.wait(), 10)
    await edit(runtime, card, "Wall: 7 votes")         # more votes while it waits its turn
    channel.turn.set()
    await asyncio.wait_for(sending, 10)
    assert texts(channel, "C-WARD") == ["Wall: 7 votes"]     # not the stale "1 vote"
    async with runtime.services.uow() as uow:
        row = await uow.outbox.get(card)
    assert row.status.value == "sent"                  # sent what is stored: nothing to resend
    assert await runtime.delivery.drain() == 0


async def test_a_cards_edit_is_claimed_while_edits_in_its_thread_fill_their_slots(runtime):
    channel = FakeChannel()
    runtime.channels.register(channel)
    card = await post(runtime, WARD, "Wall: 0 votes", tag="wall:1")
    async with runtime.services.uow() as uow:
        ideas = [await runtime.services.queue_in_thread(uow, card, Message(f"Idea {n}: 0"))
                 for n in range(4)]
    await runtime.delivery.drain()
    for n, idea in enumerate(ideas):
        await edit(runtime, idea, f"Idea {n}: 1 vote")
    await edit(runtime, card, "Wall: 4 votes")
    now, platforms = runtime.services.now(), [PLATFORM]
    async with runtime.services.uow() as uow:          # the thread's edits take their slots
        in_thread = await uow.outbox.claim_due(now, 2, 120, platforms, edits=True,
                                               in_thread=True)
        in_channel = await uow.outbox.claim_due(now, 2, 120, platforms, edits=True,
                                                in_thread=False)
    assert [i.message.text for i in in_thread] == ["Idea 0: 1 vote", "Idea 1: 1 vote"]
    assert [i.message.text for i in in_channel] == ["Wall: 4 votes"]
