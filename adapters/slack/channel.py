"""Sending proactive messages to Slack: the delivery worker's channel for ``slack`` rows.

``user`` destinations go to the person's DM with the bot (posted to their user id, which needs
no ``conversations.open``), ``group`` destinations to a group
DM with everyone in it (Slack can open one, so a group stays one destination), ``channel``
destinations to the channel (in a thread when one is given); each send returns the channel
and ``ts`` Slack gave the message, which ``edit`` (``chat.update``) uses later. Slack's answers become
:class:`~core.channels.DeliveryError`: a 429 carries ``Retry-After``; errors that will never
go away (a deleted channel, a deactivated account, a revoked token) are permanent.
"""
from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager
from typing import Awaitable, Callable

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from core.cards import Message
from core.channels import CHANNEL_GONE, NOT_IN_CHANNEL, THREAD_GONE, DeliveryError, MessageRef
from core.pacing import SharedPace
from core.vocabulary import Destination

from .blocks import message_payloads
from .throttle import ChannelThrottle, WorkspaceRate
from .tokens import NotInstalled, Tokens

log = logging.getLogger(__name__)

PERMANENT = frozenset({
    "channel_not_found", "not_in_channel", "is_archived", "account_inactive",
    "user_not_found", "users_not_found", "user_disabled", "cannot_dm_bot", "invalid_auth",
    "not_authed", "token_revoked", "token_expired", "no_permission", "missing_scope",
    "restricted_action", "team_access_not_granted", "ekm_access_denied", "msg_too_long",
    "no_text", "invalid_blocks", "too_many_users", "not_allowed_token_type",
    "org_login_required", "invalid_arguments", "is_bot",
    "message_not_found", "cant_update_message", "edit_window_closed", "thread_not_found",
})
#: what a permanent failure says about where it was going (core.channels' kinds)
KINDS = {"channel_not_found": CHANNEL_GONE, "is_archived": CHANNEL_GONE,
         "not_in_channel": NOT_IN_CHANNEL, "thread_not_found": THREAD_GONE,
         "message_not_found": THREAD_GONE}
# the recipient cannot be reached at all: shown as "not reachable", never retried
UNREACHABLE = frozenset({
    "channel_not_found", "not_in_channel", "is_archived", "account_inactive",
    "user_not_found", "users_not_found", "user_disabled", "cannot_dm_bot", "token_revoked",
    "team_access_not_granted", "is_bot",
})


def retry_after(error: SlackApiError) -> float:
    headers = {k.lower(): v for k, v in (error.response.headers or {}).items()}
    value = headers.get("retry-after", "1")
    try:
        return max(0.0, float(value[0] if isinstance(value, list) else value))
    except ValueError:
        return 1.0


