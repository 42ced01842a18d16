"""The aiohttp handler for ``POST /api/messages``.

Authentication is the SDK's (see :mod:`adapters.teams.auth`): any failure is a 401 before the
activity reaches the bot, so nothing is stored or handled. In local mode (no app id) only this
machine may post, and only activities whose ``serviceUrl`` is on this machine.
"""
from __future__ import annotations

import json
import logging

from aiohttp import web

from .auth import local_request_allowed

log = logging.getLogger(__name__)
MAX_BODY = 1_000_000


def messages_handler(adapter, bot, *, local: bool):
    async def handle(request: web.Request) -> web.StreamResponse:
        if "application/json" not in request.headers.get("Content-Type", ""):
            return web.Response(status=415)
        if request.content_length and request.content_length > MAX_BODY:
            return web.Response(status=413)
        if local and not await _local_ok(request):
            log.warning("local mode: refused a Teams activity from %s", request.remote)
            return web.Response(status=401)
        response = await adapter.process(request, bot)
        return response or web.Response(status=200)
    return handle


async def _local_ok(request: web.Request) -> bool:
    try:
        body = json.loads(await request.read() or b"{}")
    except ValueError:
        return False
    service_url = body.get("serviceUrl") if isinstance(body, dict) else None
    return local_request_allowed(request.remote, service_url)
