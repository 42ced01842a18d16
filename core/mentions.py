"""The core's one way to write and read a mention of a person or a channel, and the line
between the bot's own markup and text that people typed.

Everything in a core message is text to show as it is (a bio, a programme name, a display
name, the bot's wording), except the markup the core makes here: :func:`mention` and
:func:`channel` wrap ``<@USERID|Display name>`` / ``<#CHANNELID>`` in two private-use
characters (:data:`OPEN` and :data:`CLOSE`). Adapters render those tokens as real mentions and
escape everything else for their platform (``adapters/slack/escape.py``,
``adapters/console/escape.py``, the Teams text module), so a ``<!channel>`` or ``<@U1>``
typed into a profile is shown, never obeyed. The marker characters are removed from
everything that comes in (:func:`unmark`), so nobody can type a token.

Inbound, adapters turn platform mentions into this form (Slack's ``<@U1|ann>`` is read as it
is; Teams ``<at>`` entities and the console's ``@name`` are converted).
"""
from __future__ import annotations

import re

OPEN, CLOSE = "\ue000", "\ue001"
MENTION = re.compile(OPEN + r"<@([^|>\s]+)(?:\|([^>]*))?>" + CLOSE)
CHANNEL = re.compile(OPEN + r"<#([^|>\s]+)(?:\|([^>]*))?>" + CLOSE)
TOKEN = re.compile(OPEN + r"(<[@#][^>]*>|<!channel>)" + CLOSE)
EVERYONE = OPEN + "<!channel>" + CLOSE
TYPED_MENTION = re.compile(OPEN + r"?<@([^|>\s]+)(?:\|([^>]*))?>" + CLOSE + "?")
MARKS = re.compile(f"[{OPEN}{CLOSE}]")
UNSAFE_IN_TOKEN = re.compile(f"[<>|{OPEN}{CLOSE}\\x00-\\x1f\\x7f]")


def _safe(text: str) -> str:
    return UNSAFE_IN_TOKEN.sub("", text)


def mention(user_id: str, name: str = "") -> str:
    """A real mention of a person, made by the bot (a display name cannot break out of it)."""
    user_id, name = re.sub(r"\s", "", _safe(user_id)), _safe(name).strip()
    return f"{OPEN}<@{user_id}|{name}>{CLOSE}" if name else f"{OPEN}<@{user_id}>{CLOSE}"


def channel(channel_id: str, name: str = "") -> str:
    """A link to a channel, made by the bot."""
    channel_id, name = re.sub(r"\s", "", _safe(channel_id)), _safe(name).strip()
    return f"{OPEN}<#{channel_id}|{name}>{CLOSE}" if name else f"{OPEN}<#{channel_id}>{CLOSE}"


def everyone() -> str:
    """Notify everyone in the channel (Slack ``<!channel>``), made by the bot only when a
    librarian asked for it (a bulletin's "notify the channel")."""
    return EVERYONE


def parse_mention(token: str) -> tuple[str, str] | None:
    """``"<@U1|Ann>"`` (as typed in Slack, or made by :func:`mention`) -> ``("U1", "Ann")``;
    anything else -> ``None``."""
    match = TYPED_MENTION.fullmatch(token.strip())
    if not match:
        return None
    return match.group(1), match.group(2) or ""


def replace_mentions(text: str, render) -> str:
    """Render every mention the bot made in ``text`` with ``render(user_id, name)``."""
    return MENTION.sub(lambda m: render(m.group(1), m.group(2) or ""), text)


def segments(text: str) -> list[tuple[bool, str]]:
    """``text`` cut into ``(is_bot_markup, piece)``: markup pieces are the tokens (without
    their markers), the rest is text to escape."""
    pieces: list[tuple[bool, str]] = []
    for i, piece in enumerate(TOKEN.split(text)):
        if piece:
            pieces.append((i % 2 == 1, piece if i % 2 else unmark(piece)))
    return pieces


def unmark(text: str) -> str:
    """``text`` without the marker characters (what comes in from people, and plain text)."""
    return MARKS.sub("", text)


def plain(text: str) -> str:
    """Mentions as ``@Name`` and channels as ``#name`` (the console, Teams, logs)."""
    text = replace_mentions(text, lambda uid, name: f"@{name or uid}").replace(EVERYONE,
                                                                                "@channel")
    return unmark(CHANNEL.sub(lambda m: f"#{m.group(2) or m.group(1)}", text))
