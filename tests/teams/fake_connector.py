"""A local stand-in for the Bot Connector REST API, so the real botbuilder client is exercised.

Point an activity's ``serviceUrl`` (or a stored reference's) at :attr:`FakeConnector.url`:
replies, proactive sends, card updates and new 1:1 conversations land in :attr:`sent`. Script
failures with :meth:`fail_next` (429 with ``Retry-After``, 5xx, 403/404 with Teams' error
codes); each scripted answer is used once, in order.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from itertools import count

from aiohttp import web
from aiohttp.test_utils import TestServer


@dataclass
class Received:
    method: str
    conversation_id: str
    activity: dict
    at: float = field(default_factory=time.monotonic)
    activity_id: str | None = None

    @property
    def text(self) -> str:
        return self.activity.get("text") or ""

    @property
    def card(self) -> dict | None:
        for attachment in self.activity.get("attachments") or []:
            if attachment.get("contentType") == "application/vnd.microsoft.card.adaptive":
                return attachment["content"]
        return None

    def card_text(self) -> str:
        """Every TextBlock and fact of the card, one per line."""
        lines = []
        for element in (self.card or {}).get("body", []):
            if element.get("type") == "TextBlock":
                lines.append(element["text"])
            for fact in element.get("facts", []):
                lines.append(f"{fact['title']}: {fact['value']}")
        return "\n".join(lines)

    def buttons(self) -> list[dict]:
        return [a for a in (self.card or {}).get("actions", [])]


@dataclass
class Failure:
    status: int
    code: str = ""
    headers: dict = field(default_factory=dict)


class FakeConnector:
    def __init__(self) -> None:
        self.sent: list[Received] = []
        self.created: list[dict] = []
        self.failures: list[Failure] = []
        self.attempts = 0
        self._ids = count(1)
        self._server: TestServer | None = None

    @property
    def url(self) -> str:
        return str(self._server.make_url("")).rstrip("/")

    def fail_next(self, status: int, code: str = "", *, retry_after: str | None = None,
                  times: int = 1) -> None:
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        self.failures += [Failure(status, code, headers) for _ in range(times)]

    def to(self, conversation_id: str) -> list[Received]:
        return [r for r in self.sent if r.conversation_id.split(";")[0]
                == conversation_id.split(";")[0]]

    async def start(self) -> "FakeConnector":
        app = web.Application()
        app.router.add_post("/v3/conversations", self._create)
        app.router.add_post("/v3/conversations/{cid}/activities", self._activity)
        app.router.add_post("/v3/conversations/{cid}/activities/{aid}", self._activity)
        app.router.add_put("/v3/conversations/{cid}/activities/{aid}", self._update)
        self._server = TestServer(app, host="127.0.0.1")
        await self._server.start_server()
        return self

    async def close(self) -> None:
        if self._server:
            await self._server.close()

    def _scripted(self) -> web.Response | None:
        self.attempts += 1
        if not self.failures:
            return None
        failure = self.failures.pop(0)
        body = {"error": {"code": failure.code or "Error", "message": "scripted failure"}}
        return web.json_response(body, status=failure.status, headers=failure.headers)

    async def _activity(self, request: web.Request) -> web.Response:
        if (failed := self._scripted()) is not None:
            return failed
        activity_id = f"act-{next(self._ids)}"
        self.sent.append(Received("POST", request.match_info["cid"], await request.json(),
                                  activity_id=activity_id))
        return web.json_response({"id": activity_id}, status=201)

    async def _update(self, request: web.Request) -> web.Response:
        if (failed := self._scripted()) is not None:
            return failed
        self.sent.append(Received("PUT", request.match_info["cid"], await request.json(),
                                  activity_id=request.match_info["aid"]))
        return web.json_response({"id": request.match_info["aid"]})

    async def _create(self, request: web.Request) -> web.Response:
        if (failed := self._scripted()) is not None:
            return failed
        body = await request.json()
        self.created.append(body)
        member = body["members"][0]["id"]
        return web.json_response({"id": f"a:1on1-{member}", "serviceUrl": self.url}, status=201)
