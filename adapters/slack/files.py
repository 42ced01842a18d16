"""A file attached to a reply (``/kmbot my-data``'s export), uploaded to the person's DM.

Slack's upload is three steps, which slack_sdk's ``files_upload_v2`` takes in turn:
``files.getUploadURLExternal`` (a one-off upload URL), the bytes posted to that URL, then
``files.completeUploadExternal`` sharing the file in the DM (scope ``files:write``). The file
always goes to the DM, never to a channel where the command was typed, since it is personal.
When the upload fails (a workspace that has not granted ``files:write`` yet, files turned off
by an admin, Slack unreachable), :func:`upload_to_dm` says so and the caller sends the content
as text messages instead, so the person always gets their copy.
"""
from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError

from core.cards import Attachment

if TYPE_CHECKING:
    from .replies import Where

log = logging.getLogger(__name__)


async def upload_to_dm(attachment: Attachment, where: "Where") -> bool:
    """True when the file reached the person's DM with the bot."""
    try:
        channel = where.channel_id if where.is_direct and where.channel_id else (
            await where.client.conversations_open(users=where.user_id))["channel"]["id"]
        await where.client.files_upload_v2(
            channel=channel, filename=attachment.filename, title=attachment.filename,
            content=attachment.content.encode("utf-8"))
        return True
    except SlackApiError as error:
        log.warning("file upload refused (%s): sending it as text",
                    error.response.get("error") or error.response.status_code)
    except (SlackClientError, aiohttp.ClientError, asyncio.TimeoutError) as error:
        log.warning("file upload failed (%s): sending it as text", type(error).__name__)
    return False
