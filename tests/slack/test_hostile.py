"""Hostile and malformed Slack requests: a clean 4xx (or a friendly ephemeral answer where
Slack expects a 200), nothing stored, no traceback and no request body in the log."""
from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select

from core import wording
from core.wording import slack as say
from storage.models import InboxRow, MembershipRow, OutboxRow, PersonRow, ProgrammeRow

from .conftest import both_databases
from .driver import FORM, payload
from .hostile import TIMESTAMP_CASES, corpus, send, sign

CASES = corpus()
TABLES = (PersonRow.key, MembershipRow.person_key, InboxRow.key, ProgrammeRow.id, OutboxRow.id)


async def stored(runtime) -> int:
    async with runtime.db.sessions() as session:
        return sum([await session.scalar(select(func.count(c))) for c in TABLES])


def leaks(caplog) -> list[str]:
    """Log lines that hold a traceback, a response URL, a token or a request body."""
    bad = []
    for record in caplog.records:
        line = record.getMessage()
        if record.exc_info or "Traceback" in line or "/response/" in line \
                or "hooks.slack.com" in line or "gIkuvaNzQIHg97ATvDxqgjtO" in line \
                or "payload=" in line or '"type"' in line:
            bad.append(f"{record.name}: {line[:200]}")
    return bad


@pytest.mark.parametrize("signed", [False, True], ids=["unsigned", "signed"])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_a_hostile_request_is_refused_cleanly(slack, runtime, caplog, case, signed):
    caplog.set_level(logging.DEBUG)
    response = await send(slack.client, case, signed)
    assert response.status == case.expected(signed)
    await slack.settle()
    answers = slack.answers()
    assert not any(wording.SOMETHING_WENT_WRONG[:30] in a for a in answers)
    if signed and case.reaches_core:
        assert answers                       # the person hears something useful
    else:
        assert await stored(runtime) == 0 and slack.api.methods() == []
    assert leaks(caplog) == []
    if response.status != 200:
        refusals = [r for r in caplog.records if "refused" in r.getMessage()]
        assert len(refusals) == 1 and refusals[0].levelno == logging.WARNING


@pytest.mark.parametrize("timestamp", TIMESTAMP_CASES.values(), ids=TIMESTAMP_CASES.keys())
async def test_a_strange_timestamp_is_401_even_when_signed_with_it(slack, runtime, caplog,
                                                                   timestamp):
    body = b"command=%2Fcoffee&text=join&user_id=U1&team_id=T1"
    response = await slack.client.post("/slack/events", data=body, headers={
        "Content-Type": FORM, **sign(body, timestamp)})
    assert response.status == 401
    assert await stored(runtime) == 0 and leaks(caplog) == []


async def test_a_slash_command_with_a_nul_gets_a_friendly_answer(slack):
    case = next(c for c in CASES if c.name == "command: NUL in text")
    response = await send(slack.client, case, signed=True)
    answer = await response.json()
    assert answer == {"response_type": "ephemeral", "text": say.NUL_REFUSED}


async def test_a_slash_command_without_text_says_it_could_not_read_it(slack):
    case = next(c for c in CASES if c.name == "command: no text")
    response = await send(slack.client, case, signed=True)
    assert (await response.json())["text"] == say.COULD_NOT_READ


async def test_a_huge_button_value_gets_a_plain_answer(slack):
    case = next(c for c in CASES if c.name == "action: huge number value")
    await send(slack.client, case, signed=True)
    await slack.settle()
    assert "no longer exists" in slack.answers()[-1]


async def test_bolt_never_logs_a_body_on_a_failed_signature(slack, caplog):
    """Behind our guard, bolt's own check still runs; its log line keeps no body."""
    caplog.set_level(logging.DEBUG)
    from slack_bolt.request.async_request import AsyncBoltRequest
    body = "payload=" + '{"type":"block_actions","response_url":"https://hooks.slack.com/x"}'
    request = AsyncBoltRequest(body=body, headers={"x-slack-signature": "v0=00",
                                                   "x-slack-request-timestamp": "1"})
    response = await slack.adapter.bolt.async_dispatch(request)
    assert response.status == 401
    assert any("invalid signature" in r.getMessage() for r in caplog.records)
    assert leaks(caplog) == []


@both_databases
async def test_the_hostile_counts(slack, runtime, caplog, capsys):
    """Every case, signed and unsigned: requests tried, 5xx, apologies and tracebacks."""
    caplog.set_level(logging.DEBUG)
    tried = server_errors = 0
    for case in CASES:
        for signed in (False, True):
            tried += 1
            response = await send(slack.client, case, signed)
            server_errors += response.status >= 500
    await slack.settle()
    apologies = sum(wording.SOMETHING_WENT_WRONG[:30] in a for a in slack.answers())
    tracebacks = sum(bool(r.exc_info) or "Traceback" in r.getMessage() for r in caplog.records)
    with capsys.disabled():
        print(f"\nhostile Slack requests: {tried} tried, {server_errors} answered 5xx, "
              f"{apologies} apologies, {tracebacks} tracebacks logged")
    assert (server_errors, apologies, tracebacks) == (0, 0, 0)
    assert tried == 2 * len(CASES) and payload("slash_command")

