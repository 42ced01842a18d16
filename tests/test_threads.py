"""Channels that thread and edit: a card posted to a channel, edited in place when people
answer in its thread, and answered in that thread; chatter elsewhere is ignored, unstored.

The feature here is a tiny test-only board (``/board new``): each reply in the board card's
thread is an idea; the card counts them and the bot thanks the author in the thread.
"""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.cards import Button, Card, Message, Reply, Section
from core.channels import DeliveryError, MessageRef
from core.router import Context, Router
from core.mentions import channel as channel_link
from core.vocabulary import Destination, Place, PlaceKind
from storage.models import InboxRow, OutboxRow, PersonRow

from .fakechat import PLATFORM, WORKSPACE, Sent

board = Router()
board.group("board", "a test board")


def card(question: str, ideas: int) -> Message:
    counted = f"{ideas} idea" + ("" if ideas == 1 else "s")
    return Message(f"{question} ({counted})", Card(
        title=question, sections=(Section(counted),),
        buttons=(Button("How do I add one?", "board.how", question),)))


@board.action("board.how")
async def how(ctx: Context) -> Reply:
    return Reply.say(f"Reply in the thread of “{ctx.value}” in {channel_link(ctx.place.id)}.")


@board.command("board", "new", usage="/board new <question>", summary="start a board")
async def new_board(ctx: Context) -> Reply:
    channel = Destination.channel(ctx.actor.platform, ctx.actor.workspace, ctx.place.id)
    async with ctx.services.uow() as uow:
        await ctx.services.post(uow, channel, card(ctx.text, 0), tag=f"board:{ctx.text}",
                                dedup_key=f"board:{ctx.place.id}:{ctx.text}")
    return Reply.say("Your board is up.")


@board.thread("board")
async def idea(ctx: Context) -> Reply:
    question, root = ctx.value, ctx.thread.root_id
    async with ctx.services.uow() as uow:
        ideas = len([i for i in await uow.outbox.items() if i.root_id == root]) + 1
        await ctx.services.queue_edit(uow, root, card(question, ideas))
        await ctx.services.queue_in_thread(uow, root, Message(f"Thanks {ctx.actor.name}: "
                                                              f"idea {ideas} is “{ctx.text}”."),
                                           dedup_key=f"board:idea:{ctx.thread.message_id}")
    return Reply.say("Your idea is on the board.")        # only its author sees this


IN_WARD = Place(PlaceKind.CHANNEL, "C1", name="ward-7")


@pytest.fixture
def chat(chat):
    chat.runtime.kernel.router.include(board)
    return chat


async def _count(runtime, table) -> int:
    async with runtime.db.sessions() as session:
        return await session.scalar(select(func.count()).select_from(table))


async def test_a_reply_in_the_cards_thread_edits_the_card_and_is_answered_in_the_thread(chat):
    assert "board is up" in await chat.say("lib", "board new Discharge?", IN_WARD)
    await chat.deliver()
    [posted] = chat.posts("C1")
    assert posted.text == "Discharge? (0 ideas)"
    assert await chat.reply_in_thread("ann", posted, "Fewer handovers") == (
        "Your idea is on the board.")
    await chat.reply_in_thread("bob", posted, "Earlier pharmacy")
    await chat.deliver()
    assert posted.text == "Discharge? (2 ideas)" and posted.edits
    assert [s.text for s in chat.thread(posted)] == [
        "Thanks Ann: idea 1 is “Fewer handovers”.", "Thanks Bob: idea 2 is “Earlier pharmacy”."]
    assert chat.posts("C1") == [posted]       # thread answers are not new channel posts
    assert await chat.press("cat", "How do I add one?", posted) == (
        "Reply in the thread of “Discharge?” in #C1.")


async def test_the_outbox_keeps_what_each_send_posted(chat, runtime):
    await chat.say("lib", "board new Discharge?", IN_WARD)
    await chat.deliver()
    async with runtime.db.sessions() as session:
        row = (await session.scalars(select(OutboxRow))).one()
    assert (row.ref_conversation, row.ref_id, row.tag) == ("C1", chat.posts("C1")[0].ref.id,
                                                           "board:Discharge?")


async def test_replies_outside_the_bots_threads_are_ignored_and_not_stored(chat, runtime):
    await chat.say("lib", "kmbot help")                 # lib is known; ann is not
    people, inbox = await _count(runtime, PersonRow), await _count(runtime, InboxRow)
    not_ours = Sent(Destination.channel(PLATFORM, WORKSPACE, "C1"), Message("hi"),
                    MessageRef(PLATFORM, WORKSPACE, "C1", "someone-elses-message"))
    assert await chat.reply_in_thread("ann", not_ours, "chatter", event_id="Ev1") == ""
    assert (await _count(runtime, PersonRow), await _count(runtime, InboxRow)) == (
        people, inbox)
    assert await _count(runtime, OutboxRow) == 0


async def test_a_thread_under_a_message_no_feature_owns_is_ignored(chat, runtime):
    async with runtime.services.uow() as uow:
        await runtime.services.queue(uow, Destination.channel(PLATFORM, WORKSPACE, "C1"),
                                     Message("Round started"))
    await chat.deliver()
    [announcement] = chat.posts("C1")
    assert await chat.reply_in_thread("ann", announcement, "great", event_id="Ev2") == ""
    assert await _count(runtime, InboxRow) == 0 and await _count(runtime, OutboxRow) == 1


