"""Hostile and malformed requests to ``/api/messages``: a clean 4xx, nothing stored, nothing
sent, no traceback and no body or token in the log; and no Teams door where Teams is not
configured.

The corpus: bodies that are not JSON, not UTF-8, JSON that is not an object (an array, null, a
string, a number), deep nesting, an object that is not an activity, and bodies over the size
limit (with and without ``Content-Length``), each sent with no token, a bad token and a valid
one. Without a valid token: 401 whatever the body. With one: 400 (413 when too big).
"""
from __future__ import annotations

import json
import logging
import re

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import create_app
from bot.settings import Settings
from storage.teams import TeamsStore

from ..conftest import fresh_database
from . import botframework
from .conftest import payload

MALFORMED = {
    "not json": b"{this is not json",
    "an array": b'[{"type": "message"}]',
    "null": b"null",
    "a string": b'"message"',
    "a number": b"42",
    "invalid utf-8": b'{"type": "message", "text": "\xff\xfe\xc3\x28"}',
    "deep nesting": b"[" * 20_000 + b"]" * 20_000,
    "deep object": b'{"type": "message", "value": ' + b'{"a":' * 20_000 + b"1" + b"}" * 20_001,
    "no conversation": b'{"type": "message", "text": "coffee join"}',
    "wrong types": b'{"type": 7, "conversation": "x", "from": [], "entities": {}}',
    "empty": b"",
}
TOO_BIG = b'{"type": "message", "text": "' + b"x" * 400_000 + b'"}'


@pytest.fixture
def database_url(tmp_path, postgres_ok):
    with fresh_database("sqlite", tmp_path, postgres_ok) as url:
        yield url


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def text(self) -> str:
        return "\n".join(r.getMessage() for r in self.records)


@pytest.fixture
def log_lines():
    lines = Lines()
    root = logging.getLogger()
    root.addHandler(lines)
    previous = root.level
    root.setLevel(logging.DEBUG)
    yield lines
    root.setLevel(previous)
    root.removeHandler(lines)


async def nothing_happened(teams) -> None:
    assert teams.connector.attempts == 0 and teams.connector.token_requests == 0
    assert await teams.store.conversations() == []


def no_traceback(lines: Lines, *secrets: str) -> None:
    assert not any(r.exc_info for r in lines.records), "a traceback was logged"
    assert "Traceback" not in lines.text()
    for secret in secrets:      # as a whole: "42" inside an address like 0x7f42a0 is not it
        assert not re.search(rf"(?<![0-9A-Za-z]){re.escape(secret)}(?![0-9A-Za-z])",
                             lines.text()), secret


async def post_raw(teams, body: bytes, headers: dict, *, chunked: bool = False) -> int:
    headers = {"Content-Type": "application/json", **headers}
    data = body
    if chunked:
        async def pieces():
            for at in range(0, len(body), 65_536):
                yield body[at:at + 65_536]
        data = pieces()
    response = await teams.client.post("/api/messages", data=data, headers=headers)
    return response.status


@pytest.mark.parametrize("kind", sorted(MALFORMED))
@pytest.mark.parametrize("token", ["none", "bad"])
async def test_malformed_without_a_valid_token_is_401(kind, token, teams, log_lines):
    headers = {} if token == "none" else {"Authorization": "Bearer not.a.token"}
    assert await post_raw(teams, MALFORMED[kind], headers) == 401
    await nothing_happened(teams)
    no_traceback(log_lines, "not.a.token")
    [warning] = [r for r in log_lines.records if r.levelno >= logging.WARNING]
    assert "refused (401)" in warning.getMessage()


@pytest.mark.parametrize("kind", sorted(MALFORMED))
async def test_malformed_with_a_valid_token_is_400(kind, teams, log_lines):
    token = botframework.token(teams.connector.url)
    assert await post_raw(teams, MALFORMED[kind], {"Authorization": f"Bearer {token}"}) == 400
    await nothing_happened(teams)
    no_traceback(log_lines, token, MALFORMED[kind].decode("utf-8", "replace")[:40] or "∅")
    [warning] = [r for r in log_lines.records if r.levelno >= logging.WARNING]
    assert "refused (400)" in warning.getMessage()


