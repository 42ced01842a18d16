"""Members' Coffee Connect commands, as conversations."""
from __future__ import annotations


async def test_join_creates_default_programme_and_confirms(chat):
    reply = await chat.say("ann", "/coffee join")
    assert "You're in *Coffee Connect*" in reply
    assert "Monday 30 November 2026 at 10:00" in reply


async def test_join_twice_says_already(chat):
    await chat.say("ann", "coffee join")
    assert "already in" in await chat.say("ann", "coffee join")


async def test_round_introduces_everyone_and_records_outcome(chat):
    for user in ("ann", "bob", "cat", "dan"):
        await chat.say(user, "coffee join")
    reply = await chat.say("lib", "coffee run-now")
    assert "4 people" in reply and "2 groups" in reply
    await chat.deliver()
    intro = chat.inbox("ann")[-1]
    assert "meet" in intro.text
    assert await chat.press("ann", "We met") == "Lovely, thanks for letting us know! ☕"
    assert "Met rate 100%" in await chat.say("lib", "coffee stats")


async def test_home_card_offers_join_then_pause(chat, runtime):
    card = await runtime.kernel.home(chat.actor("ann"))
    assert [b.label for b in card.buttons] == ["Join Coffee Connect"]
    await chat.say("ann", "coffee join")
    card = await runtime.kernel.home(chat.actor("ann"))
    assert "you're in" in card.sections[1].text
    assert [b.action_id for b in card.buttons] == ["coffee.pause"]
