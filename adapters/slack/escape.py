"""The core's text as Slack ``mrkdwn``: the one place Slack escaping happens.

Slack reads ``<!channel>``, ``<!here>``, ``<@U…>``, ``<#C…>`` and ``<https://real|shown>`` in
message text as controls. Only the bot's own mentions and channel links (made by
:mod:`core.mentions`) become controls here; everything else, whatever a person typed into a
profile, a programme name or a command, and whatever Slack's profile fields hold, has ``&``,
``<`` and ``>`` escaped, so it cannot ping anyone or disguise a link.
"""
from __future__ import annotations

import re

from core.mentions import plain, segments

USER_TOKEN = re.compile(r"<@([A-Za-z0-9._:-]+)(?:\|[^>]*)?>")
CHANNEL_TOKEN = re.compile(r"<#([A-Za-z0-9._:-]+)(?:\|[^>]*)?>")


def escape(text: str) -> str:
    """Any text, shown as typed: no control survives."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mrkdwn(text: str) -> str:
    """Core text for a ``mrkdwn`` field or a message's ``text``."""
    return "".join(_token(piece) if markup else escape(piece)
                   for markup, piece in segments(text))


def plain_text(text: str) -> str:
    """Core text for a ``plain_text`` field (titles, buttons, modal labels): Slack shows it
    as it is, so mentions become names and nothing needs escaping."""
    return plain(text)


def _token(token: str) -> str:
    """A mention or channel link the bot made; re-built from its id, so nothing else in it
    reaches Slack (Slack shows the person's current name)."""
    user = USER_TOKEN.fullmatch(token)
    if user:
        return f"<@{user.group(1)}>"
    if token == "<!channel>":          # core.mentions.everyone(): asked for by a librarian
        return token
    room = CHANNEL_TOKEN.fullmatch(token)
    if room:
        return f"<#{room.group(1)}>"
    return escape(token)
