"""Socket Mode: the same listeners, over a WebSocket the bot opens (no public URL)."""
from __future__ import annotations

import asyncio

import pytest

from .driver import payload


@pytest.fixture
def slack_overrides():
    return {"slack_signing_secret": None, "slack_app_token": "xapp-1-A0KMBOT-test"}


async def next_ack(api, envelope_id: str) -> dict:
    while True:
        message = await asyncio.wait_for(api.socket_messages.get(), 5)
        if message.get("envelope_id") == envelope_id:
            return message


async def test_a_slash_command_over_the_socket_is_acked_and_answered(slack):
    [opened] = slack.api.calls_to("apps.connections.open")
    assert opened.token == "xapp-1-A0KMBOT-test"
    body = payload("slash_command") | {"response_url": slack.api.response_url("socket")}
    await slack.api.push({"envelope_id": "env-1", "type": "slash_commands",
                          "accepts_response_payload": True, "payload": body})
    assert (await next_ack(slack.api, "env-1"))["envelope_id"] == "env-1"
    await slack.settle()
    assert "You're in" in slack.api.calls_to("response_url")[-1].params["text"]


async def test_events_over_the_socket_reach_the_core(slack):
    await slack.api.push({"envelope_id": "env-2", "type": "events_api",
                          "accepts_response_payload": False,
                          "payload": payload("event_message_im"), "retry_attempt": 0,
                          "retry_reason": ""})
    await next_ack(slack.api, "env-2")
    await slack.settle()
    [reply] = slack.api.calls_to("chat.postMessage")
    assert reply.params["channel"] == "D0ANN" and "You're in" in reply.params["text"]


async def test_without_a_signing_secret_there_is_no_http_endpoint(slack):
    response = await slack.post("{}", "application/json", signed=False)
    assert response.status in (404, 405)


@pytest.mark.parametrize("kind, body", [
    ("events_api", payload("event_message_im") | {"event": None}),
    ("events_api", {**payload("event_message_im"),
                    "event": {**payload("event_message_im")["event"], "text": None}}),
    ("interactive", payload("block_actions") | {"actions": None}),
    ("interactive", payload("view_submission") | {"user": None}),
], ids=["event null", "text null", "actions null", "no user"])
async def test_a_malformed_socket_payload_is_acked_and_dropped(slack, runtime, caplog, kind,
                                                               body):
    from sqlalchemy import func, select
    from storage.models import PersonRow
    await slack.api.push({"envelope_id": "env-bad", "type": kind,
                          "accepts_response_payload": False, "payload": body})
    assert (await next_ack(slack.api, "env-bad"))["envelope_id"] == "env-bad"
    await slack.settle()
    async with runtime.db.sessions() as session:
        assert await session.scalar(select(func.count(PersonRow.key))) == 0
    assert "Traceback" not in caplog.text
    assert any("Socket Mode payload refused" in r.getMessage() for r in caplog.records)


async def test_a_socket_slash_command_with_a_nul_is_answered_kindly(slack):
    body = payload("slash_command") | {"text": "join\x00"}
    await slack.api.push({"envelope_id": "env-nul", "type": "slash_commands",
                          "accepts_response_payload": True, "payload": body})
    ack = await next_ack(slack.api, "env-nul")
    assert "NUL" in ack["payload"]["text"]
