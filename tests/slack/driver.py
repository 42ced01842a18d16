"""Talking to kmbot the way Slack does: signed HTTP requests with realistic payloads.

    resp = await slack.command("U0ANN", "/coffee join")
    await slack.settle()                       # background work and the outbox
    assert "You're in" in slack.answers()[-1]
"""
from __future__ import annotations

import copy
import itertools
import json
import time
from pathlib import Path
from urllib.parse import urlencode

from aiohttp.test_utils import TestClient
from slack_sdk.signature import SignatureVerifier

from .fake_web_api import FakeSlackApi

PAYLOADS = Path(__file__).parent / "payloads"
SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
FORM = "application/x-www-form-urlencoded"


def payload(name: str) -> dict:
    return json.loads((PAYLOADS / f"{name}.json").read_text())


def signed_headers(body: str, timestamp: int | None = None, secret: str = SECRET) -> dict:
    timestamp = int(time.time()) if timestamp is None else timestamp
    signature = SignatureVerifier(secret).generate_signature(timestamp=str(timestamp), body=body)
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": signature}


class SlackDriver:
    def __init__(self, client: TestClient, api: FakeSlackApi, adapter, runtime) -> None:
        self.client, self.api, self.adapter, self.runtime = client, api, adapter, runtime
        self._n = itertools.count(1)

    async def post(self, body: str, content_type: str, *, headers: dict | None = None,
                   signed: bool = True):
        all_headers = {"Content-Type": content_type, **(signed_headers(body) if signed else {}),
                       **(headers or {})}
        return await self.client.post("/slack/events", data=body.encode(), headers=all_headers)

    def trigger(self) -> str:
        return f"{next(self._n)}.738474920.t{time.time_ns()}"

    async def command(self, user: str, line: str, *, channel: str = "C0COFFEE",
                      channel_name: str = "coffee-connect", team: str = "T1", **overrides):
        command, _, text = line.partition(" ")
        body = payload("slash_command") | {
            "team_id": team, "user_id": user, "user_name": user.lower(), "command": command,
            "text": text, "channel_id": channel, "channel_name": channel_name,
            "trigger_id": self.trigger(), "response_url": self.api.response_url(user)} | overrides
        return await self.post(urlencode(body), FORM)

    async def interact(self, body: dict, **headers):
        return await self.post(urlencode({"payload": json.dumps(body)}), FORM, headers=headers)

    async def press(self, user: str, action_id: str, value: str = "", *,
                    view: dict | None = None, channel: str = "GMPIM1"):
        body = payload("block_actions")
        body["user"] = {**body["user"], "id": user, "username": user.lower(), "name": user.lower()}
        body["trigger_id"] = self.trigger()
        body["response_url"] = self.api.response_url(user)
        body["actions"][0].update(action_id=action_id, value=value)
        if view is not None:
            for key in ("channel", "message", "response_url"):
                body.pop(key)
            body["container"] = {"type": "view", "view_id": "VHOME"}
            body["view"] = view
        else:
            body["container"]["channel_id"] = body["channel"]["id"] = channel
        return await self.interact(body)

    async def submit(self, user: str, view: dict, values: dict[str, str]):
        body = payload("view_submission")
        body["user"] = {**body["user"], "id": user}
        body["trigger_id"] = self.trigger()
        view = copy.deepcopy(view)
        view["state"] = {"values": {
            block["block_id"]: {"value": {"type": block["element"]["type"],
                                          "value": values.get(block["block_id"])}}
            for block in view["blocks"] if block["type"] == "input"}}
        body["view"] = view
        return await self.interact(body)

    async def event(self, body: dict, **headers):
        return await self.post(json.dumps(body), "application/json", headers=headers)

    async def settle(self) -> None:
        await self.adapter.background.drain(timeout=10)
        await self.runtime.delivery.drain()
        await self.adapter.background.drain(timeout=10)

    def answers(self, user: str | None = None) -> list[str]:
        """Texts sent back: through response URLs and chat.post*, in order."""
        texts = []
        for call in self.api.calls:
            if call.method in ("response_url", "chat.postMessage", "chat.postEphemeral"):
                blocks = call.params.get("blocks") or []
                if isinstance(blocks, str):
                    blocks = json.loads(blocks)
                texts.append("\n".join([call.params.get("text", "")] + [
                    json.dumps(b) for b in blocks]))
        return texts
