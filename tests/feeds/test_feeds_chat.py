"""Librarians choose feeds for topics, and the bot polls them: as conversations, on SQLite
and PostgreSQL, against the local feed server."""
from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from adapters.feeds.http import HttpFeedFetcher
from bot.runtime import build_runtime
from core.feeds.poll import POLL_JOB, poll
from scheduler import Scheduler
from core.features import FEATURES

from . import server as samples

FEED_JOBS = [kind for f in FEATURES if f.name == "feeds" for kind in f.jobs]


@pytest.fixture
async def topic(chat):
    reply = await chat.say("lib", '/bulletin topics add "Falls prevention"')
    assert "Added the topic Falls prevention" in reply
    return "Falls prevention"


async def _feeds(runtime):
    async with runtime.services.uow(read_only=True) as uow:
        return await uow.feeds.in_workspace("fake:T1")


async def _items(runtime, topic_id=None):
    async with runtime.services.uow(read_only=True) as uow:
        if topic_id is None:
            [topic] = await uow.topics.active("fake:T1")
            topic_id = topic.id
        return await uow.feeds.items(topic_id, limit=1000)


def ticker(runtime, worker="one"):
    return Scheduler(runtime.services, FEED_JOBS, worker=worker)


async def test_only_librarians_manage_feeds(chat, topic, feed_server):
    reply = await chat.say("ann", f"/feed add {topic} {feed_server.url('/rss')}")
    assert "Only librarians" in reply
    assert "Only librarians" in await chat.say("ann", f"/feed test {feed_server.url('/rss')}")
    assert feed_server.hits == {}


async def test_a_librarian_adds_lists_and_removes_a_feed(chat, runtime, topic, feed_server):
    url = feed_server.url("/rss")
    reply = await chat.say("lib", f"/feed add Falls prevention {url}")
    assert reply.startswith("Added “NICE guidance updates” to Falls prevention (feed ")
    assert "7 items now, checked every hour" in reply
    [feed] = await _feeds(runtime)
    assert len(await _items(runtime)) == 7
    async with runtime.services.uow(read_only=True) as uow:
        scheduled = await uow.jobs.scheduled(POLL_JOB, str(feed.id))
    assert scheduled.next_due == runtime.services.now() + timedelta(hours=1)

    listing = await chat.say("lib", "/feed list")
    assert "Falls prevention" in listing
    assert f"{feed.id}. NICE guidance updates: {url} · every hour · fine, 7 items" in listing

    reply = await chat.say("lib", f"/feed remove {feed.id}")
    assert f"Removed feed {feed.id} (“NICE guidance updates”) from Falls prevention" in reply
    assert await _feeds(runtime) == []
    async with runtime.services.uow(read_only=True) as uow:
        assert await uow.jobs.scheduled(POLL_JOB, str(feed.id)) is None
    assert len(await _items(runtime)) == 7              # what it brought stays with the topic
    assert "No feeds yet" in await chat.say("lib", "/feed list")


async def test_a_feed_is_removed_by_its_address_too(chat, runtime, topic, feed_server):
    url = feed_server.url("/atom")
    await chat.say("lib", f"/feed add {topic} {url}")
    assert "Removed feed" in await chat.say("lib", f"/feed remove {url}")
    assert await _feeds(runtime) == []
    assert "There's no feed “99” here" in await chat.say("lib", "/feed remove 99")


async def test_slack_wraps_links_in_angle_brackets_and_that_is_understood(chat, runtime, topic,
                                                                         feed_server):
    url = feed_server.url("/rdf")
    assert "Added “BMJ Quality & Safety”" in await chat.say(
        "lib", f"/feed add falls-prevention <{url}|{url}>")
    assert [f.url for f in await _feeds(runtime)] == [url]


