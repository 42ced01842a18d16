"""Sending a file to someone in their personal chat with the bot (``/kmbot my-data``'s export).

Teams lets a bot send a file only in a personal chat, and only with the person's consent:

1. the bot sends a file consent card (``application/vnd.microsoft.teams.card.file.consent``)
   naming the file and its size; the file's content travels in the card's ``acceptContext``,
   which Teams hands back unchanged (nothing waits on the server, any process can finish);
2. the person chooses Allow: Teams sends an invoke ``fileConsent/invoke`` with an upload URL in
   their OneDrive; the bot PUTs the bytes there (one ``Content-Range`` request);
3. the bot then posts a file info card (``...card.file.info``) so the file shows in the chat.

Declining sends nothing. A file too big for a card's context, a chat that is not personal, or
an upload that fails falls back to text messages (code blocks), as on the console.
"""
from __future__ import annotations

import logging
from urllib.parse import urlparse

import aiohttp
from microsoft_agents.activity import Activity, ActivityTypes, Attachment as TeamsAttachment
from microsoft_agents.hosting.core import TurnContext

from core.cards import Attachment
from core.wording import teams as say

from .local import is_loopback_host

log = logging.getLogger(__name__)
CONSENT = "application/vnd.microsoft.teams.card.file.consent"
INFO = "application/vnd.microsoft.teams.card.file.info"
INVOKE_NAME = "fileConsent/invoke"
FILE_KEY = "kmbot_file"
MAX_CONTEXT_BYTES = 60_000      # the content rides in the card: keep the activity under 80 KB
UPLOAD_TIMEOUT = aiohttp.ClientTimeout(total=30)


def consent_activity(attachment: Attachment) -> Activity | None:
    """The consent card for ``attachment``, or None when it is too big to travel in one."""
    data = attachment.content.encode("utf-8")
    if len(data) > MAX_CONTEXT_BYTES:
        return None
    text = say.FILE_CONSENT.format(filename=attachment.filename)
    card = {"description": text, "sizeInBytes": len(data),
            "acceptContext": {FILE_KEY: attachment.filename, "mime": attachment.mime,
                              "content": attachment.content},
            "declineContext": {FILE_KEY: attachment.filename}}
    return Activity(type=ActivityTypes.message, text=text, summary=text,
                    attachments=[TeamsAttachment(content_type=CONSENT, name=attachment.filename,
                                                 content=card)])


def is_file_consent(activity: Activity) -> bool:
    return activity.type == ActivityTypes.invoke and activity.name == INVOKE_NAME


async def on_file_consent(turn_context: TurnContext,
                          session: aiohttp.ClientSession | None = None) -> Attachment | None:
    """Finish the consent flow; returns the file when it could not be uploaded (the caller
    sends it as text), None when it was uploaded or declined."""
    value = turn_context.activity.value if isinstance(turn_context.activity.value, dict) else {}
    context = value.get("context") if isinstance(value.get("context"), dict) else {}
    if value.get("action") != "accept":
        await turn_context.send_activity(say.FILE_DECLINED)
        return None
    content, filename = context.get("content"), context.get(FILE_KEY)
    info = value.get("uploadInfo") if isinstance(value.get("uploadInfo"), dict) else {}
    if not isinstance(content, str) or not isinstance(filename, str):
        await turn_context.send_activity(say.FILE_GONE)
        return None
    attachment = Attachment(filename, content, str(context.get("mime") or "text/plain"))
    if not await _upload(info.get("uploadUrl"), content.encode("utf-8"), session):
        return attachment
    await turn_context.send_activity(Activity(
        type=ActivityTypes.message, attachments=[TeamsAttachment(
            content_type=INFO, name=info.get("name") or filename,
            content_url=info.get("contentUrl"),
            content={"uniqueId": info.get("uniqueId"), "fileType": info.get("fileType")})]))
    return None


async def _upload(url, data: bytes, session: aiohttp.ClientSession | None) -> bool:
    """One PUT of the whole file to the OneDrive upload session Teams opened."""
    if not isinstance(url, str) or not _acceptable(url):
        log.warning("file consent: no usable upload URL")
        return False
    headers = {"Content-Length": str(len(data)),
               "Content-Range": f"bytes 0-{len(data) - 1}/{len(data)}"}
    own = session is None
    session = session or aiohttp.ClientSession(timeout=UPLOAD_TIMEOUT)
    try:
        async with session.put(url, data=data, headers=headers) as response:
            if response.status in (200, 201):
                return True
            log.warning("file upload to OneDrive answered %s", response.status)
    except (aiohttp.ClientError, TimeoutError) as error:
        log.warning("file upload to OneDrive failed (%s)", type(error).__name__)
    finally:
        if own:
            await session.close()
    return False


def _acceptable(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme == "https" or (parsed.scheme == "http"
                                        and is_loopback_host(parsed.hostname))
