"""Channel features on Teams: what was posted is named (a MessageRef), posts are edited in
place, replies go into a channel thread, and replies in the bot's threads reach the core as
thread replies, while other channel chatter is ignored and not stored."""
from __future__ import annotations

import pytest

from core.cards import Card, Message, Reply, Section
from core.channels import MessageRef
from core.vocabulary import Destination, PlaceKind, ThreadReply

from .conftest import ANN, ANN_CHAT, BOB, GENERAL, TENANT

CHANNEL = Destination("teams", TENANT, "channel", (GENERAL,))


@pytest.fixture
def heard(teams, monkeypatch) -> list:
    """What the kernel was handed (a recording double of ``kernel.handle``)."""
    events: list = []
    real = teams.runtime.kernel.handle

    async def handle(event):
        events.append(event)
        if isinstance(event, ThreadReply):
            return Reply.say(f"Noted, {event.actor.name}.")
        return await real(event)
    monkeypatch.setattr(teams.runtime.kernel, "handle", handle)
    return events


async def test_a_channel_post_returns_its_activity_id(teams):
    await teams.send("install_team.json")
    ref = await teams.channel.send(CHANNEL, Message("Coffee round 3 has started"))
    [post] = [r for r in teams.replies(GENERAL) if r.text == "Coffee round 3 has started"]
    assert ref == MessageRef("teams", TENANT, GENERAL, post.activity_id, None)
    assert post.conversation_id == GENERAL            # a new post, not a reply


async def test_a_direct_message_returns_its_chat_and_activity_id(teams):
    await teams.say("help")
    ref = await teams.channel.send(Destination("teams", TENANT, "user", (ANN,)), Message("Hi"))
    assert ref.conversation == ANN_CHAT and ref.id == teams.replies(ANN_CHAT)[-1].activity_id


async def test_a_post_is_edited_in_place(teams):
    await teams.send("install_team.json")
    card = Card("Lessons learned", (Section("3 lessons so far"),))
    ref = await teams.channel.send(CHANNEL, Message("Lessons learned: 3", card))
    await teams.channel.edit(ref, Message("Lessons learned: 4",
                                          Card("Lessons learned", (Section("4 lessons so far"),))))
    [update] = [r for r in teams.connector.sent if r.method == "PUT"]
    assert update.activity_id == ref.id and update.conversation_id == GENERAL
    assert "4 lessons so far" in update.card_text()
    assert update.activity["summary"] == "Lessons learned: 4"


async def test_replies_go_into_the_thread_of_a_post(teams):
    await teams.send("install_team.json")
    root = await teams.channel.send(CHANNEL, Message("What did you learn this week?"))
    in_thread = Destination("teams", TENANT, "channel", (GENERAL,), thread_id=root.id)
    ref = await teams.channel.send(in_thread, Message("Two replies so far"))
    reply = teams.replies(GENERAL)[-1]
    assert reply.conversation_id == f"{GENERAL};messageid={root.id}"
    assert ref.thread == root.id and ref.id == reply.activity_id


async def test_a_reply_in_the_bots_thread_reaches_the_core_as_a_thread_reply(teams, heard):
    await teams.send("install_team.json")
    root = await teams.channel.send(CHANNEL, Message("What did you learn this week?"))
    answered = await teams.in_thread(root.id, "Always check the <b>index</b> first")
    [event] = [e for e in heard if isinstance(e, ThreadReply)]
    assert event.text == "Always check the index first"
    assert event.place.kind is PlaceKind.CHANNEL and event.place.id == GENERAL
    assert event.place.thread_id == root.id
    assert event.actor.user_id == BOB and event.message_id and event.event_id
    [said] = answered                  # a private answer: in Bob's 1:1 chat, not the channel
    assert said.text == "Noted, Bob Baker." and said.conversation_id == f"a:1on1-{BOB}"


async def test_chatter_outside_the_bots_threads_is_ignored_and_not_stored(teams, heard):
    await teams.send("install_team.json")
    stored = await teams.store.conversations()
    assert await teams.in_thread("1795400000999", "lunch anyone?", as_user="29:1dan") == []
    chatter = teams.activity("channel_message.json", text="just chatting", entities=[],
                             **{"from": {"id": "29:1dan", "name": "Dan"}})
    assert await teams.post(chatter) == 200
    assert heard == []
    assert await teams.store.conversations() == stored
    assert await teams.store.user(TENANT, "29:1dan") is None


async def test_a_mention_in_someone_elses_thread_is_still_a_command(teams, heard):
    [reply] = await teams.in_thread("1795400000999", "coffee join", mention=True)
    assert "You're in **Coffee Connect**" in reply.text
    assert reply.conversation_id == f"{GENERAL};messageid=1795400000999"
    assert not any(isinstance(e, ThreadReply) for e in heard)


async def test_a_board_in_a_channel_counts_ideas_from_its_thread(teams, runtime):
    """Through the real kernel: the board feature of tests/test_threads.py, in Teams."""
    from ..test_threads import board
    runtime.kernel.router.include(board)
    await teams.send("install_team.json")
    [ack] = await teams.in_channel("board new What did you learn?")
    assert ack.text == "Your board is up."
    await runtime.delivery.drain()
    [post] = [r for r in teams.replies(GENERAL) if r.card and r.conversation_id == GENERAL]
    assert "0 ideas" in post.card_text()

    [said] = await teams.in_thread(post.activity_id, "Check the index first", as_user=ANN,
                                   name="Ann Archer")
    assert said.text == "Your idea is on the board."
    assert said.conversation_id == f"a:1on1-{ANN}"         # private: in Ann's 1:1 chat
    await runtime.delivery.drain()
    [edit] = [r for r in teams.connector.sent if r.method == "PUT"]
    assert edit.activity_id == post.activity_id and "1 idea" in edit.card_text()
    thanks = [r for r in teams.replies(GENERAL) if r.method == "POST"][-1]
    assert thanks.conversation_id == f"{GENERAL};messageid={post.activity_id}"
    assert "idea 1 is “Check the index first”" in thanks.text
