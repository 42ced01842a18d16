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
