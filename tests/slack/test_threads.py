"""Slack threads: kmbot's card is posted and edited in place (``chat.update``), people's
replies in its thread arrive as signed ``message`` events and are answered in the thread
(``thread_ts``); other channel chatter is acknowledged and dropped, nothing stored."""
from __future__ import annotations

import copy

import pytest
from sqlalchemy import func, select

from adapters.slack.channel import SlackChannel
from adapters.slack.tokens import Tokens
from core.cards import Message
from core.vocabulary import Destination
from storage.models import InboxRow, OutboxRow, PersonRow

from ..test_threads import board
from .conftest import both_databases
from .driver import payload

WARD = "C0WARD"


@pytest.fixture
def slack(slack):
    slack.runtime.kernel.router.include(board)
    return slack


def channel_message(text: str, *, ts: str, thread_ts: str | None = None, user: str = "U0ANN",
                    event_id: str = "Ev0THREAD01", **extra) -> dict:
    body = copy.deepcopy(payload("event_message_im"))
    event = {"type": "message", "user": user, "text": text, "ts": ts, "team": "T1",
             "channel": WARD, "event_ts": ts, "channel_type": "channel", **extra}
    if thread_ts:
        event["thread_ts"] = thread_ts
    body.update(event=event, event_id=event_id)
    return body


async def start_board(slack) -> str:
    await slack.command("ULIB", "/board new Discharge?", channel=WARD, channel_name="ward-7")
    await slack.settle()
    [card] = [c for c in slack.api.calls_to("chat.postMessage") if c.params["channel"] == WARD]
    assert card.params["text"] == "Discharge? (0 ideas)"
    return next(r.ref_id for r in await rows(slack.runtime))


async def rows(runtime) -> list[OutboxRow]:
    async with runtime.db.sessions() as session:
        return list(await session.scalars(select(OutboxRow).order_by(OutboxRow.id)))


async def count(runtime, table) -> int:
    async with runtime.db.sessions() as session:
        return await session.scalar(select(func.count()).select_from(table))


@both_databases
async def test_a_thread_reply_edits_the_card_and_is_answered_in_the_thread(slack, runtime):
    card_ts = await start_board(slack)
    [root] = await rows(runtime)
    assert (root.ref_conversation, root.tag) == (WARD, "board:Discharge?")
    response = await slack.event(channel_message("Fewer handovers", ts="1700000100.000100",
                                                 thread_ts=card_ts))
    assert response.status == 200
    await slack.settle()
    [update] = slack.api.calls_to("chat.update")
    assert (update.params["channel"], update.params["ts"]) == (WARD, card_ts)
    assert "(1 idea)" in update.params["text"]
    [answer] = [c for c in slack.api.calls_to("chat.postMessage")
                if c.params.get("thread_ts") == card_ts]
    assert answer.params["channel"] == WARD and "Fewer handovers" in answer.params["text"]
    [private] = slack.api.calls_to("chat.postEphemeral")[-1:]
    assert (private.params["user"], private.params["thread_ts"]) == ("U0ANN", card_ts)
    assert private.params["text"] == "Your idea is on the board."


async def test_a_redelivered_thread_reply_counts_once(slack, runtime):
    card_ts = await start_board(slack)
    body = channel_message("Fewer handovers", ts="1700000100.000100", thread_ts=card_ts)
    await slack.event(body)
    await slack.event(body, **{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    await slack.settle()
    assert len(slack.api.calls_to("chat.update")) == 1


async def test_chatter_bot_posts_edits_and_foreign_threads_are_dropped_unstored(slack, runtime):
    card_ts = await start_board(slack)
    calls, people, inbox = len(slack.api.calls), await count(runtime, PersonRow), \
        await count(runtime, InboxRow)
    ignored = [
        channel_message("morning all", ts="1700000200.000001", event_id="Ev1"),
        channel_message("re: rota", ts="1700000200.000002", thread_ts="1600000000.000009",
                        event_id="Ev2"),
        channel_message("by a bot", ts="1700000200.000003", thread_ts=card_ts, event_id="Ev3",
                        bot_id="B0OTHER"),
        channel_message("edited", ts="1700000200.000004", thread_ts=card_ts, event_id="Ev4",
                        subtype="message_changed"),
        channel_message("kmbot itself", ts="1700000200.000005", thread_ts=card_ts,
                        event_id="Ev5", user="UBOT"),
        channel_message("<@UBOT> coffee status", ts="1700000200.000006", thread_ts=card_ts,
                        event_id="Ev6"),     # app_mention brings this one as a command
    ]
    for body in ignored:
        assert (await slack.event(body)).status == 200
    await slack.settle()
    assert len(slack.api.calls) == calls
    assert (await count(runtime, PersonRow), await count(runtime, InboxRow)) == (people, inbox)
    assert len(await rows(runtime)) == 1


async def test_a_card_that_was_deleted_fails_its_edit_for_good(slack, runtime, clock):
    await start_board(slack)
    slack.api.fail("chat.update", "message_not_found")
    async with runtime.services.uow() as uow:
        [root] = await uow.outbox.items()
        await runtime.services.queue_edit(uow, root.id, Message("new counts"))
    await runtime.delivery.drain()
    clock.advance(hours=1)
    await runtime.delivery.drain()
    [row] = await rows(runtime)
    assert row.status == "failed" and "message_not_found" in row.last_error
    assert len(slack.api.calls_to("chat.update")) == 1


async def test_who_is_in_a_channel_reads_every_page(slack_api):
    slack_api.members[WARD] = ["U1", "U2", "U3", "U4", "U5"]
    channel = SlackChannel(Tokens(bot_token="xoxb-test-token", base_url=slack_api.url))
    assert await channel.members(Destination.channel("slack", "T1", WARD)) == [
        "U1", "U2", "U3", "U4", "U5"]
    assert len(slack_api.calls_to("conversations.members")) == 3
