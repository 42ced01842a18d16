"""Socket Mode: Slack events over a WebSocket the bot opens, so no public URL is needed.

Started on the aiohttp app's start-up when ``SLACK_APP_TOKEN`` (``xapp-…``, with
``connections:write``) is set; the same bolt app and listeners serve it. The socket is
authenticated by the app token, so bolt skips signature checks for it.
"""
from __future__ import annotations

import logging

from aiohttp import web
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler

from .app import SlackAdapter

log = logging.getLogger(__name__)


def add_socket_mode(app: web.Application, adapter: SlackAdapter) -> None:
    token = adapter.config.app_token
    if not token:
        return
    handler = AsyncSocketModeHandler(adapter.bolt, token, web_client=adapter.bolt.client)
    adapter.socket_mode = handler

    async def connect(_app: web.Application) -> None:
        await handler.connect_async()
        log.info("Slack Socket Mode connected")

    async def disconnect(_app: web.Application) -> None:
        await handler.close_async()

    app.on_startup.append(connect)
    app.on_cleanup.append(disconnect)
