"""Proactive sends from the outbox through the real connector client to a fake Bot Connector:
coffee introductions as 1:1s, created chats, throttling, retries and permanent failures."""
from __future__ import annotations

import asyncio

from adapters.teams.throttle import Throttle
from core.cards import Message
from core.vocabulary import Destination

from .conftest import ANN, ANN_CHAT, BOB, GENERAL, LIB, TENANT


class FakeTime:
    """The throttle's clock: sleeping moves it on at once."""

    def __init__(self) -> None:
        self.now = 1000.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)     # let sends in flight finish meanwhile


def to(user_id: str) -> Destination:
    return Destination("teams", TENANT, "user", (user_id,))


async def queue(runtime, destination: Destination, text: str, key: str | None = None) -> None:
    async with runtime.services.uow() as uow:
        await runtime.services.queue(uow, destination, Message(text), dedup_key=key)


async def outbox(runtime) -> list:
    async with runtime.services.uow() as uow:
        return await uow.outbox.items()


async def test_coffee_introductions_reach_each_member_naming_the_other(teams, runtime):
    await teams.say("coffee join")                  # Ann: in her personal chat
    await teams.in_channel("coffee join")           # Bob: only ever seen in the channel
    await teams.say("coffee run-now", as_user=LIB, name="Lee Librarian", chat="a:1lib-chat")
    assert await runtime.delivery.drain() == 2
    [to_ann] = [r for r in teams.replies(ANN_CHAT) if "meet" in (r.activity.get("summary") or r.text)]
    assert "Bob Baker" in to_ann.card_text() + to_ann.activity.get("summary", "")
    [created] = teams.connector.created
    assert created["members"] == [{"id": BOB}]
    assert created["channelData"] == {"tenant": {"id": TENANT}}
    [to_bob] = teams.replies(f"a:1on1-{BOB}")
    assert "Ann Archer" in to_bob.card_text() + to_bob.activity.get("summary", "")
    bob = await teams.store.user(TENANT, BOB)
    assert bob.personal_conversation_id == f"a:1on1-{BOB}"      # next time: no new chat


async def test_channel_posts_go_to_the_stored_channel(teams, runtime):
    await teams.send("install_team.json")
    await queue(runtime, Destination("teams", TENANT, "channel", (GENERAL,)), "Round started")
    await runtime.delivery.drain()
    assert [r.text for r in teams.replies(GENERAL)][-1] == "Round started"


async def test_429_waits_for_retry_after_then_sends(teams, runtime, clock):
    await teams.say("help")
    teams.connector.fail_next(429, "TooManyRequests", retry_after="30")
    await queue(runtime, to(ANN), "Hello again")
    await runtime.delivery.drain()
    [item] = await outbox(runtime)
    assert item.status == "retrying" and "429" in item.last_error
    throttle = teams.channel.throttle
    assert 29 < throttle.paused_for(TENANT) <= 30            # every send to the tenant waits
    clock.advance(seconds=29)
    assert await runtime.delivery.drain() == 0               # not before Retry-After
    clock.advance(seconds=2)
    throttle.clear(TENANT)                                   # (the real 30 s have passed)
    await runtime.delivery.drain()
    assert (await outbox(runtime))[0].status == "sent"
    assert teams.replies(ANN_CHAT)[-1].text == "Hello again"


async def test_a_short_retry_after_is_waited_out_in_process(teams, runtime):
    await teams.say("help")
    teams.connector.fail_next(429, retry_after="0.3")
    await queue(runtime, to(ANN), "Soon")
    await runtime.delivery.drain()
    assert (await outbox(runtime))[0].status == "sent"
    assert teams.connector.attempts == 3    # help reply, the 429, the retry


async def test_transient_errors_are_retried_with_backoff(teams, runtime, clock):
    await teams.say("help")
    for status in (412, 502, 503, 504):
        teams.connector.fail_next(status)
    await queue(runtime, to(ANN), "Eventually")
    for status in (412, 502, 503, 504):
        await runtime.delivery.drain()
        [item] = await outbox(runtime)
        assert item.status == "retrying" and str(status) in item.last_error
        clock.advance(minutes=20)
    await runtime.delivery.drain()
    [item] = await outbox(runtime)
    assert item.status == "sent" and item.attempts == 5


async def test_bot_removed_or_user_gone_is_permanent(teams, runtime, clock):
    await teams.say("help")
    teams.connector.fail_next(403, "BotNotInConversationRoster")
    await queue(runtime, to(ANN), "Are you there?")
    await runtime.delivery.drain()
    [item] = await outbox(runtime)
    assert item.status == "unreachable" and "403 BotNotInConversationRoster" in item.last_error
    attempts = teams.connector.attempts
    clock.advance(hours=2)
    await runtime.delivery.drain()
    assert teams.connector.attempts == attempts


async def test_someone_the_bot_never_met_fails_permanently(teams, runtime):
    await queue(runtime, to("29:stranger"), "Hello?")
    await runtime.delivery.drain()
    [item] = await outbox(runtime)
    assert item.status == "unreachable" and "never met" in item.last_error
    assert teams.connector.attempts == 0


async def test_conversation_not_found_is_permanent(teams, runtime):
    await teams.send("install_team.json")
    teams.connector.fail_next(404, "ConversationNotFound")
    await queue(runtime, Destination("teams", TENANT, "channel", (GENERAL,)), "Anyone?")
    await runtime.delivery.drain()
    assert (await outbox(runtime))[0].status == "unreachable"


async def test_no_more_than_7_sends_a_second_to_one_conversation(teams, runtime):
    fake = FakeTime()
    teams.channel.throttle = Throttle(clock=fake.clock, sleep=fake.sleep)
    teams.connector.clock = fake.clock
    await teams.say("help")
    for n in range(9):
        await queue(runtime, to(ANN), f"Message {n}", key=f"burst:{n}")
    await runtime.delivery.drain()
    times = sorted(r.at for r in teams.replies(ANN_CHAT)[1:])
    assert len(times) == 9
    gaps = [later - earlier for earlier, later in zip(times, times[7:])]
    assert min(gaps) >= 1.0, gaps          # the 8th waits a second after the 1st
    assert times[-1] - times[0] >= 2.0     # and 8 per 2 seconds