class SlackChannel:
    platform = "slack"

    def __init__(self, tokens: Tokens, throttle: ChannelThrottle | None = None,
                 edits: WorkspaceRate | None = None, *,
                 shared: SharedPace | None = None) -> None:
        self.tokens = tokens
        self.shared = shared            # the workspace-wide pace, kept with every process
        self.throttle = throttle or ChannelThrottle()     # chat.postMessage, per channel
        self.edits = edits or WorkspaceRate()              # chat.update, per workspace
        self._conversations: dict[tuple[str, tuple[str, ...]], str] = {}

    def fan_out(self, destination: Destination) -> list[Destination]:
        return [destination]

    async def send(self, destination: Destination, message: Message) -> MessageRef | None:
        """``chat.postMessage`` (in ``thread_ts`` when the destination has a thread); returns
        the channel and ``ts`` of the first part."""
        channel, first = "", None
        async with self._errors(lambda: channel, destination.workspace):
            client = await self.tokens.client_for(destination.workspace)
            channel = await self._conversation(client, destination)
            for payload in message_payloads(message):
                await self.throttle.wait(channel)
                if self.shared is not None:
                    await self.shared.take(f"slack:{destination.workspace}")
                posted = await client.chat_postMessage(
                    channel=channel, thread_ts=destination.thread_id, unfurl_links=False,
                    **payload)
                if first is None and posted.get("ts"):
                    first = MessageRef(self.platform, destination.workspace,
                                       posted.get("channel") or channel, posted["ts"],
                                       destination.thread_id)
        return first

    async def edit(self, ref: MessageRef, message: Message, *,
                   latest: Callable[[], Awaitable[Message]] | None = None) -> None:
        """``chat.update`` of a message kmbot posted (a card is one part: its first), at
        ``chat.update``'s own pace per workspace, not behind the channel's posts. A message
        shown in the channel (a wall's card) goes before posts in threads (their counts);
        once its turn has come, ``latest()`` gives the newest content to send."""
        async with self._errors(lambda: ref.conversation):
            client = await self.tokens.client_for(ref.workspace)
            await self.edits.wait(ref.workspace, urgent=ref.thread is None)
            if latest is not None:
                message = await latest()
            payload = {"blocks": [], **message_payloads(message)[0]}   # [] clears old blocks
            await client.chat_update(channel=ref.conversation, ts=ref.id, **payload)

    async def can_post(self, destination: Destination) -> bool:
        """Whether kmbot is in the channel (``conversations.info``'s ``is_member``) and it is
        not archived; a channel Slack cannot find is no. When Slack cannot be reached the
        answer is yes: a failure later reaches the feature that posted (it pauses)."""
        try:
            client = await self.tokens.client_for(destination.workspace)
            found = await client.conversations_info(channel=destination.ids[0])
        except SlackApiError as error:
            code = str(error.response.get("error") or "")
            if code in ("channel_not_found", "not_in_channel", "is_archived"):
                return False
            log.warning("conversations.info failed (%s); assuming kmbot can post", code)
            return True
        except (NotInstalled, aiohttp.ClientError, asyncio.TimeoutError) as error:
            log.warning("could not check a channel (%s); assuming kmbot can post",
                        type(error).__name__)
            return True
        channel = found.get("channel") or {}
        return bool(channel.get("is_member")) and not channel.get("is_archived")

    async def members(self, destination: Destination) -> list[str]:
        """Who is in a channel (``conversations.members``, every page)."""
        members: list[str] = []
        async with self._errors(lambda: destination.ids[0]):
            client = await self.tokens.client_for(destination.workspace)
            cursor = None
            while True:
                page = await client.conversations_members(channel=destination.ids[0],
                                                          cursor=cursor, limit=1000)
                members += page.get("members") or []
                cursor = (page.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    return members

    @asynccontextmanager
    async def _errors(self, channel, workspace: str = ""):
        """Slack's failures as :class:`DeliveryError` (``channel()`` names the conversation)."""
        try:
            yield
        except NotInstalled as error:
            raise DeliveryError(str(error), unreachable=True) from None
        except SlackApiError as error:
            failure = self._delivery_error(error, channel())
            if failure.retry_after is not None and self.shared is not None and workspace:
                await self.shared.pause(f"slack:{workspace}", failure.retry_after)
            raise failure from None
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise DeliveryError(f"could not reach Slack: {type(error).__name__}") from None

    async def _conversation(self, client: AsyncWebClient, destination: Destination) -> str:
        if destination.kind == "channel":
            return destination.ids[0]
        if destination.kind == "user" and len(destination.ids) == 1:
            # chat.postMessage to a user id posts in the bot's DM with them: no
            # conversations.open (tier 3, about 50 a minute per workspace) per person
            return destination.ids[0]
        key = (destination.workspace, tuple(sorted(destination.ids)))
        if key not in self._conversations:
            opened = await client.conversations_open(users=",".join(destination.ids))
            self._conversations[key] = opened["channel"]["id"]
        return self._conversations[key]

    def _delivery_error(self, error: SlackApiError, channel: str) -> DeliveryError:
        if error.response.status_code == 429:
            wait = retry_after(error)     # the outbox holds the row back until then
            return DeliveryError(f"Slack rate limit: retry after {wait:g}s", retry_after=wait)
        code = str(error.response.get("error") or f"HTTP {error.response.status_code}")
        if code in ("channel_not_found", "not_in_channel", "is_archived"):
            self._conversations = {k: v for k, v in self._conversations.items() if v != channel}
        return DeliveryError(f"Slack error: {code}", permanent=code in PERMANENT,
                             kind=KINDS.get(code), unreachable=code in UNREACHABLE)