@pytest.mark.parametrize("chunked", [False, True])
async def test_a_body_over_the_limit_is_413(chunked, teams, log_lines):
    token = botframework.token(teams.connector.url)
    headers = {"Authorization": f"Bearer {token}"}
    assert await post_raw(teams, TOO_BIG, headers, chunked=chunked) == 413
    assert await post_raw(teams, TOO_BIG, {}, chunked=chunked) == 401
    await nothing_happened(teams)
    no_traceback(log_lines, token)


async def test_a_token_for_another_service_url_is_401(teams, log_lines):
    activity = payload("personal_message.json", teams.connector.url, text="coffee join")
    token = botframework.token("https://smba.trafficmanager.net/evil/")
    assert await teams.post(activity, {"Authorization": f"Bearer {token}"}) == 401
    await nothing_happened(teams)
    no_traceback(log_lines, token)


async def test_log_lines_hold_no_body_or_token_on_a_good_request(teams, log_lines):
    activity = payload("personal_message.json", teams.connector.url,
                       text="coffee join my-secret-words")
    token = botframework.token(teams.connector.url)
    assert await teams.post(activity, {"Authorization": f"Bearer {token}"}) == 200
    no_traceback(log_lines, token, "my-secret-words")
    sent = teams.connector.sent[-1].authorization.split()[1]
    assert sent not in log_lines.text()          # nor the bot's own outbound token


# No Teams door where Teams is not configured, and a local one only for this machine.

@pytest.fixture
async def app_client(request, database_url, clock):
    from bot.runtime import build_runtime
    settings = Settings(_env_file=None, kmbot_database_url=database_url, **request.param)
    runtime = await build_runtime(settings, clock=clock, scheduler=False)
    client = TestClient(TestServer(create_app(runtime, start_background=False),
                                   host="127.0.0.1"))
    await client.start_server()
    yield client, runtime
    await client.close()
    await runtime.stop()


SLACK_ONLY = {"slack_bot_token": "xoxb-test-token", "slack_signing_secret": "s" * 32,
              "slack_api_base_url": "http://127.0.0.1:9/api/"}


@pytest.mark.parametrize("app_client", [SLACK_ONLY, {}], indirect=True,
                         ids=["slack-only", "nothing configured"])
async def test_without_teams_configured_there_is_no_teams_endpoint(app_client):
    client, runtime = app_client
    activity = payload("personal_message.json", "http://127.0.0.1:9", text="coffee join")
    response = await client.post("/api/messages", data=json.dumps(activity),
                                 headers={"Content-Type": "application/json"})
    assert response.status == 404
    assert await TeamsStore(runtime.db.sessions).conversations() == []
    async with runtime.services.uow() as uow:
        assert await uow.people.find_by_name(f"teams:{botframework.TENANT}", "Ann Archer") == []


@pytest.mark.parametrize("app_client", [{"kmbot_teams_local": True}], indirect=True)
async def test_local_mode_refuses_what_came_through_a_proxy(app_client, connector):
    client, runtime = app_client
    activity = payload("personal_message.json", connector.url, text="coffee join")
    for proxy in ({"X-Forwarded-For": "203.0.113.9"}, {"Forwarded": "for=203.0.113.9"},
                  {"X-Real-IP": "203.0.113.9"}):
        response = await client.post("/api/messages", data=json.dumps(activity),
                                     headers={"Content-Type": "application/json", **proxy})
        assert response.status == 401
    off_machine = {**activity, "serviceUrl": "https://smba.example.net/x/"}
    response = await client.post("/api/messages", json=off_machine)
    assert response.status == 401
    assert await TeamsStore(runtime.db.sessions).conversations() == []
    response = await client.post("/api/messages", json=activity)      # the Playground
    assert response.status == 200
    assert "You're in **Coffee Connect**" in connector.sent[-1].text
