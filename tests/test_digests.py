"""Digests as people live them: each frequency at its time in their time zone (the clocks
changing, a bank holiday on the 1st), nothing empty, nothing twice, team-only lessons only to
the team, preview, now, the buttons, a channel's digest, and the librarians' figures."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from core.digests import sending
from core.feeds.model import Item
from core.lessons.model import Lesson, Visibility
from core.vocabulary import Place, PlaceKind
from scheduler.service import Scheduler

WS = "fake:T1"
WARD = Place(PlaceKind.CHANNEL, "CWARD", name="ward-7")
UTC = timezone.utc


async def feed_items(runtime, topic: str, titles: list[str], url: str = "https://x.test/a"):
    now = runtime.services.now()
    async with runtime.services.uow() as uow:
        t = await uow.topics.find(WS, topic)
        feed = await uow.feeds.add(WS, t.id, url, "NICE updates", timedelta(hours=1), now)
        if feed is None:
            [feed] = [f for f in await uow.feeds.find(WS, url) if f.topic_id == t.id]
        await uow.feeds.add_items(feed, [
            Item(f"u-{title}", title, f"https://x.test/{i}", "", now - timedelta(minutes=i))
            for i, title in enumerate(titles)], now)


async def lesson(runtime, title: str, tags=("sepsis",), visibility=Visibility.ORGANISATION,
                 audience=None):
    now = runtime.services.now()
    async with runtime.services.uow() as uow:
        await uow.lessons.add(Lesson(workspace_key=WS, title=title, tags=tags,
                                     author_key="fake:T1:lib", visibility=visibility,
                                     audience=audience, created_at=now, updated_at=now))


async def setup(chat, *people, how="daily 08:00"):
    await chat.say("lib", '/bulletin topics add "Sepsis"')
    await chat.say("lib", '/bulletin topics add "Falls"')
    for who in people:
        await chat.say(who, "/subscribe sepsis")
        assert "Saved" in await chat.say(who, f"/digest {how}")


async def tick(runtime):
    """The scheduler at the clock's minute, as a running process would tick (the every-minute
    job claimed in the database): a tick a minute before lets it catch up with the jump."""
    ticker = Scheduler(runtime.services, sending.JOBS, worker="w")
    clock = runtime.services.clock
    now = clock.now()
    clock.set(now - timedelta(minutes=2))
    await ticker.prepare()
    clock.set(now - timedelta(minutes=1))
    await ticker.tick()
    clock.set(now)
    return await ticker.tick()


async def test_a_daily_digest_at_their_time_then_nothing_empty_and_nothing_twice(
        chat, runtime, clock, fake_channel):
    fake_channel.members_of["CWARD"] = ["bob"]
    await setup(chat, "ann", "bob")
    await feed_items(runtime, "sepsis", [f"Sepsis item {i}" for i in range(12)])
    await lesson(runtime, "Screen early for sepsis")
    await lesson(runtime, "Ward 7 huddle sepsis check", visibility=Visibility.TEAM,
                 audience="CWARD")
    await lesson(runtime, "Falls only lesson", tags=("falls",))

    clock.set(datetime(2026, 11, 26, 7, 59, tzinfo=UTC))
    await tick(runtime)
    await chat.deliver()
    assert chat.inbox("ann") == []                         # not before 08:00 London
    clock.set(datetime(2026, 11, 26, 8, 0, tzinfo=UTC))
    await tick(runtime)
    await chat.deliver()
    [ann] = chat.inbox("ann")
    text = ann.text
    assert text.startswith("Your daily digest: 13 new since 25 Nov 2026.")
    assert "*Sepsis* (13)" in text
    assert "Screen early for sepsis · lesson (type `/lesson show 1`) · 25 Nov 2026" in text
    assert text.index("Sepsis item 0 ·") < text.index("Sepsis item 1 ·")   # newest first
    assert "Sepsis item 0 · NICE updates · 25 Nov 2026 · https://x.test/0" in text
    assert "…and 3 more" in text and "Ward 7 huddle" not in text and "Falls only" not in text
    labels = [b.label for b in ann.message.card.buttons]
    assert labels[:2] == ["Useful 1", "Useful 2"] and "Useful 11" not in labels
    assert {"Show all Sepsis", "Change frequency", "Unsubscribe from Sepsis"} <= set(labels)
    [bob] = chat.inbox("bob")
    assert "Ward 7 huddle sepsis check" in bob.text and "14 new" in bob.text

    await tick(runtime)                                    # the same period: claimed already
    clock.set(datetime(2026, 11, 26, 12, 0, tzinfo=UTC))
    await tick(runtime)
    assert await sending.send_due(runtime.services) == 0
    await chat.deliver()
    assert len(chat.inbox("ann")) == 1

    clock.set(datetime(2026, 11, 27, 8, 0, tzinfo=UTC))   # nothing new: no message
    await tick(runtime)
    await chat.deliver()
    assert len(chat.inbox("ann")) == 1

    clock.set(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
    await feed_items(runtime, "sepsis", [f"Sepsis item {i}" for i in range(12)]
                     + ["Brand new sepsis guidance"])      # the old ones again, and one new
    clock.set(datetime(2026, 11, 28, 8, 0, tzinfo=UTC))
    await tick(runtime)
    await chat.deliver()
    latest = chat.inbox("ann")[-1].text
    assert "1 new since" in latest and "Brand new sepsis guidance" in latest
    assert "Sepsis item 3" not in latest


async def test_preview_now_and_the_buttons(chat, runtime, clock):
    await setup(chat, "ann")
    assert "Nothing new in your topics" in await chat.say("ann", "/digest preview")
    await feed_items(runtime, "sepsis", [f"Sepsis item {i}" for i in range(12)])
    shown = await chat.say("ann", "/digest preview")
    assert "nothing is marked as sent" in shown and "12 new" in shown
    assert "12 new" in await chat.say("ann", "/digest preview")       # still there

    assert "On its way: 12 new items" in await chat.say("ann", "/digest now")
    await chat.deliver()
    [got] = chat.inbox("ann")
    assert got.text.startswith("Your digest: 12 new")
    assert "Nothing new" in await chat.say("ann", "/digest now")     # nothing twice
    assert "Nothing new" in await chat.say("ann", "/digest preview")

    assert "noted as useful" in await chat.press("ann", "Useful 2")
    assert "already marked" in await chat.press("ann", "Useful 2")
    full = await chat.press("ann", "Show all Sepsis")
    assert "Everything in Sepsis from that digest (12)" in full and "12. " in full
    assert chat.find_button("ann", "Change frequency").action_id == "topics.how"
    assert "no longer follow Sepsis" in await chat.press("ann", "Unsubscribe from Sepsis")
    assert "don't follow any topics" in await chat.say("ann", "/digest preview")

    # someone else pressing ann's buttons
    button = chat.find_button("ann", "Useful 1")
    from core.vocabulary import Action
    reply = await runtime.kernel.handle(Action(chat.actor("bob"), Place(PlaceKind.DIRECT, "D2"),
                                               button.action_id, button.value))
    assert "isn't one of yours" in reply.text

    clock.set(datetime(2026, 11, 26, 8, 0, tzinfo=UTC))    # unsubscribed: no digest
    await tick(runtime)
    await chat.deliver()
    assert len(chat.inbox("ann")) == 1


async def test_weekly_monthly_after_a_bank_holiday_and_the_clocks_changing(
        chat, runtime, clock):
    await setup(chat, "ann", how="weekly friday 09:00")
    await setup(chat, "bob", how="monthly 08:00")
    await chat.say("cat", "/subscribe sepsis")
    saved = await chat.say("cat", "/digest daily 01:30")
    assert "clocks go forward" in saved and "an hour later" in saved

    async def news(title, when):
        clock.set(when)
        await feed_items(runtime, "sepsis", [title], url=f"https://x.test/{title}")

    async def at(when):
        clock.set(when)
        await tick(runtime)
        await chat.deliver()

    await news("Thursday news", datetime(2026, 11, 26, 10, 0, tzinfo=UTC))
    await at(datetime(2026, 11, 27, 8, 59, tzinfo=UTC))
    assert chat.inbox("ann") == []
    await at(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))               # Friday 09:00
    assert "Your weekly digest: 1 new" in chat.inbox("ann")[-1].text

    # 1 January 2027 is a Friday and a bank holiday: the first working day is Monday the 4th
    await news("New year news", datetime(2026, 12, 31, 10, 0, tzinfo=UTC))
    bob_before = len(chat.inbox("bob"))
    await at(datetime(2027, 1, 1, 8, 0, tzinfo=UTC))
    assert len(chat.inbox("bob")) == bob_before
    await at(datetime(2027, 1, 4, 8, 0, tzinfo=UTC))
    assert "Your monthly digest" in chat.inbox("bob")[-1].text
    assert "New year news" in chat.inbox("bob")[-1].text

    # the clocks go forward at 01:00 on Sunday 28 March 2027: 01:30 doesn't happen
    await news("Spring news", datetime(2027, 3, 27, 12, 0, tzinfo=UTC))
    cat_before = len(chat.inbox("cat"))
    await at(datetime(2027, 3, 28, 1, 29, tzinfo=UTC))      # 02:29 BST
    assert len(chat.inbox("cat")) == cat_before
    await at(datetime(2027, 3, 28, 1, 30, tzinfo=UTC))      # 02:30 BST: an hour later
    assert "Spring news" in chat.inbox("cat")[-1].text
    await news("Summer news", datetime(2027, 3, 28, 12, 0, tzinfo=UTC))
    await at(datetime(2027, 3, 29, 0, 30, tzinfo=UTC))      # 01:30 BST
    assert "Summer news" in chat.inbox("cat")[-1].text


async def test_bad_input_says_what_is_wrong_and_stores_nothing(chat, runtime):
    await setup(chat, "ann", how="daily 08:00")
    assert "“funday” isn't a day of the week" in await chat.say(
        "ann", "/digest weekly on funday")
    assert "“25:00” isn't a time of day" in await chat.say("ann", "/digest daily 25:00")
    assert "“fortnightly” isn't a frequency" in await chat.say("ann", "/digest fortnightly")
    assert "“Mars/Base” isn't a time zone" in await chat.say(
        "ann", "/digest daily 08:00 Mars/Base")
    assert "Which day?" in await chat.say("ann", "/digest weekly")
    async with runtime.services.uow(read_only=True) as uow:
        how = await uow.topics.how("fake:T1:ann")
    assert (how.frequency.value, how.time) == ("daily", "08:00")
    assert "Only librarians" in await chat.say("ann", "/digest channel daily 09:00", WARD)
    assert "Type that in the channel" in await chat.say("lib", "/digest channel daily 09:00")
    assert "doesn't follow any topics" in await chat.say("lib", "/digest channel daily 9:00",
                                                         WARD)
    assert "Only librarians" in await chat.say("ann", "/digest stats")


async def test_a_channel_digest_at_the_librarians_time(chat, runtime, clock, fake_channel):
    fake_channel.members_of["CWARD"] = ["lib"]
    await setup(chat)
    await chat.say("lib", "/subscribe channel sepsis", WARD)
    assert "Saved: this channel gets" in await chat.say("lib", "/digest channel daily 09:00",
                                                        WARD)
    await feed_items(runtime, "sepsis", ["Channel news"])
    await lesson(runtime, "Ward 7 team lesson", visibility=Visibility.TEAM, audience="CWARD")
    await lesson(runtime, "Other team lesson", visibility=Visibility.TEAM, audience="COTHER")
    clock.set(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    await tick(runtime)
    await chat.deliver()
    [post] = chat.posts("CWARD")
    assert post.text.startswith("This channel's digest: 2 new")
    assert "Channel news" in post.text and "Ward 7 team lesson" in post.text
    assert "Other team lesson" not in post.text
    assert not [b for b in post.message.card.buttons if b.label.startswith("Useful")]


async def test_stats_reach_my_data_and_forget_me(chat, runtime, clock):
    await setup(chat, "ann", "bob")
    await chat.say("ann", "/kmbot profile")
    await feed_items(runtime, "sepsis", ["Reach news"])
    await chat.say("ann", "/digest now")
    await chat.deliver()
    await chat.press("ann", "Useful 1")
    shown = await chat.say("lib", "/digest stats")
    assert "• Sepsis: 2 daily" in shown
    assert "*Digests sent:* 1, 1 items in all (1.0 per digest on average)" in shown
    assert "*Marked useful:* Sepsis 1" in shown
    assert "• Sepsis: 50% (1 of 2) / 50% (1 of 2)" in shown
    assert "• no team given: 50% (1 of 2)" in shown

    await chat.say("ann", "/kmbot my-data")
    data = json.loads(chat.last.messages[0].attachment.content)
    assert data["digests"]["marked_useful"] == ["feed:1"]
    assert len(data["digests"]["items_received"]) == 1
    await chat.say("ann", "/kmbot forget-me")
    await chat.press("ann", "Yes, forget me")
    await chat.say("ann", "/kmbot my-data")
    data = json.loads(chat.last.messages[0].attachment.content)
    assert data["digests"] == {"digests": [], "items_received": [], "marked_useful": [],
                               "channel_digests_set": []}


async def test_two_processes_at_once_and_a_crash_half_way_never_send_twice(
        chat, runtime, clock, monkeypatch):
    import asyncio
    await setup(chat, "ann", "bob", "cat")
    await feed_items(runtime, "sepsis", ["Crash news"])
    clock.set(datetime(2026, 11, 26, 8, 0, tzinfo=UTC))
    monkeypatch.setattr(sending, "CHUNK", 1)
    real = runtime.services.queue_many
    calls = []

    async def dies_on_the_second(uow, messages):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the process died")
        return await real(uow, messages)

    monkeypatch.setattr(runtime.services, "queue_many", dies_on_the_second)
    try:
        await sending.send_due(runtime.services)
    except RuntimeError:
        pass
    await chat.deliver()
    assert sum(len(chat.inbox(p)) for p in ("ann", "bob", "cat")) == 1   # one went, then died
    monkeypatch.setattr(runtime.services, "queue_many", real)
    sent = await asyncio.gather(sending.send_due(runtime.services),
                                sending.send_due(runtime.services))
    assert sum(sent) == 2                                   # the other two, once each
    await chat.deliver()
    assert [len(chat.inbox(p)) for p in ("ann", "bob", "cat")] == [1, 1, 1]


async def test_help_and_home_card_mention_the_digest(chat):
    await setup(chat, "ann")
    shown = await chat.say("ann", "/digest help")
    for command in ("/digest preview", "/digest now", "/digest daily 08:00",
                    "/digest channel"):
        assert command in shown
    assert "/digest stats" not in shown                       # librarians only
    assert "/digest stats" in await chat.say("lib", "/digest help")
    home = await chat.runtime.kernel.home(chat.actor("ann"))
    text = "\n".join(s.text for s in home.sections)
    assert "*Your digest*\nYou'll get them in a daily digest at 08:00" in text
    assert "Preview my digest" in [b.label for b in home.buttons]
    [button] = [b for b in home.buttons if b.label == "Preview my digest"]
    from core.vocabulary import Action
    pressed = await chat.runtime.kernel.handle(Action(chat.actor("ann"), WARD,
                                                      button.action_id, button.value))
    assert "Nothing new" in pressed.text
    lib_home = await chat.runtime.kernel.home(chat.actor("lib"))
    assert "Your digest" not in "\n".join(s.text for s in lib_home.sections)


async def test_a_closed_wall_in_a_channel_following_the_topic(chat, runtime, clock,
                                                               fake_channel):
    from core.walls.model import Kind, WallSettings
    fake_channel.members_of["CWARD"] = ["lib"]
    await setup(chat, "ann")
    await chat.say("lib", "/subscribe channel sepsis", WARD)
    now = runtime.services.now()
    async with runtime.services.uow() as uow:
        wall = await uow.walls.add(WS, Kind.WALL, "CWARD", "fake:T1:lib",
                                   WallSettings("How do we spot sepsis sooner?"), now)
        other = await uow.walls.add(WS, Kind.WALL, "COTHER", "fake:T1:lib",
                                    WallSettings("A wall elsewhere"), now)
        for text in ("Early warning scores", "Ask the family"):
            await uow.walls.add_idea(wall.id, "fake:T1:bob", "h", text, now)
        await uow.walls.set_closed(wall.id, now)
        await uow.walls.set_closed(other.id, now)
    shown = await chat.say("ann", "/digest preview")
    assert "How do we spot sepsis sooner? · closed graffiti wall in #ward-7, 2 ideas" in shown
    assert "A wall elsewhere" not in shown


async def test_a_bulletin_held_for_a_digest_comes_once_in_it(chat, runtime, clock):
    from .test_bulletins import compose
    await chat.say("lib", '/bulletin topics add "Sustainable healthcare"')
    await chat.say("ann", "/subscribe sustainable healthcare")
    await chat.say("ann", "/digest daily 08:00")
    await chat.say("bob", "/subscribe sustainable healthcare")       # hears immediately
    await compose(chat, topics="Sustainable healthcare")
    await chat.press("lib", "Send")
    await chat.deliver()
    assert chat.inbox("ann") == [] and len(chat.inbox("bob")) == 1   # ann's is held
    clock.set(datetime(2026, 11, 26, 8, 0, tzinfo=UTC))
    await tick(runtime)
    await chat.deliver()
    [digest] = chat.inbox("ann")
    assert "*Sustainable healthcare* (1)" in digest.text
    assert ("1. Sustainable healthcare: December · bulletin · read it with "
            "`/bulletin read 1` · 25 Nov 2026") in digest.text
    assert len(chat.inbox("bob")) == 1                               # no digest for bob
    await chat.say("ann", "/unsubscribe all")                 # held for her: still hers to read
    assert await chat.say("ann", "/bulletin read 1") == "Sustainable healthcare: December"
    [shown] = chat.last.messages
    assert shown.private and "*NHS net zero*" in "\n".join(s.text for s in shown.card.sections)
    assert "There's no bulletin 1 for you to read" in await chat.say("cat", "/bulletin read 1")
    assert "There's no bulletin 7 for you to read" in await chat.say("ann", "/bulletin read 7")
    assert "/bulletin read <id>" in await chat.say("ann", "/bulletin read")
    async with runtime.services.uow(read_only=True) as uow:
        [held] = await uow.topics.digest_items("fake:T1:ann")
    assert held["sent_at"] is not None
    clock.set(datetime(2026, 11, 27, 8, 0, tzinfo=UTC))
    await tick(runtime)
    await chat.deliver()
    assert len(chat.inbox("ann")) == 1                               # not again
