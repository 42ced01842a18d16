"""A local stand-in for the Bot Connector REST API, so the Agents SDK's real client is exercised.

Point an activity's ``serviceUrl`` (or a stored reference's) at :attr:`FakeConnector.url`:
replies, proactive sends, card updates and new 1:1 conversations land in :attr:`sent`. Script
failures with :meth:`fail_next` (429 with ``Retry-After``, 5xx, 403/404 with Teams' error
codes); each scripted answer is used once, in order.

It also stands in for a OneDrive upload session (``PUT /onedrive/{name}``, what a file consent
card's upload URL points at): uploaded files land in :attr:`uploads` by name.

It also stands in for Entra's token endpoint: :class:`FakeTokens` (in place of MSAL) asks it
for the bot's access token, and :attr:`token_requests` counts how often that happened.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from itertools import count

import aiohttp
import jwt
from aiohttp import web
from aiohttp.test_utils import TestServer


@dataclass
class Received:
    method: str
    conversation_id: str
    activity: dict
    at: float = field(default_factory=time.monotonic)
    activity_id: str | None = None
    authorization: str | None = None

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
        self.uploads: dict[str, tuple[bytes, dict]] = {}   # OneDrive: name -> (bytes, headers)
        self.members: dict[str, list[dict]] = {}   # conversation id -> [{"id", "name"}]
        self.upload_status = 201
        self.attempts = 0
        self.token_requests = 0
        self.token_lifetime = 3600
        self.clock = time.monotonic    # when each activity arrived (a test may fake it)
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
        app.router.add_get("/v3/conversations/{cid}/members", self._members)
        app.router.add_post("/oauth2/v2.0/token", self._token)
        app.router.add_put("/onedrive/{name}", self._onedrive)
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
                                  at=self.clock(), activity_id=activity_id,
                                  authorization=request.headers.get("Authorization")))
        return web.json_response({"id": activity_id}, status=201)

    async def _members(self, request: web.Request) -> web.Response:
        conversation = request.match_info["cid"].split(";")[0]
        return web.json_response(self.members.get(conversation, []))

    async def _update(self, request: web.Request) -> web.Response:
        if (failed := self._scripted()) is not None:
            return failed
        self.sent.append(Received("PUT", request.match_info["cid"], await request.json(),
                                  activity_id=request.match_info["aid"],
                                  authorization=request.headers.get("Authorization")))
        return web.json_response({"id": request.match_info["aid"]})

    async def _create(self, request: web.Request) -> web.Response:
        if (failed := self._scripted()) is not None:
            return failed
        body = await request.json()
        self.created.append(body)
        member = body["members"][0]["id"]
        return web.json_response({"id": f"a:1on1-{member}", "serviceUrl": self.url}, status=201)

    async def _onedrive(self, request: web.Request) -> web.Response:
        if self.upload_status in (200, 201):
            self.uploads[request.match_info["name"]] = (await request.read(),
                                                        dict(request.headers))
        return web.json_response({"id": "onedrive-item"}, status=self.upload_status)

    async def _token(self, request: web.Request) -> web.Response:
        self.token_requests += 1
        now = int(time.time())
        token = jwt.encode({"aud": "https://api.botframework.com", "iat": now,
                            "exp": now + self.token_lifetime, "n": self.token_requests},
                           "the fake token endpoint signs with this key", algorithm="HS256")
        return web.json_response({"token_type": "Bearer", "access_token": token,
                                  "expires_in": self.token_lifetime})


class FakeTokens:
    """The bot's outbound token provider in tests: asks the fake token endpoint (MSAL would
    ask Entra). Made per connection configuration, as the SDK makes ``MsalAuth``."""

    def __init__(self, connector: FakeConnector, configuration) -> None:
        self.connector, self.configuration = connector, configuration

    async def get_access_token(self, resource_url: str, scopes: list[str],
                               force_refresh: bool = False) -> str:
        async with aiohttp.ClientSession() as session:
            async with session.post(f"{self.connector.url}/oauth2/v2.0/token",
                                    data={"scope": " ".join(scopes)}) as response:
                return (await response.json())["access_token"]

    def get_token_credential(self):
        # only agentic (Entra credential) flows ask for this; Bot Connector sends never do
        raise RuntimeError("the stand-in token provider has no Azure credential")
