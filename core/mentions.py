"""The core's one way to write and read a mention of a person: ``<@USERID|Display name>``.

Adapters turn platform mentions into this form on the way in (Slack already uses it; Teams
``<at>`` entities and the console's ``@name`` are converted) and render it on the way out.
"""
from __future__ import annotations

import re

MENTION = re.compile(r"<@([^|>\s]+)(?:\|([^>]*))?>")
CHANNEL = re.compile(r"<#([^|>\s]+)(?:\|([^>]*))?>")


def mention(user_id: str, name: str = "") -> str:
    return f"<@{user_id}|{name}>" if name else f"<@{user_id}>"


def parse_mention(token: str) -> tuple[str, str] | None:
    """``"<@U1|Ann>"`` -> ``("U1", "Ann")``; anything else -> ``None``."""
    match = MENTION.fullmatch(token.strip())
    if not match:
        return None
    return match.group(1), match.group(2) or ""


def replace_mentions(text: str, render) -> str:
    """Render every mention in ``text`` with ``render(user_id, name)``."""
    return MENTION.sub(lambda m: render(m.group(1), m.group(2) or ""), text)


def plain(text: str) -> str:
    """Mentions as ``@Name`` and channels as ``#name`` (the console, Teams, logs)."""
    text = replace_mentions(text, lambda uid, name: f"@{name or uid}")
    return CHANNEL.sub(lambda m: f"#{m.group(2) or m.group(1)}", text)
