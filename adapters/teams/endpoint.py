"""The aiohttp handler for ``POST /api/messages``: refuse early, then hand over to the SDK.

In order, and before any work: the token is checked (401 when missing or bad, whatever the
body), or in local mode the sender must be this machine; a body over :data:`MAX_BODY` is
refused (413) from its ``Content-Length`` or, when it has none, as soon as reading passes the
limit; only then is the body parsed, and anything that is not one JSON object forming an
activity gets 400. An accepted activity runs through the SDK adapter's
``process_activity`` with the token's claims. Hostile input never reaches a traceback: one
warning line names the reason, never the body or the token.
"""
from __future__ import annotations

import json
import logging
from http import HTTPStatus

from aiohttp import web
from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import ClaimsIdentity
from pydantic import ValidationError

from .auth import RequestAuth, Unauthenticated, endorsed_for, service_url_matches
from .local import from_this_machine, replies_stay_here

log = logging.getLogger(__name__)
MAX_BODY = 256_000   # Teams activities are at most about 100 KB; cards we receive are smaller


class WithoutActivityDumps(logging.Filter):
    """The SDK logs a rejected activity's validation error, input values and traceback at
    ERROR; the endpoint says why it refused in one line instead (the body stays out of logs)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Validation error for Activity")


def quiet_sdk_logs() -> None:
    """One line per refusal, ours: the SDK's own lines about a rejected activity or token
    (which repeat the reason, or dump the body) are left out."""
    sdk = logging.getLogger("microsoft_agents.activity.activity")
    if not any(isinstance(f, WithoutActivityDumps) for f in sdk.filters):
        sdk.addFilter(WithoutActivityDumps())
    logging.getLogger("microsoft_agents.hosting.core.authorization.jwt").setLevel(logging.ERROR)
    # each send names its conversation, and a 1:1 chat's id stands for its person: a line
    # like that, at the moment someone posts anonymously, would say who it was
    logging.getLogger("microsoft_agents.hosting.core.connector").setLevel(logging.WARNING)


class Refused(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


def messages_handler(adapter, bot, *, auth: RequestAuth | None):
    """``auth`` is ``None`` in local mode (no app id; loopback only)."""
    async def handle(request: web.Request) -> web.StreamResponse:
        try:
            identity = await admit(request, auth)
            activity = parse(await read_body(request))
            if auth is not None and not service_url_matches(identity, activity.service_url):
                raise Refused(401, "the token was issued for another service URL")
            if auth is not None and not endorsed_for(identity, activity.channel_id):
                raise Refused(401, "the signing key is not endorsed for this channel")
            if auth is None and not replies_stay_here(activity.service_url):
                raise Refused(401, "local mode: a serviceUrl off this machine")
        except Refused as refusal:
            log.warning("Teams request refused (%s): %s", refusal.status, refusal.reason)
            return web.Response(status=refusal.status)
        try:
            response = await adapter.process_activity(identity, activity, bot.on_turn)
        except PermissionError:
            return web.Response(status=401)
        if activity.type == "invoke":
            status = response.status if response and response.status else HTTPStatus.OK
            return web.json_response(response.body if response else None, status=status)
        return web.Response(status=200)
    return handle


async def admit(request: web.Request, auth: RequestAuth | None) -> ClaimsIdentity:
    """Who is asking (from the headers alone), and whether the body is worth reading."""
    if auth is None:
        if not from_this_machine(request.remote, request.headers):
            raise Refused(401, "local mode accepts requests from this machine only")
        identity = ClaimsIdentity()   # anonymous: replies need no token
    else:
        try:
            identity = await auth.identity(request.headers.get("Authorization"))
        except Unauthenticated as why:
            raise Refused(401, str(why)) from None
    if request.content_length is not None and request.content_length > MAX_BODY:
        raise Refused(413, f"a body of {request.content_length} bytes")
    return identity


async def read_body(request: web.Request) -> bytes:
    body = bytearray()
    async for chunk in request.content.iter_chunked(64 * 1024):
        body += chunk
        if len(body) > MAX_BODY:
            raise Refused(413, "a body over the size limit")
    return bytes(body)


def parse(body: bytes) -> Activity:
    try:
        data = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise Refused(400, "a body that is not UTF-8") from None
    except (ValueError, RecursionError):
        raise Refused(400, "a body that is not JSON") from None
    if not isinstance(data, dict):
        raise Refused(400, f"a JSON {type(data).__name__}, not an activity")
    try:
        activity = Activity.model_validate(data)
    except (ValidationError, ValueError, TypeError, RecursionError):
        raise Refused(400, "JSON that is not an activity") from None
    if not activity.conversation or not activity.conversation.id:
        raise Refused(400, "an activity without a conversation")
    return activity
