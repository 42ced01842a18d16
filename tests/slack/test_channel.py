"""Proactive messages through the outbox: group DMs, Slack's limits and Slack's errors."""
from __future__ import annotations

import asyncio
import time

import pytest
from datetime import timedelta

from sqlalchemy import select

from adapters.slack.channel import SlackChannel
from adapters.slack.throttle import ChannelThrottle, WorkspaceRate
from adapters.slack.tokens import Tokens
from core.cards import Card, Field, Message, Section
from core.channels import MessageRef
from core.vocabulary import Destination
from storage.models import OutboxRow

ANN = "slack:T1:U0ANN"


async def queue(runtime, destination: Destination, message: Message) -> None:
    async with runtime.services.uow() as uow:
        await runtime.services.queue(uow, destination, message)


async def outbox(runtime) -> list[OutboxRow]:
    async with runtime.db.sessions() as session:
        return list(await session.scalars(select(OutboxRow).order_by(OutboxRow.id)))


async def test_coffee_introduction_goes_to_a_group_dm(slack, runtime):
    for user in ("U0ANN", "U0BOB"):
        await slack.command(user, "/coffee join")
    await slack.settle()
    await slack.command("ULIB", "/coffee run-now")
    await slack.settle()
    [opened] = slack.api.calls_to("conversations.open")
    assert sorted(opened.params["users"].split(",")) == ["U0ANN", "U0BOB"]
    [intro] = slack.api.calls_to("chat.postMessage")
    assert intro.params["channel"] == "GU0ANNU0BOB"
    assert "<@U0ANN" in intro.params["text"] and "<@U0BOB" in intro.params["text"]
    assert [row.status for row in await outbox(runtime)] == ["sent"]


async def test_rate_limit_is_retried_after_what_slack_said(slack, runtime, clock):
    slack.api.rate_limit("chat.postMessage", retry_after=30)
    await queue(runtime, Destination.user(ANN), Message("Your coffee round is on Monday"))
    await runtime.delivery.drain()
    [row] = await outbox(runtime)
    assert row.status == "retrying" and row.attempts == 1
    assert row.next_attempt_at == clock.now() + timedelta(seconds=30)
    assert "retry after 30s" in row.last_error
    clock.advance(seconds=31)
    await runtime.delivery.drain()
    [row] = await outbox(runtime)
    assert row.status == "sent" and len(slack.api.calls_to("chat.postMessage")) == 2


async def test_a_missing_channel_fails_for_good(slack, runtime, clock):
    slack.api.fail("chat.postMessage", "channel_not_found")
    await queue(runtime, Destination("slack", "T1", "channel", ("C0GONE",)), Message("Round done"))
    await runtime.delivery.drain()
    clock.advance(hours=2)
    await runtime.delivery.drain()
    [row] = await outbox(runtime)
    assert row.status == "unreachable" and "channel_not_found" in row.last_error
    assert len(slack.api.calls_to("chat.postMessage")) == 1


async def test_a_thread_destination_posts_in_the_thread(slack, runtime):
    await queue(runtime, Destination("slack", "T1", "channel", ("C0COFFEE",), "1700000000.1"),
                Message("In the thread"))
    await runtime.delivery.drain()
    [post] = slack.api.calls_to("chat.postMessage")
    assert (post.params["channel"], post.params["thread_ts"]) == ("C0COFFEE", "1700000000.1")


async def test_about_one_message_per_second_per_channel(slack_api):
    channel = SlackChannel(Tokens(bot_token="xoxb-1", base_url=slack_api.url),
                           ChannelThrottle(interval=0.2))
    to = lambda cid: Destination("slack", "T1", "channel", (cid,))  # noqa: E731
    await asyncio.gather(*[channel.send(to("C1"), Message(f"n{i}")) for i in range(3)],
                         channel.send(to("C2"), Message("other channel")))
    posts = slack_api.calls_to("chat.postMessage")
    c1 = [p.at for p in posts if p.params["channel"] == "C1"]
    c2 = [p.at for p in posts if p.params["channel"] == "C2"]
    assert len(c1) == 3 and all(b - a >= 0.18 for a, b in zip(c1, c1[1:]))
    assert c2[0] - c1[0] < 0.1          # another channel is not held up