async def test_bad_input_gets_a_clear_reply_and_stores_nothing(chat, runtime, topic,
                                                              feed_server):
    cases = {
        "/feed add": "Say which topic and the feed's address",
        f"/feed add {feed_server.url('/rss')}": "Say which topic and the feed's address",
        f"/feed add Sepsis {feed_server.url('/rss')}":
            "There's no topic called “Sepsis”. The topics are: Falls prevention.",
        f"/feed add {topic} ftp://example.org/feed": "doesn't look like a web address",
        f"/feed add {topic} www.nice.org.uk/feed": "doesn't look like a web address",
        f"/feed add {topic} {feed_server.url('/page')}":
            "isn't an RSS or Atom feed (it may be a web page",
        f"/feed add {topic} {feed_server.url('/garbage')}": "isn't an RSS or Atom feed",
        f"/feed add {topic} {feed_server.url('/gone')}": "answered with an error (HTTP 404)",
        f"/feed add {topic} {feed_server.url('/error')}": "answered with an error (HTTP 500)",
        f"/feed add {topic} http://127.0.0.1:9/feed": "couldn't be reached",
        f"/feed add {topic} {feed_server.url('/loop')}": "redirects too many times, or in a loop",
        f"/feed add {topic} {feed_server.url('/huge')}": "larger than 5 MB",
        "/feed every 1 30m": "There's no feed “1” here",
        "/feed test": "Give the feed's address",
    }
    for command, expected in cases.items():
        reply = await chat.say("lib", command)
        assert expected in reply, (command, reply)
        assert "Traceback" not in reply
    assert await _feeds(runtime) == []
    assert await _items(runtime) == []


async def test_a_feed_already_added_to_the_topic_is_not_added_twice(chat, runtime, topic,
                                                                   feed_server):
    url = feed_server.url("/rss")
    await chat.say("lib", f"/feed add {topic} {url}")
    hits = feed_server.hits["/rss"]
    reply = await chat.say("lib", f"/feed add {topic} {url}")
    assert "already has that feed" in reply and "Nothing was changed" in reply
    assert len(await _feeds(runtime)) == 1
    assert feed_server.hits["/rss"] == hits            # not even fetched again


async def test_feed_test_shows_the_latest_five_and_stores_nothing(chat, runtime, topic,
                                                                  feed_server):
    reply = await chat.say("lib", f"/feed test {feed_server.url('/rss')}")
    assert reply.startswith("NICE guidance updates: latest 5")
    lines = [line for line in reply.splitlines() if line.startswith("•")]
    assert [line.split(":")[0] for line in lines] == [f"• item {i}" for i in (6, 5, 4, 3, 2)]
    assert "(20 Nov 2026)" in lines[0] and "https://www.nice.org.uk/item/6" in reply
    assert "Nothing was stored" in reply
    assert await _feeds(runtime) == [] and await _items(runtime) == []
    assert "has no items at the moment" in await chat.say(
        "lib", f"/feed test {feed_server.url('/empty')}")


async def test_hostile_feed_text_is_stored_harmless(chat, runtime, topic, feed_server):
    await chat.say("lib", f"/feed add {topic} {feed_server.url('/hostile')}")
    stored = " ".join(f"{i.title} {i.summary} {i.link}" for i in await _items(runtime))
    assert "<!" not in stored and "<@" not in stored and "javascript:" not in stored
    assert "@here" not in stored and "<script" not in stored
    reply = await chat.say("lib", f"/feed test {feed_server.url('/hostile')}")
    assert "<!channel>" not in reply and "alert(1)" not in reply


async def test_how_often_a_feed_is_polled_can_be_changed(chat, runtime, topic, feed_server):
    await chat.say("lib", f"/feed add {topic} {feed_server.url('/rss')}")
    [feed] = await _feeds(runtime)
    reply = await chat.say("lib", f"/feed every {feed.id} 30m")
    assert f"Feed {feed.id} (“NICE guidance updates”) will be checked every 30 minutes" in reply
    async with runtime.services.uow(read_only=True) as uow:
        scheduled = await uow.jobs.scheduled(POLL_JOB, str(feed.id))
    assert scheduled.next_due == runtime.services.now() + timedelta(minutes=30)
    assert "from every 15 minutes to every 7 days" in await chat.say(
        "lib", f"/feed every {feed.id} 5m")
    assert "isn't a length of time" in await chat.say("lib", f"/feed every {feed.id} soon")
    assert "every 30 minutes" in await chat.say("lib", "/feed list")


