"""Slack's HTTP requests, inside our aiohttp app: ``POST /slack/events`` for the Events API,
slash commands and interactivity, and the OAuth install routes when OAuth is configured.

Each request first passes :class:`~.guard.Guard` (size, signature, shape: 413, 401 or 400
before any work), then goes to bolt as it arrived (bolt's own aiohttp helpers translate it),
so bolt's request verification sees the raw body and headers too.
"""
from __future__ import annotations

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request

from . import oauth
from .app import SlackAdapter

EVENTS_PATH = "/slack/events"


def add_routes(app: web.Application, adapter: SlackAdapter) -> None:
    bolt = adapter.bolt

    async def events(request: web.Request) -> web.Response:
        refusal = await adapter.guard.admit(request)
        if refusal is not None:
            return refusal.response()
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    if adapter.serves_http:
        app.router.add_post(EVENTS_PATH, events)
    flow = bolt.oauth_flow
    if flow is None:
        return

    async def install(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await flow.handle_installation(
            await to_bolt_request(request)))

    async def oauth_redirect(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await flow.handle_callback(
            await to_bolt_request(request)))

    app.router.add_get(oauth.INSTALL_PATH, install)
    app.router.add_get(oauth.REDIRECT_PATH, oauth_redirect)
