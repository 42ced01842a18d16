"""A local aiohttp server standing in for the Slack Web API (and response URLs, and the
Socket Mode WebSocket), so the real slack_sdk client is exercised end to end.

    api = FakeSlackApi(); await api.start()
    client = AsyncWebClient("xoxb-1", base_url=api.url)
    api.fail("chat.postMessage", "channel_not_found")
    api.rate_limit("chat.postMessage", retry_after=30)
    api.calls_to("conversations.open")[0].params["users"] == "U1,U2"
    api.files[0].content, api.files[0].channel      # files uploaded (files_upload_v2)
"""
from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    token: str | None
    at: float = field(default_factory=time.monotonic)


@dataclass
class UploadedFile:
    """A file uploaded through files.getUploadURLExternal, its URL and
    files.completeUploadExternal (shared only once completed)."""
    id: str
    filename: str
    length: int
    content: bytes = b""
    title: str = ""
    channel: str | None = None
    initial_comment: str | None = None


@dataclass
class Scripted:
    error: str
    status: int = 200
    retry_after: float | None = None


class FakeSlackApi:
    def __init__(self, *, team_id: str = "T1", bot_user_id: str = "UBOT") -> None:
        self.team_id = team_id
        self.bot_user_id = bot_user_id
        self.calls: list[Call] = []
        self.scripted: dict[str, list[Scripted]] = {}
        self.delay = 0.0
        self.history: dict[str, list[dict]] = {}     # conversations.history by channel
        self.members: dict[str, list[str]] = {}      # conversations.members by channel
        self.outside: set[str] = set()               # channels the bot is not a member of
        self.gone: set[str] = set()                  # channels deleted (channel_not_found)
        self.private: dict[str, bool] = {}           # conversations.info is_private by channel
        self.uploads: dict[str, UploadedFile] = {}   # by file id, from getUploadURLExternal
        self.files: list[UploadedFile] = []           # completed (shared) uploads
        self.sockets: list[web.WebSocketResponse] = []
        self.socket_messages: asyncio.Queue = asyncio.Queue()
        self._runner: web.AppRunner | None = None
        self.url = ""
        self.root = ""
        self._ts = 0

    async def start(self) -> "FakeSlackApi":
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)
        app.router.add_post("/response/{key}", self._response_url)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        self.root = f"http://127.0.0.1:{port}"
        self.url = f"{self.root}/api/"
        return self

    async def stop(self) -> None:
        for ws in self.sockets:
            await ws.close()
        if self._runner:
            await self._runner.cleanup()

    # -- scripting --------------------------------------------------------------------------
    def fail(self, method: str, error: str, *, times: int = 1) -> None:
        self.scripted.setdefault(method, []).extend([Scripted(error)] * times)

    def rate_limit(self, method: str, retry_after: float, *, times: int = 1) -> None:
        self.scripted.setdefault(method, []).extend(
            [Scripted("ratelimited", 429, retry_after)] * times)

    def response_url(self, key: str = "1") -> str:
        return f"{self.root}/response/{key}"

    # -- reading ----------------------------------------------------------------------------
    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def methods(self) -> list[str]:
        return [c.method for c in self.calls if c.method != "auth.test"]

    # -- serving ----------------------------------------------------------------------------
    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        body = await request.text()
        if request.content_type == "application/json" and body:
            params.update(json.loads(body))
        elif body:
            params.update(dict(parse_qsl(body)))
        return params

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") if auth else params.get("token")
        self.calls.append(Call(method, params, token))
        if self.delay:
            await asyncio.sleep(self.delay)
        queue = self.scripted.get(method)
        if queue:
            scripted = queue.pop(0)
            headers = ({"Retry-After": f"{scripted.retry_after:g}"}
                       if scripted.retry_after is not None else {})
            return web.json_response({"ok": False, "error": scripted.error},
                                     status=scripted.status, headers=headers)
        return web.json_response(self._answer(method, params))

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        self._ts += 1
        ts = f"1700000000.{self._ts:06d}"
        if method == "auth.test":
            return {"ok": True, "team_id": self.team_id, "user_id": self.bot_user_id,
                    "bot_id": "BBOT", "team": "NHS Library", "user": "kmbot",
                    "url": "https://nhs-library.slack.com/"}
        if method == "conversations.open":
            users = str(params.get("users", "")).split(",")
            cid = f"D{users[0]}" if len(users) == 1 else "G" + "".join(sorted(users))
            return {"ok": True, "channel": {"id": cid}}
        if method in ("chat.postMessage", "chat.update") and params.get("channel") in self.gone:
            return {"ok": False, "error": "channel_not_found"}
        if method == "chat.postMessage" and params.get("channel") in self.outside:
            return {"ok": False, "error": "not_in_channel"}
        if method in ("chat.postMessage", "chat.postEphemeral"):
            return {"ok": True, "channel": params.get("channel"), "ts": ts, "message_ts": ts}
        if method == "chat.update":
            return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts"),
                    "text": params.get("text", "")}
        if method == "conversations.info":
            channel = params.get("channel")
            if channel in self.gone:
                return {"ok": False, "error": "channel_not_found"}
            info = {"id": channel, "is_member": channel not in self.outside,
                    "is_archived": False}
            if channel in self.private:
                info["is_private"] = self.private[channel]
            return {"ok": True, "channel": info}
        if method == "conversations.members":
            everyone = self.members.get(params.get("channel"), [])
            start = int(params.get("cursor") or 0)
            page = everyone[start:start + 2]           # small pages, to exercise the cursor
            more = str(start + 2) if start + 2 < len(everyone) else ""
            return {"ok": True, "members": page, "response_metadata": {"next_cursor": more}}
        if method in ("views.open", "views.publish", "views.update"):
            return {"ok": True, "view": {"id": f"V{self._ts}"}}
        if method == "oauth.v2.access":
            team = params.get("code", "").removeprefix("code-") or "T9"
            return {"ok": True, "app_id": "A1", "access_token": f"xoxb-{team}",
                    "token_type": "bot", "scope": "commands,chat:write",
                    "bot_user_id": "UBOT", "team": {"id": team, "name": f"Team {team}"},
                    "enterprise": None, "authed_user": {"id": "UINSTALLER"}}
        if method == "conversations.history":
            return {"ok": True, "messages": self.history.get(params.get("channel"), [])}
        if method == "files.getUploadURLExternal":
            file_id = f"F{self._ts:06d}"
            self.uploads[file_id] = UploadedFile(file_id, str(params.get("filename")),
                                                 int(params.get("length") or 0))
            return {"ok": True, "file_id": file_id, "upload_url": f"{self.root}/upload/{file_id}"}
        if method == "files.completeUploadExternal":
            return self._complete_upload(params)
        if method == "apps.connections.open":
            return {"ok": True, "url": self.root.replace("http", "ws") + "/socket"}
        return {"ok": True}

    def _complete_upload(self, params: dict[str, Any]) -> dict[str, Any]:
        files = params.get("files")
        files = json.loads(files) if isinstance(files, str) else files or []
        done = []
        for item in files:
            upload = self.uploads.pop(item.get("id"), None)
            if upload is None or len(upload.content) != upload.length:
                return {"ok": False, "error": "file_upload_size_mismatch" if upload
                        else "file_not_found"}
            upload.title = item.get("title") or upload.filename
            upload.channel = params.get("channel_id")
            upload.initial_comment = params.get("initial_comment")
            self.files.append(upload)
            done.append({"id": upload.id, "name": upload.filename, "title": upload.title})
        return {"ok": True, "files": done}

    async def _upload(self, request: web.Request) -> web.Response:
        upload = self.uploads.get(request.match_info["file_id"])
        self.calls.append(Call("upload", {"file_id": request.match_info["file_id"]}, None))
        if upload is None:
            return web.Response(status=404, text="no such upload")
        upload.content = await request.read()
        return web.Response(text=f"OK - {len(upload.content)}")

    async def _response_url(self, request: web.Request) -> web.Response:
        params = json.loads(await request.text() or "{}")
        self.calls.append(Call("response_url", params, None))
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.sockets.append(ws)
        await ws.send_json({"type": "hello", "num_connections": 1})
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                await self.socket_messages.put(json.loads(message.data))
        return ws

    async def push(self, envelope: dict) -> None:
        """Send a Socket Mode envelope to the connected client."""
        for _ in range(200):
            if self.sockets:
                break
            await asyncio.sleep(0.01)
        await self.sockets[-1].send_json(envelope)
