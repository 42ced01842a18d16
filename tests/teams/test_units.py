"""The adapter's small pieces: throttle windows, card rendering and splitting, mentions."""
from __future__ import annotations

import pytest

import json

from microsoft_agents.activity import Activity

from adapters.teams.local import local_request_allowed
from adapters.teams.messages import MAX_BYTES, activities_for, size_of, wire
from adapters.teams.throttle import SlidingWindows, Throttle
from adapters.teams.translate import command_text
from core.cards import Button, Card, Field, Message, Section
from core.mentions import channel, mention
from core.vocabulary import Destination

from .conftest import ANN, ANN_CHAT, TENANT


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


def busiest(times: list[float], period: float) -> int:
    return max(sum(1 for t in times if start <= t < start + period) for start in times)


async def test_throttle_keeps_each_conversation_to_7_a_second_and_8_in_2():
    time = FakeTime()
    throttle = Throttle(clock=time.clock, sleep=time.sleep)
    sent = []
    for _ in range(30):
        async with throttle.slot("tenant", "chat"):
            sent.append(time.now)
    assert busiest(sent, 1.0) == 7 and busiest(sent, 2.0) == 8
    assert sent[6] == sent[0]          # a burst of 7 goes at once


async def test_throttle_keeps_a_tenant_to_50_a_second_across_conversations():
    time = FakeTime()
    throttle = Throttle(clock=time.clock, sleep=time.sleep)
    sent = []
    for n in range(120):
        async with throttle.slot("tenant", f"chat-{n}"):
            sent.append(time.now)
    assert busiest(sent, 1.0) == 50
    async with throttle.slot("another-tenant", "chat-0") as waited:
        assert waited == 0                               # other tenants are not held up


async def test_a_429_pause_holds_the_whole_tenant():
    time = FakeTime()
    throttle = Throttle(clock=time.clock, sleep=time.sleep)
    throttle.pause("tenant", 30)
    async with throttle.slot("tenant", "some-other-chat") as waited:
        assert waited >= 30


async def test_a_broadcasts_many_conversations_are_forgotten_an_hour_on_now_and_then():
    """Each 1:1 chat of a broadcast keeps its windows for an hour (1,800 an hour); idle ones
    are then dropped, looked for every half minute rather than at every send."""
    time = FakeTime()
    throttle = Throttle(clock=time.clock, sleep=time.sleep, tenant=((1_000_000, 1.0),))

    async def send(chat: str) -> None:
        async with throttle.slot("tenant", chat):
            pass
    for n in range(10_001):
        await send(f"chat-{n}")
    time.now += 3590
    await send("looked")                # looked through: none idle for an hour yet
    time.now += 11
    await send("too-soon")              # idle now, but looked through 11 s ago
    assert len(throttle._conversations) == 10_003
    time.now += 20
    await send("later")
    assert sorted(throttle._conversations) == ["later", "looked", "too-soon"]


def test_sends_in_flight_hold_their_place_until_they_complete():
    """Seven sends in flight fill a chat's second; the eighth may go only a full second after
    one of them *completed*, so arrivals are spaced however long the network takes."""
    windows = SlidingWindows(((7, 1.0),))
    for _ in range(7):
        assert windows.wait(0.0) == 0
        windows.start()
    assert windows.wait(0.3) > 0                # all seven still travelling
    windows.finish(0.4)                         # the first is received at 0.4 s
    assert windows.wait(0.5) == pytest.approx(0.9)
    assert windows.wait(1.4) == 0


def test_cards_always_carry_a_summary_and_buttons_submit_their_action():
    card = Card(title="Coffee Connect", sections=(Section(f"*Hi* {mention('29:1', 'Ann')}", (Field("When", "Monday"),)),),
                buttons=(Button("We met", "coffee.met", "7", "primary"),))
    [activity] = activities_for(Message("Hi Ann, meet Bob", card))
    content = activity.attachments[0].content
    assert activity.summary == "Hi Ann, meet Bob"
    assert content["body"][1]["text"] == "**Hi** @Ann"
    assert content["body"][2]["facts"] == [{"title": "When", "value": "Monday"}]
    assert content["actions"] == [{"type": "Action.Submit", "title": "We met", "style": "positive",
                                   "data": {"kmbot_action": "coffee.met", "value": "7"}}]


