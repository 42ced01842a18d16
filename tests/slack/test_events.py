"""Events API: the Home tab, messages typed to the bot, mentions, retries and the URL check."""
from __future__ import annotations

import json

from sqlalchemy import select

from core import housekeeping
from scheduler import Scheduler
from storage.models import InboxRow, MembershipRow

from .driver import payload


def texts_of(view: dict) -> str:
    return json.dumps(view["blocks"])


async def test_url_verification_echoes_the_challenge(slack):
    body = payload("url_verification")
    response = await slack.event(body)
    assert response.status == 200
    assert (await response.json())["challenge"] == body["challenge"]


async def test_home_tab_shows_status_and_join_button(slack):
    assert (await slack.event(payload("event_app_home_opened"))).status == 200
    await slack.settle()
    [published] = slack.api.calls_to("views.publish")
    assert published.params["user_id"] == "U0ANN"
    view = published.params["view"]
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    buttons = [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [b["text"]["text"] for b in buttons] == ["Join Coffee Connect", "Capture a lesson",
                                                    "Search lessons"]
    assert "not joined yet" in texts_of(view) and "no open actions" in texts_of(view)


async def test_joining_from_home_updates_home_and_says_so_in_a_dm(slack, runtime):
    await slack.event(payload("event_app_home_opened"))
    await slack.settle()
    view = slack.api.calls_to("views.publish")[0].params["view"]
    join = next(e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"])
    await slack.press("U0ANN", join["action_id"], join.get("value", ""), view=view)
    await slack.settle()
    assert "You're in" in slack.api.calls_to("chat.postMessage")[-1].params["text"]
    assert slack.api.calls_to("chat.postMessage")[-1].params["channel"] == "DU0ANN"
    home = slack.api.calls_to("views.publish")[-1].params["view"]
    assert "you're in" in texts_of(home) and "Pause for 2 weeks" in texts_of(home)


async def test_a_dm_to_the_bot_is_a_command_answered_in_the_dm(slack, runtime):
    await slack.event(payload("event_message_im"))
    await slack.settle()
    [reply] = slack.api.calls_to("chat.postMessage")
    assert reply.params["channel"] == "D0ANN" and "You're in" in reply.params["text"]
    async with runtime.db.sessions() as session:
        assert list(await session.scalars(select(MembershipRow.person_key))) == ["slack:T1:U0ANN"]


async def test_a_redelivered_event_has_one_effect(slack, runtime):
    body = payload("event_message_im")
    first = await slack.event(body)
    await slack.settle()
    again = await slack.event(body, **{"X-Slack-Retry-Num": "1",
                                       "X-Slack-Retry-Reason": "http_timeout"})
    third = await slack.event(body, **{"X-Slack-Retry-Num": "2",
                                       "X-Slack-Retry-Reason": "http_timeout"})
    await slack.settle()
    assert (first.status, again.status, third.status) == (200, 200, 200)
    assert len(slack.api.calls_to("chat.postMessage")) == 1
    async with runtime.db.sessions() as session:
        keys = list(await session.scalars(select(InboxRow.key)))
    assert keys == ["slack:T1:event:Ev0DM000001"]


async def test_old_delivery_keys_are_purged_by_the_scheduled_job(slack, runtime, clock):
    await slack.event(payload("event_message_im"))
    await slack.settle()
    ticker = Scheduler(runtime.services, housekeeping.JOBS, worker="test")
    await ticker.prepare()          # the standing purge is scheduled (03:30 UTC daily)
    clock.advance(days=8)
    [purge] = await ticker.tick()
    assert purge.kind == "housekeeping.purge"
    async with runtime.db.sessions() as session:
        assert list(await session.scalars(select(InboxRow.key))) == []


async def test_bot_messages_and_edits_are_ignored(slack):
    for change in ({"subtype": "message_changed"}, {"bot_id": "BBOT"}):
        body = payload("event_message_im")
        body["event"].update(change)
        body["event_id"] += change.popitem()[0]
        assert (await slack.event(body)).status == 200
    await slack.settle()
    assert slack.api.calls_to("chat.postMessage") == []


async def test_a_mention_is_answered_in_a_thread_without_the_mention(slack):
    await slack.event(payload("event_app_mention"))
    await slack.settle()
    [reply] = slack.api.calls_to("chat.postEphemeral") + slack.api.calls_to("chat.postMessage")
    assert reply.params["channel"] == "C0COFFEE"
    assert reply.params["thread_ts"] == "1700000050.000400"
    assert "don't know" not in reply.params["text"] and "Coffee" in reply.params["text"]


async def test_a_typed_command_that_needs_a_form_offers_a_button(slack):
    body = payload("event_message_im")
    body["event"]["text"] = "coffee profile"
    await slack.event(body)
    await slack.settle()
    assert slack.api.calls_to("views.open") == []
    offer = next(c.params for c in slack.api.calls_to("chat.postMessage")
                 if "Open the form" in json.dumps(c.params.get("blocks", [])))
    button = offer["blocks"][-1]["elements"][0]
    await slack.press("U0ANN", button["action_id"], button["value"], channel="D0ANN")
    await slack.settle()
    [opened] = slack.api.calls_to("views.open")
    assert opened.params["view"]["callback_id"] == "kmbot:coffee.profile"


async def test_the_messages_tab_says_welcome_only_while_the_dm_is_empty(slack):
    body = payload("event_app_home_opened")
    body["event"]["tab"] = "messages"
    await slack.event(body)
    await slack.settle()
    [welcome] = slack.api.calls_to("chat.postMessage")
    assert welcome.params["channel"] == "D0ANN" and "I'm kmbot" in welcome.params["text"]
    slack.api.history["D0ANN"] = [{"text": welcome.params["text"]}]
    body["event_id"] = "Ev0HOME0002"
    await slack.event(body)
    await slack.settle()
    assert len(slack.api.calls_to("chat.postMessage")) == 1
    assert slack.api.calls_to("views.publish") == []
