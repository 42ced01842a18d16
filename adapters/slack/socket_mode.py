"""Socket Mode: Slack events over a WebSocket the bot opens, so no public URL is needed.

Started on the aiohttp app's start-up when ``SLACK_APP_TOKEN`` (``xapp-…``, with
``connections:write``) is set; the same bolt app and listeners serve it. The socket is
authenticated by the app token, so bolt skips signature checks for it.
"""
from __future__ import annotations

import logging

from aiohttp import web
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from core.wording import slack as say

from .app import SlackAdapter
from .checks import Malformed, SlashProblem, check_parsed

log = logging.getLogger(__name__)


class CheckedSocketModeHandler(AsyncSocketModeHandler):
    """Socket Mode payloads get the HTTP endpoint's shape checks (:mod:`.checks`) before
    bolt sees them; a malformed one is acked (so it is not redelivered) and dropped, with one
    warning line, or answered "I couldn't read that" when it is a slash command."""

    def __init__(self, *args, response_hosts: frozenset[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.response_hosts = response_hosts

    async def handle(self, client: SocketModeClient, req: SocketModeRequest) -> None:
        try:
            check_parsed(req.payload, self.response_hosts)
        except SlashProblem as problem:
            log.warning("Slack Socket Mode payload refused: %s", problem)
            text = say.NUL_REFUSED if problem.nul else say.COULD_NOT_READ
            await client.send_socket_mode_response(SocketModeResponse(
                envelope_id=req.envelope_id,
                payload={"response_type": "ephemeral", "text": text}))
            return
        except Malformed as problem:
            log.warning("Slack Socket Mode payload refused: %s", problem)
            await client.send_socket_mode_response(SocketModeResponse(req.envelope_id))
            return
        await super().handle(client, req)


def add_socket_mode(app: web.Application, adapter: SlackAdapter) -> None:
    token = adapter.config.app_token
    if not token:
        return
    handler = CheckedSocketModeHandler(adapter.bolt, token, web_client=adapter.bolt.client,
                                       response_hosts=adapter.response_hosts)
    adapter.socket_mode = handler

    async def connect(_app: web.Application) -> None:
        await handler.connect_async()
        log.info("Slack Socket Mode connected")

    async def disconnect(_app: web.Application) -> None:
        await handler.close_async()

    app.on_startup.append(connect)
    app.on_cleanup.append(disconnect)