async def test_a_redelivered_thread_reply_counts_once(chat):
    await chat.say("lib", "board new Discharge?", IN_WARD)
    await chat.deliver()
    [posted] = chat.posts("C1")
    for _ in range(2):
        await chat.reply_in_thread("ann", posted, "Fewer handovers", event_id="Ev9")
    await chat.deliver()
    assert posted.text == "Discharge? (1 idea)" and len(chat.thread(posted)) == 1


async def test_edits_before_delivery_coalesce_into_the_last(chat, runtime):
    await chat.say("lib", "board new Discharge?", IN_WARD)
    await chat.deliver()
    [posted] = chat.posts("C1")
    root = posted.ref
    async with runtime.services.uow() as uow:
        [item] = await uow.outbox.items()
        for n in (1, 2, 3):
            assert await runtime.services.queue_edit(uow, item.id, card("Discharge?", n))
    assert await chat.deliver() == 1
    assert posted.text == "Discharge? (3 ideas)" and len(posted.edits) == 1
    assert posted.ref == root


async def test_an_edit_before_the_first_send_just_changes_what_is_sent(chat, runtime):
    async with runtime.services.uow() as uow:
        [item_id] = await runtime.services.post(
            uow, Destination.channel(PLATFORM, WORKSPACE, "C1"), card("Q", 0))
        await runtime.services.queue_edit(uow, item_id, card("Q", 5))
    await chat.deliver()
    [posted] = chat.posts("C1")
    assert posted.text == "Q (5 ideas)" and posted.edits == []


async def test_an_edit_made_while_the_message_is_being_sent_is_not_lost(chat, runtime, clock):
    async with runtime.services.uow() as uow:
        [item_id] = await runtime.services.post(
            uow, Destination.channel(PLATFORM, WORKSPACE, "C1"), card("Q", 0))
    async with runtime.services.uow() as uow:            # a worker takes it and sends it...
        [claimed] = await uow.outbox.claim_due(clock.now(), 10, 120, [PLATFORM])
    ref = await chat.channel.send(claimed.destination, claimed.message)
    async with runtime.services.uow() as uow:            # ...while the count changes
        await runtime.services.queue_edit(uow, item_id, card("Q", 1))
    async with runtime.services.uow() as uow:
        await uow.outbox.mark_sent(item_id, clock.now(), ref=ref, version=claimed.version)
    assert await chat.deliver() == 1
    [posted] = chat.posts("C1")
    assert posted.text == "Q (1 idea)" and [m.text for m in posted.edits] == ["Q (0 ideas)"]


async def test_a_thread_post_waits_for_its_root_and_fails_with_it(chat, runtime, fake_channel):
    fake_channel.failures.append(DeliveryError("channel_not_found", permanent=True))
    async with runtime.services.uow() as uow:
        [root] = await runtime.services.post(
            uow, Destination.channel(PLATFORM, WORKSPACE, "C0GONE"), card("Q", 0))
        await runtime.services.queue_in_thread(uow, root, Message("first idea"))
    await chat.deliver()
    async with runtime.services.uow() as uow:
        statuses = [(i.status.value, i.last_error) for i in await uow.outbox.items()]
    assert statuses == [("failed", "channel_not_found"),
                        ("failed", "the message whose thread this was for could not be posted")]
    assert fake_channel.sent == []


async def test_posting_the_same_key_twice_gives_the_same_row(runtime, chat):
    to = Destination.channel(PLATFORM, WORKSPACE, "C1")
    async with runtime.services.uow() as uow:
        first = await runtime.services.post(uow, to, Message("a"), dedup_key="k")
        again = await runtime.services.post(uow, to, Message("a"), dedup_key="k")
    assert first == again and len(first) == 1


async def test_a_feature_can_ask_who_is_in_a_channel(runtime, fake_channel):
    fake_channel.members_of["C1"] = ["ann", "bob"]
    members = await runtime.services.channels.members(
        Destination.channel(PLATFORM, WORKSPACE, "C1"))
    assert members == ["fake:T1:ann", "fake:T1:bob"]
    assert await runtime.services.channels.members(
        Destination.channel("nowhere", "T1", "C1")) == []


async def test_a_thread_post_waits_while_its_root_is_held_back(chat, runtime, fake_channel,
                                                               clock):
    fake_channel.failures.append(DeliveryError("rate limited", retry_after=30))
    async with runtime.services.uow() as uow:
        [root] = await runtime.services.post(
            uow, Destination.channel(PLATFORM, WORKSPACE, "C1"), card("Q", 0))
        await runtime.services.queue_in_thread(uow, root, Message("first idea"))
    await chat.deliver()
    assert fake_channel.sent == []
    clock.advance(seconds=31)
    await chat.deliver()
    [posted] = chat.posts("C1")
    assert [s.text for s in chat.thread(posted)] == ["first idea"]


def test_two_features_listening_to_the_same_threads_fail_at_start():
    from core.router import DuplicateRegistration
    walls, polls = Router("walls"), Router("polls")
    for router in (walls, polls):
        router.thread("wall")(idea)
    everything = Router()
    everything.include(walls)
    with pytest.raises(DuplicateRegistration, match="by walls and by polls"):
        everything.include(polls)