async def test_polling_asks_conditionally_and_stores_only_new_items(chat, runtime, topic,
                                                                    feed_server, clock):
    feed_server.feeds["/news"] = samples.rss(5)
    await chat.say("lib", f"/feed add {topic} {feed_server.url('/news')}")
    jobs = ticker(runtime)
    clock.advance(hours=1, seconds=1)
    assert len(await jobs.tick()) == 1
    assert feed_server.not_modified["/news"] == 1          # the second fetch: a 304
    feed_server.feeds["/news"] = samples.rss(8)             # three new items
    clock.advance(hours=1)
    await jobs.tick()
    assert len(await _items(runtime)) == 8
    clock.advance(hours=1)
    await jobs.tick()
    assert feed_server.not_modified["/news"] == 2
    assert len(await _items(runtime)) == 8


async def test_one_item_in_two_feeds_of_a_topic_is_stored_once(chat, runtime, topic,
                                                               feed_server):
    feed_server.feeds["/guidance"] = samples.rss(5, start=0)
    feed_server.feeds["/guidance-falls"] = samples.rss(5, start=3, title="Falls")
    await chat.say("lib", f"/feed add {topic} {feed_server.url('/guidance')}")
    reply = await chat.say("lib", f"/feed add {topic} {feed_server.url('/guidance-falls')}")
    assert "Added “Falls”" in reply
    items = await _items(runtime)
    assert len(items) == 8 and len({i.uid for i in items}) == 8
    [first, _] = await _feeds(runtime)                 # removed and added again: no repeats
    await chat.say("lib", f"/feed remove {first.id}")
    await chat.say("lib", f"/feed add {topic} {feed_server.url('/guidance')}")
    assert len(await _items(runtime)) == 8


@pytest.mark.parametrize("breaks, reason", [
    ("error", "the site answered with an error (HTTP 500)"),
    ("garbage", "what's there isn't an RSS or Atom feed"),
])
async def test_a_failing_feed_never_stops_the_others_and_is_reported_once(
        chat, runtime, topic, feed_server, clock, breaks, reason):
    feed_server.feeds["/good"] = samples.rss(3)
    feed_server.feeds["/bad"] = samples.rss(3, prefix="bad")
    await chat.say("lib", f"/feed add {topic} {feed_server.url('/good')}")
    await chat.say("lib", f"/feed add {topic} {feed_server.url('/bad')}")
    good, bad = await _feeds(runtime)
    if breaks == "error":
        feed_server.fail["/bad"] = 500
    else:
        feed_server.feeds["/bad"] = samples.GARBAGE
    jobs = ticker(runtime)
    waits = []
    for _ in range(6):
        clock.advance(days=1, seconds=1)
        await jobs.tick()
        async with runtime.services.uow(read_only=True) as uow:
            waits.append((await uow.jobs.scheduled(POLL_JOB, str(bad.id))).next_due
                         - runtime.services.now())
        await chat.deliver()
    assert feed_server.hits["/good"] == 1 + 6              # polled every time regardless
    assert feed_server.hits["/bad"] == 1 + 6
    assert waits == [timedelta(hours=1), timedelta(hours=2), timedelta(hours=4),
                     timedelta(hours=8), timedelta(hours=16), timedelta(days=1)]   # backs off
    warnings = [s.text for s in chat.inbox("lib") if "failed" in s.text]
    assert len(warnings) == 1                                # told once, not every time
    assert "has failed 5 times in a row" in warnings[0]
    assert reason in warnings[0]
    assert f"/feed remove {bad.id}" in warnings[0]
    assert "failed 6 times in a row" in await chat.say("lib", "/feed list")

    feed_server.fail.pop("/bad", None)                       # it recovers
    feed_server.feeds["/bad"] = samples.rss(3, prefix="bad")
    clock.advance(days=1, seconds=1)
    await jobs.tick()
    [_, bad] = await _feeds(runtime)
    assert bad.failures == 0 and not bad.warned
    async with runtime.services.uow(read_only=True) as uow:
        assert ((await uow.jobs.scheduled(POLL_JOB, str(bad.id))).next_due
                == runtime.services.now() + timedelta(hours=1))