async def test_a_card_edit_does_not_wait_behind_the_channels_posts(slack_api):
    channel = SlackChannel(Tokens(bot_token="xoxb-1", base_url=slack_api.url),
                           ChannelThrottle(interval=0.5))
    card = MessageRef("slack", "T1", "C1", "1700000000.1")
    to_c1 = Destination("slack", "T1", "channel", ("C1",))
    await asyncio.gather(*[channel.send(to_c1, Message(f"idea {i}")) for i in range(4)],
                         channel.edit(card, Message("12 votes")))
    first_post = slack_api.calls_to("chat.postMessage")[0].at
    [update] = slack_api.calls_to("chat.update")
    assert update.params["text"] == "12 votes"
    assert update.at - first_post < 0.4        # the posts take 1.5 s at the channel's pace


def test_chat_update_has_its_own_pace_per_workspace_with_bursts():
    now = [0.0]
    rate = WorkspaceRate(per_minute=60, burst=3, clock=lambda: now[0])
    assert [rate.book("T1") for _ in range(5)] == [0, 0, 0, 1.0, 2.0]
    assert rate.book("T2") == 0                # another workspace has its own limit
    now[0] = 60.0                              # a quiet minute refills the burst
    assert [rate.book("T1") for _ in range(4)] == [0, 0, 0, 1.0]


async def test_a_channels_card_takes_chat_updates_turns_before_the_counts_in_its_thread():
    rate = WorkspaceRate(per_minute=600, burst=1, patience=3)     # a token every 0.1 s
    order = []

    async def edit(name, urgent):
        await rate.wait("T1", urgent=urgent)
        order.append((name, time.monotonic()))

    await rate.wait("T1")                      # a token just taken: the next in 0.1 s
    idea = asyncio.ensure_future(edit("idea", False))   # waits for a free token ...
    await asyncio.sleep(0)
    for n in range(1, 6):                      # ... but the card books each one first
        await edit(f"card {n}", True)
    await idea
    names = [name for name, _ in order]
    assert names[:3] == ["card 1", "card 2", "card 3"]
    assert names.index("idea") <= 4            # it waited 3 tokens' worth, then booked one
    assert all(b - a >= 0.09 for (_, a), (_, b) in zip(order, order[1:]))   # still the pace


async def test_long_content_is_split_within_slacks_limits(slack_api):
    channel = SlackChannel(Tokens(bot_token="xoxb-1", base_url=slack_api.url),
                           ChannelThrottle(interval=0))
    card = Card(title="Lessons learned " * 20,
                sections=tuple(Section("lesson " * 700, fields=tuple(
                    Field(f"f{i}", "v" * 50) for i in range(12))) for i in range(30)))
    await channel.send(Destination.user(ANN), Message("x " * 30000, card))
    await channel.send(Destination.user(ANN), Message("word " * 20000))
    posts = [p.params for p in slack_api.calls_to("chat.postMessage")]
    with_blocks = [p for p in posts if p.get("blocks")]
    assert len(with_blocks) >= 3
    for post in with_blocks:
        assert len(post["blocks"]) <= 50 and len(post["text"]) <= 40000
        for block in post["blocks"]:
            assert len(block.get("text", {}).get("text", "")) <= 3000
            assert len(block.get("fields", [])) <= 10
    plain = [p for p in posts if not p.get("blocks")]
    assert len(plain) == 3 and all(len(p["text"]) <= 40000 for p in plain)
    assert sum(len(p["text"].split()) for p in plain) == 20000


@pytest.mark.parametrize("error, kind", [
    ("channel_not_found", "channel_gone"), ("is_archived", "channel_gone"),
    ("not_in_channel", "not_in_channel"), ("thread_not_found", "thread_gone"),
    ("message_not_found", "thread_gone"), ("msg_too_long", None)])
async def test_errors_that_mean_the_channel_or_thread_is_gone_say_so(slack_api, error, kind):
    from core.channels import DeliveryError
    channel = SlackChannel(Tokens(bot_token="xoxb-1", base_url=slack_api.url))
    slack_api.fail("chat.postMessage", error)
    with pytest.raises(DeliveryError) as failed:
        await channel.send(Destination("slack", "T1", "channel", ("C1",), "1700000000.1"),
                           Message("15 minutes left"))
    assert failed.value.permanent and failed.value.kind == kind


async def test_can_post_asks_whether_kmbot_is_a_member(slack_api):
    channel = SlackChannel(Tokens(bot_token="xoxb-1", base_url=slack_api.url))
    slack_api.outside.add("C2")
    slack_api.gone.add("C3")
    to = lambda cid: Destination("slack", "T1", "channel", (cid,))  # noqa: E731
    assert [await channel.can_post(to(c)) for c in ("C1", "C2", "C3")] == [True, False, False]
    assert [c.params["channel"] for c in slack_api.calls_to("conversations.info")] == [
        "C1", "C2", "C3"]
