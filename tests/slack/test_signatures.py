"""Only Slack gets in: bolt's request verification, through our aiohttp app."""
from __future__ import annotations

import time
from urllib.parse import urlencode

import pytest
import slack_sdk.signature
from sqlalchemy import func, select

from storage.models import InboxRow, MembershipRow, PersonRow

from .driver import FORM, payload, signed_headers

# Slack's published example (docs "Verifying requests from Slack"; slack_sdk's own tests).
VECTOR_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
VECTOR_TIMESTAMP = 1531420618
VECTOR_BODY = (
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
    "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
    "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlf"
    "mibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c")
VECTOR_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
VECTOR_HEADERS = {"X-Slack-Request-Timestamp": str(VECTOR_TIMESTAMP),
                  "X-Slack-Signature": VECTOR_SIGNATURE, "Content-Type": FORM}


@pytest.fixture
def slack_overrides():
    return {"slack_signing_secret": VECTOR_SECRET}


@pytest.fixture
def answers(monkeypatch):
    sent = []

    async def record(where, payload, private):
        sent.append((where.response_url, payload["text"], private))
    monkeypatch.setattr("adapters.slack.replies._respond", record)
    return sent


async def count(runtime, column) -> int:
    async with runtime.db.sessions() as session:
        return await session.scalar(select(func.count(column)))


async def test_slacks_example_is_accepted_when_the_clock_says_2018(slack, runtime, answers,
                                                                   monkeypatch):
    monkeypatch.setattr(slack_sdk.signature.Clock, "now", lambda self: VECTOR_TIMESTAMP)
    response = await slack.client.post("/slack/events", data=VECTOR_BODY, headers=VECTOR_HEADERS)
    assert response.status == 200
    await slack.settle()
    assert answers and "webhook-collect" in answers[0][1] and answers[0][2] is True
    assert await count(runtime, PersonRow.key) == 1


async def test_slacks_example_is_rejected_today_as_a_replay(slack, runtime, answers):
    response = await slack.client.post("/slack/events", data=VECTOR_BODY, headers=VECTOR_HEADERS)
    assert response.status == 401
    await slack.settle()
    assert answers == [] and slack.api.methods() == []
    assert await count(runtime, PersonRow.key) == 0


@pytest.mark.parametrize("case", ["unsigned", "stale", "tampered", "wrong secret"])
async def test_forged_requests_get_401_and_change_nothing(slack, runtime, answers, case):
    body = urlencode(payload("slash_command") | {"text": "join"})
    headers = {"Content-Type": FORM}
    if case == "stale":
        headers |= signed_headers(body, int(time.time()) - 301, secret=VECTOR_SECRET)
    elif case == "tampered":
        headers |= signed_headers(body, secret=VECTOR_SECRET)
        body = body.replace("join", "leave")
    elif case == "wrong secret":
        headers |= signed_headers(body, secret="not-the-signing-secret")
    response = await slack.client.post("/slack/events", data=body, headers=headers)
    assert response.status == 401
    await slack.settle()
    assert answers == [] and slack.api.methods() == []
    for column in (PersonRow.key, MembershipRow.person_key, InboxRow.key):
        assert await count(runtime, column) == 0