async def test_a_feed_is_polled_once_even_with_two_processes(chat, runtime, settings, topic,
                                                             feed_server, clock, fake_channel):
    await chat.say("lib", f"/feed add {topic} {feed_server.url('/rss')}")
    other = await build_runtime(settings, clock=clock, scheduler=False)
    other.channels.register(fake_channel)
    try:
        clock.advance(hours=1, seconds=1)
        first, second = ticker(runtime, "one"), ticker(other, "two")
        claimed = await asyncio.gather(first.tick(), second.tick(), first.tick(),
                                       second.tick())
    finally:
        await other.stop()
    assert sum(len(c) for c in claimed) == 1
    assert feed_server.hits["/rss"] == 2                   # the add, then one poll


async def test_the_feeds_of_a_retired_topic_rest_until_it_is_back(chat, runtime, topic,
                                                                  feed_server, clock):
    await chat.say("lib", f"/feed add {topic} {feed_server.url('/rss')}")
    assert "Retired Falls prevention" in await chat.say(
        "lib", f'/bulletin topics retire "{topic}"')
    jobs = ticker(runtime)
    clock.advance(hours=1, seconds=1)
    await jobs.tick()
    assert feed_server.hits["/rss"] == 1                   # only when it was added
    await chat.say("lib", f'/bulletin topics add "{topic}"')
    clock.advance(hours=1)
    await jobs.tick()
    assert feed_server.hits["/rss"] == 2


async def test_librarians_see_their_feeds_on_the_home_card(chat, runtime, topic, feed_server):
    await chat.say("lib", f"/feed add {topic} {feed_server.url('/rss')}")
    feed_server.feeds["/gone-soon"] = samples.rss(2)
    await chat.say("lib", f"/feed add {topic} {feed_server.url('/gone-soon')}")
    feed_server.fail["/gone-soon"] = 500
    [_, failing] = await _feeds(runtime)
    await poll(runtime.services, failing.id)
    card = await runtime.kernel.home(chat.actor("lib"))
    text = "\n".join(s.text for s in card.sections)
    assert "2 feeds feeding 1 topic." in text and "⚠️ 1 failing" in text
    card = await runtime.kernel.home(chat.actor("ann"))
    assert "feeding" not in "\n".join(s.text for s in card.sections)


async def test_an_item_edited_in_its_feed_is_not_stored_again(chat, runtime, topic,
                                                              feed_server, clock):
    feed_server.feeds["/edits"] = samples.rss(3)
    await chat.say("lib", f"/feed add {topic} {feed_server.url('/edits')}")
    edited = samples.rss(3).replace(b"item 2: Falls in older people",
                                    b"item 2: Falls in older people (corrected)")
    feed_server.feeds["/edits"] = edited.replace(b"Summary of item 2", b"New summary")
    clock.advance(hours=1, seconds=1)
    await ticker(runtime).tick()
    assert feed_server.hits["/edits"] == 2 and not feed_server.not_modified.get("/edits")
    assert len(await _items(runtime)) == 3


async def test_without_the_switch_a_private_address_is_refused_in_chat(chat, runtime, topic,
                                                                      feed_server):
    guarded = HttpFeedFetcher(allow_private=False, timeout=2.0)
    runtime.services.feed_fetcher = guarded
    try:
        for host in ("127.0.0.1", "localhost"):
            reply = await chat.say("lib", f"/feed add {topic} {feed_server.url('/rss', host)}")
            assert f"{host} is on a private or internal network, which feeds may not use" \
                in reply
    finally:
        await guarded.close()
    assert feed_server.hits == {} and await _feeds(runtime) == []
