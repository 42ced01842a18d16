"""A corpus of malformed and hostile Slack requests, each sent signed and unsigned.

Used by ``tests/slack/test_hostile.py`` (status codes, nothing stored, no traceback, no
apology) and by ``bench/bench_hostile.py`` (which prints the counts).
"""
from __future__ import annotations

import copy
import hashlib
import hmac
import json
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from .driver import FORM, SECRET, payload

JSON = "application/json"
DEEP = "[" * 20_000 + "]" * 20_000


@dataclass(frozen=True)
class Case:
    name: str
    body: bytes
    content_type: str = FORM
    headers: dict = field(default_factory=dict)
    signed_status: int = 400        # what a signed copy gets (unsigned: always 401)
    reaches_core: bool = False      # signed copy is well formed: the core answers it

    def request(self, signed: bool) -> tuple[bytes, dict]:
        headers = {"Content-Type": self.content_type}
        if signed:
            headers |= sign(self.body)
        return self.body, headers | self.headers

    def expected(self, signed: bool) -> int:
        if self.signed_status == 413:
            return 413
        return self.signed_status if signed else 401


def sign(body: bytes, timestamp: str | None = None) -> dict:
    """Slack's headers over the raw bytes (the driver's helper takes text only)."""
    timestamp = str(int(time.time())) if timestamp is None else timestamp
    digest = hmac.new(SECRET.encode(), b"v0:" + timestamp.encode() + b":" + body,
                      hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": f"v0={digest}"}


def _form(fields: dict) -> bytes:
    return urlencode(fields).encode()


def _interaction(data) -> bytes:
    return _form({"payload": data if isinstance(data, str) else json.dumps(data)})


def _command(**changes) -> dict:
    body = payload("slash_command") | {"command": "/coffee", "text": "status",
                                       "trigger_id": "1.2.t", "user_id": "U0ANN",
                                       "response_url": "http://127.0.0.1:9/response/x"}
    for key, value in changes.items():
        if value is None:
            body.pop(key, None)
        else:
            body[key] = value
    return body


def _action(**changes) -> dict:
    body = payload("block_actions")
    body.update(changes)
    return body


def _with_action(action_id: str, value) -> dict:
    body = payload("block_actions")
    body["actions"][0].update(action_id=action_id, value=value)
    body.pop("response_url")        # answered with chat.postEphemeral (the fake API)
    return body


def _submission(metadata=None, drop_metadata: bool = False, **changes) -> dict:
    body = payload("view_submission")
    view = copy.deepcopy(body["view"])
    if drop_metadata:
        view.pop("private_metadata")
    elif metadata is not None:
        view["private_metadata"] = metadata if isinstance(metadata, str) else json.dumps(metadata)
    body["view"] = view
    body.update(changes)
    return body


def _event(**event_changes) -> dict:
    body = payload("event_message_im")
    for key, value in event_changes.items():
        if value is ...:
            body["event"].pop(key, None)
        else:
            body["event"][key] = value
    return body


def _json(data) -> bytes:
    return json.dumps(data).encode()


def corpus() -> list[Case]:
    origin = {"channel_id": "C1", "thread_id": None, "response_url": "", "kind": "channel"}
    return [
        # bodies that are not what they claim to be
        Case("invalid JSON", b'{"type": "event_callback",', JSON),
        Case("JSON array", b"[1, 2, 3]", JSON),
        Case("JSON null", b"null", JSON),
        Case("JSON string", b'"hello"', JSON),
        Case("20,000-deep JSON", DEEP.encode(), JSON),
        Case("payload= an array", _interaction("[1]")),
        Case("payload= null", _interaction("null")),
        Case("payload= not JSON", _interaction("{nope")),
        Case("payload= 20,000 deep", _interaction(DEEP)),
        Case("invalid UTF-8 form", b"token=\xff\xfe&command=%2Fcoffee"),
        Case("invalid UTF-8 JSON", b'{"type": "\xff\xfe"}', JSON),
        Case("unknown content type", b"hello", "text/plain"),
        Case("empty body", b"", FORM),
        Case("form that does not parse", b"a=1&&b", FORM),
        Case("gzip header on a plain body", _form(_command()),
             headers={"Content-Encoding": "gzip"}),
        Case("body too large", b"x" * (1024 * 1024 + 10), signed_status=413),
        # envelopes and interactions we do not take
        Case("unknown envelope type", _json({"type": "shenanigans"}), JSON),
        Case("unsupported interaction", _interaction({"type": "shortcut",
                                                      "user": {"id": "U1"}})),
        # view submissions
        Case("view: private_metadata not JSON", _interaction(_submission("{not json"))),
        Case("view: private_metadata missing", _interaction(_submission(drop_metadata=True))),
        Case("view: private_metadata an array", _interaction(_submission("[1]"))),
        Case("view: unknown origin kind", _interaction(_submission(
            {"context": "", "origin": origin | {"kind": "galaxy"}}))),
        Case("view: origin with extra keys", _interaction(_submission(
            {"context": "", "origin": origin | {"exec": "rm -rf"}}))),
        Case("view: response_url elsewhere", _interaction(_submission(
            {"context": "", "origin": origin | {"response_url": "https://evil.example/x"}}))),
        Case("view: context not text", _interaction(_submission({"context": {"a": 1}}))),
        Case("view: no user", _interaction(_submission(user=None))),
        Case("view: view null", _interaction(_submission(view=None))),
        Case("view: state values null", _interaction(_submission(
            view=payload("view_submission")["view"] | {"state": {"values": None}}))),
        # block actions
        Case("action: no user", _interaction(_action(user=None))),
        Case("action: user without id", _interaction(_action(user={"name": "x"}))),
        Case("action: actions null", _interaction(_action(actions=None))),
        Case("action: actions empty", _interaction(_action(actions=[]))),
        Case("action: action not an object", _interaction(_action(actions=["x"]))),
        Case("action: value not text", _interaction(_with_action("kmbot:coffee.met:0", 5))),
        Case("action: NUL in value", _interaction(_with_action("kmbot:coffee.met:0", "1\x00"))),
        Case("action: huge number value", _interaction(_with_action(
            "kmbot:coffee.met:0", "9" * 40)), signed_status=200, reaches_core=True),
        Case("action: huge programme id", _interaction(_with_action(
            "kmbot:coffee.join:0", "1" + "0" * 30)), signed_status=200, reaches_core=True),
        Case("action: form button with a bad form", _interaction(_with_action(
            "kmbot-form:0", "{not a form")), signed_status=200, reaches_core=True),
        # events
        Case("event: no user", _json(_event(user=...)), JSON),
        Case("event: no text", _json(_event(text=...)), JSON),
        Case("event: no channel", _json(_event(channel=...)), JSON),
        Case("event: text null", _json(_event(text=None)), JSON),
        Case("event: event null", _json(payload("event_message_im") | {"event": None}), JSON),
        Case("event: NUL in text", _json(_event(text="coffee join\x00")), JSON),
        Case("event: messages tab without a channel", _json(
            payload("event_app_home_opened") | {"event": {
                **payload("event_app_home_opened")["event"], "tab": "messages", "channel": None}}),
             JSON),
        Case("event: no event id", _json({k: v for k, v in payload("event_message_im").items()
                                          if k != "event_id"}), JSON),
        # slash commands (Slack shows our answer, so some get a friendly ephemeral 200)
        Case("command: no user", _form(_command(user_id=None))),
        Case("command: no team", _form(_command(team_id=None))),
        Case("command: not a command", _form(_command(command="coffee"))),
        Case("command: no text", _form(_command(text=None)), signed_status=200),
        Case("command: no channel", _form(_command(channel_id=None)), signed_status=200),
        Case("command: NUL in text", _form(_command(text="join\x00now")), signed_status=200),
    ]


async def send(client, case: Case, signed: bool, headers: dict | None = None):
    body, all_headers = case.request(signed)
    if headers:
        all_headers |= headers
    return await client.post("/slack/events", data=body, headers=all_headers)


TIMESTAMP_CASES = {"non-numeric timestamp": "abc", "huge timestamp": "9" * 40,
                   "negative timestamp": "-5", "empty timestamp": ""}
