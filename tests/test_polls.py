"""Quick polls in a channel: a button per answer, live counts, one vote each (pressing again
takes it back), several with ``multiple``, hidden counts until close, a result at close."""
from __future__ import annotations

import pytest

from bot.settings import Settings

from .test_walls import SECRET, WARD


@pytest.fixture
def settings(database_url) -> Settings:
    return Settings(_env_file=None, kmbot_database_url=database_url,
                    kmbot_librarians="fake:lib", kmbot_anonymity_key=SECRET)


async def poll(chat, text):
    reply = await chat.say("cat", text, WARD)
    assert "Your poll is up" in reply, reply
    await chat.deliver()
    return chat.posts("C1")[-1]


async def test_a_poll_counts_one_vote_each_and_moves_a_changed_vote(chat):
    card = await poll(chat, 'poll "Which day suits the next Knowledge Café?" Tue Wed "Thu pm"')
    assert [b.label for b in card.message.card.buttons] == ["Tue", "Wed", "Thu pm", "Close"]
    assert await chat.press("ann", "Wed", card) == "Your vote for “Wed” is counted."
    assert await chat.press("bob", "Wed", card) == "Your vote for “Wed” is counted."
    assert await chat.press("ann", "Tue", card) == "Your vote is now “Tue”."
    assert await chat.press("bob", "Wed", card) == "Your vote for “Wed” is taken back."
    await chat.deliver()
    assert card.text.splitlines()[1:4] == ["Tue: 1 vote", "Wed: 0 votes", "Thu pm: 0 votes"]
    assert await chat.press("cat", "Close", card) == "Poll 1 is closed; the summary is in its thread."
    await chat.deliver()
    assert chat.thread(card)[-1].text.splitlines() == [
        "Result: Which day suits the next Knowledge Café?", "1 person voted.",
        "1. Tue: 1 vote", "2. Wed: 0 votes", "3. Thu pm: 0 votes"]
    assert card.message.card.buttons == ()


async def test_multiple_choice_and_hidden_counts_until_close(chat):
    card = await poll(chat, 'poll "Which topics?" AI Sepsis Falls multiple hidden anonymous')
    assert "Anonymous poll" in card.text and "Choose as many as you like." in card.text
    await chat.press("ann", "AI", card)
    await chat.press("ann", "Falls", card)
    await chat.press("bob", "Falls", card)
    await chat.deliver()
    assert "2 people have voted" in card.text and "Falls" not in card.text.splitlines()[1]
    await chat.say("cat", "wall close 1", WARD)
    await chat.deliver()
    assert chat.thread(card)[-1].text.splitlines()[1:4] == [
        "2 people voted.", "1. Falls: 2 votes", "2. AI: 1 vote"]
    assert "Falls: 2 votes" in card.text


@pytest.mark.parametrize("text, says", [
    ('poll "Day?" Tue', "at least two answers"),
    ('poll "Day?" ' + " ".join(f"d{n}" for n in range(11)), "at most 10 answers; you gave 11"),
    ('poll "Day?" Tue Tue', "“Tue” is there twice"),
    ('poll "Day?" Tue Wed closes=2020-01-01T10:00', "has already passed"),
    ('poll "Day?" Tue Wed closes=tomorrow', "should look like 2026-12-20T17:00"),
    ('poll "Day?" Tue Wed colour=red', "I don't know “colour=”"),
    ('poll "Day?" Tue ' + "x" * 81, "longer than 80 characters"),
])
async def test_bad_polls_are_refused_clearly_and_nothing_is_stored(chat, runtime, text, says):
    assert says in await chat.say("cat", text, WARD)
    async with runtime.services.uow() as uow:
        assert await uow.walls.in_workspace("fake:T1") == []
    assert await chat.deliver() == 0
