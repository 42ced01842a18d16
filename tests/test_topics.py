"""Topics and subscriptions, as librarians and colleagues use them: keep the list of topics,
follow and stop following, subscribe a channel, choose how you hear."""
from __future__ import annotations

import json

from core.vocabulary import Place, PlaceKind

WARD = Place(PlaceKind.CHANNEL, "C1", name="ward-7")


async def _topics(chat):
    assert "Added the topic Sustainable healthcare" in await chat.say(
        "lib", '/bulletin topics add "Sustainable healthcare"')
    assert "Added the topic Health management" in await chat.say(
        "lib", "/bulletin topics add Health management")


async def test_librarians_keep_the_topics_and_everyone_can_list_them(chat):
    assert "There are no topics yet" in await chat.say("ann", "/bulletin topics")
    await _topics(chat)
    listed = await chat.say("ann", "/bulletin topics")
    assert "• Health management (0 subscribers)" in listed
    assert "• Sustainable healthcare (0 subscribers)" in listed
    assert "Only librarians" in await chat.say("ann", '/bulletin topics add "Nutrition"')
    assert "already a topic called Sustainable healthcare" in await chat.say(
        "lib", '/bulletin topics add "sustainable  HEALTHCARE"')
    assert "Renamed Health management to Health and care management" in await chat.say(
        "lib", '/bulletin topics rename "health management" "Health and care management"')
    assert "Retired Sustainable healthcare" in await chat.say(
        "lib", "/bulletin topics retire sustainable-healthcare")
    listed = await chat.say("ann", "/bulletin topics")
    assert "Sustainable" not in listed and "Health and care management" in listed
    assert "Say what to do with topics" in await chat.say("lib", "/bulletin topics delete x")
    too_long = await chat.say("lib", "/bulletin topics add " + "x" * 61)
    assert "at most 60 characters (that one has 61)" in too_long


async def test_colleagues_follow_and_stop_following_topics(chat):
    await _topics(chat)
    reply = await chat.say("ann", "/subscribe Sustainable healthcare health-management")
    assert "You now follow Health management, Sustainable healthcare" in reply or (
        "You now follow Sustainable healthcare, Health management" in reply)
    assert "each bulletin as it's sent" in reply
    assert "already follow Health management" in await chat.say(
        "ann", "/subscribe health management")
    unknown = await chat.say("ann", "/subscribe knitting")
    assert "I don't know a topic called knitting" in unknown
    assert "Health management, Sustainable healthcare" in unknown
    assert "(1 subscriber)" in await chat.say("bob", "/bulletin topics")

    card = await chat.say("ann", "/subscriptions")
    assert "You follow: Health management, Sustainable healthcare" in card
    assert await chat.press("ann", "Stop Health management")
    assert "You follow: Sustainable healthcare" in chat.last.text
    assert await chat.press("ann", "Follow Health management")
    assert "You now follow Health management" in chat.last.text
    assert "no longer follow any topic (2 dropped)" in await chat.say("ann", "/unsubscribe all")
    assert "You don't follow any topic" in await chat.say("ann", "/unsubscribe all")


async def test_how_you_hear_is_a_digest_at_a_time_in_your_time_zone(chat):
    await _topics(chat)
    await chat.say("ann", "/subscribe health-management")
    await chat.say("ann", "/subscriptions")
    await chat.press("ann", "Change how I hear")
    form = chat.last.open_form
    assert form.form_id == "topics.how"
    bad = await chat.submit("ann", "topics.how", {"frequency": "weekly", "weekday": "4",
                                                  "time": "25:00", "timezone": "Mars/Olympus"})
    assert "HH:MM" in bad.field_errors["time"] and "Mars/Olympus" in bad.field_errors["timezone"]
    good = await chat.submit("ann", "topics.how", {"frequency": "weekly", "weekday": "4",
                                                   "time": "07:30",
                                                   "timezone": "Europe/London"})
    assert "weekly digest on Friday at 07:30 (Europe/London)" in good.text
    assert "weekly digest on Friday" in await chat.say("ann", "/subscribe sustainable healthcare")


async def test_librarians_subscribe_a_channel_in_the_channel(chat):
    await _topics(chat)
    assert "Only librarians" in await chat.say("ann", "/subscribe channel health management",
                                               WARD)
    assert "in the channel you want" in await chat.say("lib", "/subscribe channel health-management")
    assert "This channel now gets bulletins about Health management" in await chat.say(
        "lib", "/subscribe channel health management", WARD)
    assert "no longer gets bulletins about Health management" in await chat.say(
        "lib", "/unsubscribe channel health management", WARD)


async def test_subscriptions_are_in_my_data_and_forgotten(chat):
    await _topics(chat)
    await chat.say("ann", "/subscribe health-management")
    await chat.say("ann", "kmbot my-data")
    data = json.loads(chat.last.messages[0].attachment.content)
    assert data["topics"]["subscriptions"] == ["Health management"]
    await chat.say("ann", "kmbot forget-me")
    await chat.press("ann", chat.last.messages[0].card.buttons[0].label)
    async with chat.runtime.services.uow() as uow:
        assert await uow.topics.subscriptions("person", "fake:T1:ann") == []


async def test_a_channel_kmbot_is_not_in_and_a_retired_topics_button(chat, fake_channel):
    await _topics(chat)

    fake_channel.outside = {"C1"}                      # kmbot was removed from ward-7
    assert "I'm not in this channel" in await chat.say(
        "lib", "/subscribe channel health management", WARD)
    await chat.say("ann", "/subscriptions")
    card = chat.last
    await chat.say("lib", "/bulletin topics retire health management")
    chat.last = card                                   # ann presses the card she had
    assert "That topic has been retired" in await chat.press("ann", "Follow Health management")
