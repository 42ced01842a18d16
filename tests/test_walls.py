"""Graffiti walls, as colleagues use them in a channel: put one up, add ideas (the form, or a
plain reply in the thread), +1 and comment, watch the card count, close it and read the
summary."""
from __future__ import annotations

import pytest

from bot.settings import Settings
from core.vocabulary import Place, PlaceKind

WARD = Place(PlaceKind.CHANNEL, "C1", name="ward-7")
SECRET = "test-anonymity-secret"


@pytest.fixture
def settings(database_url) -> Settings:
    return Settings(_env_file=None, kmbot_database_url=database_url,
                    kmbot_librarians="fake:lib", kmbot_anonymity_key=SECRET)


async def put_up(chat, text='wall "What slows down discharge on your ward?"', who="cat"):
    reply = await chat.say(who, text, WARD)
    assert "Your wall is up" in reply, reply
    await chat.deliver()
    return chat.posts("C1")[-1]


async def add_idea(chat, user, card, idea, anonymously=False):
    await chat.press(user, "Add an idea", card)
    form = chat.last.open_form
    assert form is not None and form.form_id == "walls.idea"
    values = {"idea": idea}
    if anonymously:
        values["anonymous"] = "yes"
    reply = await chat.submit(user, "walls.idea", values, form.context)
    await chat.deliver()
    return reply.text


def idea_post(chat, card, text):
    return next(p for p in chat.thread(card) if text in p.text)


async def test_a_wall_goes_up_with_a_card_and_takes_ideas_from_the_form_and_the_thread(chat):
    card = await put_up(chat)
    assert card.text.startswith("What slows down discharge on your ward?\n0 ideas")
    assert [b.label for b in card.message.card.buttons] == ["Add an idea", "Close"]

    assert await add_idea(chat, "ann", card, "Waiting for TTOs from pharmacy") == (
        "Thanks, your idea is on the wall.")
    assert await chat.reply_in_thread("bob", card, "Transport booked too late") == (
        "Thanks, your idea is on the wall.")
    await chat.deliver()
    assert "2 ideas · 0 votes · 2 people" in card.text and card.edits
    ann = idea_post(chat, card, "Waiting for TTOs")
    assert ann.text.startswith("💡 Ann: Waiting for TTOs from pharmacy (+0)")
    bob = idea_post(chat, card, "Transport")
    assert bob.text.startswith("💡 Bob: Transport booked too late (+0)")


async def test_plus_one_toggles_and_comments_appear_under_the_idea(chat):
    card = await put_up(chat)
    await add_idea(chat, "ann", card, "Waiting for TTOs")
    idea = idea_post(chat, card, "Waiting for TTOs")
    assert await chat.press("bob", "+1", idea) == "Your +1 is counted."
    assert await chat.press("dan", "+1", idea) == "Your +1 is counted."
    assert await chat.press("bob", "+1", idea) == "Your +1 is taken back."
    await chat.deliver()
    assert "(+1)" in idea.text
    assert "1 idea · 1 vote · 2 people" in card.text

    await chat.press("dan", "Comment", idea)
    form = chat.last.open_form
    assert form.form_id == "walls.comment"
    assert (await chat.submit("dan", "walls.comment", {"comment": "Same on ward 9"},
                              form.context)).text == "Thanks, your comment is under the idea."
    await chat.deliver()
    assert "↳ Dan: Same on ward 9" in idea.text


async def test_closing_posts_the_ranked_summary_and_the_card_says_closed(chat):
    card = await put_up(chat)
    await add_idea(chat, "ann", card, "Waiting for TTOs")
    await add_idea(chat, "bob", card, "Transport too late")
    transport = idea_post(chat, card, "Transport")
    for user in ("ann", "dan"):
        await chat.press(user, "+1", transport)
    assert "Only librarians and the person who put up the wall" in await chat.press(
        "ann", "Close", card)
    assert await chat.press("cat", "Close", card) == "Wall 1 is closed; the summary is in its thread."
    await chat.deliver()
    summary = chat.thread(card)[-1].text
    assert summary.splitlines()[:4] == [
        "Summary: What slows down discharge on your ward?",
        "2 ideas from 3 people, 2 votes in all.",
        "1. Transport too late (2 votes) by Bob",
        "2. Waiting for TTOs (0 votes) by Ann"]
    assert "Closed" in card.text and card.message.card.buttons == ()
    assert transport.message.card.buttons == ()           # no more +1 on a closed wall
    assert await chat.reply_in_thread("ann", card, "a late idea") == ""   # not taken
    assert "Wall 1 is open again" in await chat.say("lib", "wall reopen 1", WARD)
    await chat.deliver()
    assert "Add an idea" in [b.label for b in card.message.card.buttons]
    await chat.say("lib", "wall close 1", WARD)
    await chat.deliver()
    vote = next(b for m in transport.edits for b in (m.card.buttons if m.card else ())
                if b.label == "+1")                       # the +1 from when it was open
    from core.vocabulary import Action
    from tests.fakechat import DM
    reply = await chat.runtime.kernel.handle(Action(chat.actor("bob"), DM, vote.action_id,
                                                    vote.value))
    assert "closed" in reply.text and "no more ideas, votes or comments" in reply.text


async def test_many_plus_ones_at_once_are_each_counted_once(chat):
    """Presses arriving together are counted together (core/walls/votes.py): each once."""
    import asyncio
    from core.vocabulary import Action
    from tests.fakechat import DM
    card = await put_up(chat)
    await add_idea(chat, "ann", card, "Waiting for TTOs")
    await add_idea(chat, "bob", card, "Transport too late")
    plus = {text: next(b for b in idea_post(chat, card, text).message.card.buttons
                       if b.label == "+1") for text in ("TTOs", "Transport")}
    presses = [(f"u{n}", "TTOs") for n in range(30)] + [(f"u{n}", "Transport")
                                                          for n in range(10)]
    replies = await asyncio.gather(*(chat.runtime.kernel.handle(Action(
        chat.actor(user), DM, plus[text].action_id, plus[text].value)) for user, text in presses))
    assert {r.text for r in replies} == {"Your +1 is counted."}
    await chat.deliver()
    assert "(+30)" in idea_post(chat, card, "TTOs").text
    assert "(+10)" in idea_post(chat, card, "Transport").text
    assert "2 ideas · 40 votes · 32 people" in card.text
    assert "1. Waiting for TTOs (+30)\n2. Transport too late (+10)" in card.text