def test_long_messages_are_split_under_80_kb():
    sections = tuple(Section("Line of news " * 400) for _ in range(60))   # ~300 KB
    activities = activities_for(Message("Bulletin", Card("Bulletin", sections,
                                                         (Button("Read", "b.read"),))))
    assert len(activities) > 3
    assert all(size_of(a) <= MAX_BYTES for a in activities)
    assert all(a.summary for a in activities)
    assert activities[-1].attachments[0].content["actions"][0]["title"] == "Read"
    text = activities_for(Message("\n".join(["x" * 1000] * 200)))
    assert len(text) >= 10 and all(size_of(a) <= MAX_BYTES for a in text)


def test_plain_messages_mention_people_for_real():
    [activity] = activities_for(Message(
        f"Meet {mention('29:2', 'Bob Baker')} in {channel('19:c', 'general')}"))
    assert activity.text == "Meet <at>Bob Baker</at> in #general"
    assert json.loads(json.dumps(wire(activity)))["entities"] == [
        {"type": "mention", "mentioned": {"id": "29:2", "name": "Bob Baker"},
         "text": "<at>Bob Baker</at>"}]


def test_incoming_mentions_and_html_are_tidied():
    activity = Activity.model_validate({
        "type": "message", "text": "<p><at>kmbot</at>&nbsp;kmbot librarian add <at>Cat</at></p>",
        "recipient": {"id": "28:bot"},
        "entities": [{"type": "mention", "text": "<at>kmbot</at>", "mentioned": {"id": "28:bot"}},
                     {"type": "mention", "text": "<at>Cat</at>",
                      "mentioned": {"id": "29:cat", "name": "Cat Carter"}}]})
    assert command_text(activity) == f"kmbot librarian add {mention('29:cat', 'Cat Carter')}"


def test_local_mode_accepts_only_this_machine():
    assert local_request_allowed("127.0.0.1", "http://localhost:56150/_connector")
    assert not local_request_allowed("10.1.2.3", "http://localhost:56150/_connector")
    assert not local_request_allowed("127.0.0.1", "https://smba.trafficmanager.net/uk/")
    assert not local_request_allowed("127.0.0.1", "http://localhost:56150/_connector",
                                     {"X-Forwarded-For": "203.0.113.9"})


async def test_local_mode_answers_and_sends_without_any_token(local_teams):
    [reply] = await local_teams.say("coffee join")
    assert "You're in **Coffee Connect**" in reply.text and reply.authorization is None
    ref = await local_teams.channel.send(Destination("teams", TENANT, "user", (ANN,)),
                                         Message("Hello again"))
    assert ref.id == local_teams.replies(ANN_CHAT)[-1].activity_id
    assert local_teams.connector.token_requests == 0


@pytest.mark.parametrize("status, code, threaded, kind", [
    (403, "BotNotInConversationRoster", False, "not_in_channel"),
    (403, "Forbidden", True, "not_in_channel"),
    (404, "ConversationNotFound", False, "channel_gone"),
    (404, "ConversationNotFound", True, "thread_gone"),
    (404, "NotFound", True, "thread_gone")])
def test_teams_failures_say_whether_the_channel_or_thread_is_gone(status, code, threaded, kind):
    from adapters.teams.failures import delivery_error

    class Answered(Exception):
        def __init__(self) -> None:
            self.status = status
            self.message = json.dumps({"error": {"code": code}})
    failure = delivery_error(Answered(), threaded=threaded)
    assert failure.permanent and failure.kind == kind
