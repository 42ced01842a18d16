"""The core's text in Teams: mentions, channel references and emphasis.

The core writes Slack-flavoured text: ``<@id|Name>`` mentions, ``<#id|name>`` channels,
``*bold*`` and `` `code` ``. Teams messages take markdown (``**bold**``) and real mentions
(``<at>Name</at>`` plus a mention entity naming the person's id).
"""
from __future__ import annotations

import re

from botbuilder.schema import ChannelAccount, Mention

from core.mentions import CHANNEL, plain, replace_mentions

SLACK_BOLD = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])")
CODE = re.compile(r"`([^`\n]+)`")


def markdown(text: str) -> str:
    """Slack-style emphasis as Teams markdown: ``*bold*`` -> ``**bold**``, code as bold."""
    text = CODE.sub(lambda m: f"**{m.group(1)}**", text)
    return SLACK_BOLD.sub(lambda m: f"**{m.group(1)}**", text)


def channels_as_names(text: str) -> str:
    return CHANNEL.sub(lambda m: f"#{m.group(2) or m.group(1)}", text)


def with_mentions(text: str) -> tuple[str, list[Mention]]:
    """Message text with real Teams mentions, and the entities the activity must carry."""
    entities: list[Mention] = []
    seen: set[tuple[str, str]] = set()

    def render(user_id: str, name: str) -> str:
        name = name or user_id
        tag = f"<at>{name}</at>"
        if (user_id, name) not in seen:
            seen.add((user_id, name))
            entities.append(Mention(mentioned=ChannelAccount(id=user_id, name=name), text=tag,
                                    type="mention"))
        return tag
    return markdown(channels_as_names(replace_mentions(text, render))), entities


def card_text(text: str) -> str:
    """Text for an Adaptive Card TextBlock: names instead of mentions, Teams markdown."""
    return markdown(plain(text))


def summary(text: str, limit: int = 200) -> str:
    """A one-line preview for notifications (the activity's ``summary``)."""
    line = " ".join(plain(text).replace("*", "").replace("`", "").split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
