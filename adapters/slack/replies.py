"""Answering the person who acted: the core's :class:`~core.cards.Reply` sent back to Slack.

After a slash command or a button on a message, answers go through the ``response_url``
(ephemeral when the message is private, so only the asker sees it). Without one, they go to
the conversation the event came from: ``chat.postEphemeral`` for private answers in a
channel, ``chat.postMessage`` in a DM or thread. Forms open as modals with the event's
``trigger_id``; when there is none (a typed message), a button offers to open the form.
A file attached to a message is uploaded to the person's DM after the message's text (or,
when the upload fails, sent as text messages: :mod:`adapters.slack.files`).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace

import aiohttp

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from core.cards import Form, Message, Reply
from core.wording import slack as say

from .blocks import file_payloads, message_payloads, run_again_blocks
from .files import upload_to_dm
from .guard import bolt_logger
from .modals import Origin, form_view

log = logging.getLogger(__name__)
RESPONSE_URL_USES = 5
NOT_THERE = ("channel_not_found", "not_in_channel")


@dataclass(frozen=True)
class Where:
    """What Slack told us about where an interaction happened."""

    client: AsyncWebClient
    user_id: str
    channel_id: str = ""
    thread_ts: str | None = None
    is_direct: bool = False
    response_url: str = ""
    trigger_id: str = ""
    command_text: str = ""      # a typed command, to run again from a button
    kind: str = "direct"
    http: aiohttp.ClientSession | None = None   # shared connection pool for response URLs
    private: bool | None = None  # the channel's privacy (None: Slack did not say)

    @property
    def origin(self) -> Origin:
        return Origin(self.channel_id, self.thread_ts, self.response_url, self.kind,
                      self.private)


async def send_reply(reply: Reply, where: Where) -> None:
    if reply.open_form:
        await open_form(reply.open_form, where)
    uses = 0
    for message in reply.messages:
        uses = await _send(where, message_payloads(replace(message, attachment=None)),
                           message.private, uses)
        if message.attachment and not await upload_to_dm(message.attachment, where):
            uses = await _send(where, file_payloads(message.attachment), message.private, uses)


async def _send(where: Where, payloads: list[dict], private: bool, uses: int) -> int:
    """Through the ``response_url`` while it may still be used, then as messages; returns
    how many times the ``response_url`` has now been used."""
    for payload in payloads:
        if where.response_url and uses < RESPONSE_URL_USES:
            uses += 1
            await _respond(where, payload, private)
        else:
            await post(where, payload, private)
    return uses


async def open_form(form: Form, where: Where) -> None:
    if not where.trigger_id:
        text = say.FORM_NEEDS_CLICK.format(button=say.OPEN_FORM)
        for payload in message_payloads(Message(text, private=True),
                                        run_again_blocks(where.command_text)):
            await post(where, payload, private=True)
        return
    try:
        await where.client.views_open(trigger_id=where.trigger_id,
                                      view=form_view(form, where.origin))
    except SlackApiError as error:
        log.warning("views.open failed: %s", error.response.get("error"))
        await send_reply(Reply.say(say.FORM_EXPIRED), replace(where, trigger_id=""))


async def _respond(where: Where, payload: dict, private: bool) -> None:
    response = await AsyncWebhookClient(where.response_url, session=where.http,
                                        logger=bolt_logger("adapters.slack.webhook")).send(
        **payload, response_type="ephemeral" if private else "in_channel",
        replace_original=False)
    if response.status_code != 200:
        log.warning("response_url answered %s", response.status_code)


async def post(where: Where, payload: dict, private: bool) -> None:
    client = where.client
    channel = where.channel_id
    if private and channel and not where.is_direct:
        try:
            await client.chat_postEphemeral(channel=channel, user=where.user_id,
                                            thread_ts=where.thread_ts, **payload)
            return
        except SlackApiError as error:   # the bot is not in that channel: answer in a DM
            if error.response.get("error") not in NOT_THERE:
                raise
        channel, where = "", replace(where, channel_id="", thread_ts=None)
    if not channel:
        channel = (await client.conversations_open(users=where.user_id))["channel"]["id"]
    await client.chat_postMessage(channel=channel, thread_ts=where.thread_ts,
                                  unfurl_links=False, **payload)
