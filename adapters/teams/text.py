"""The core's text in Teams, and the one escaping function every piece of it goes through.

The core writes Slack-flavoured text: ``<@id|Name>`` mentions, ``<#id|name>`` channels,
``*bold*`` and `` `code` ``. Teams messages take markdown (``**bold**``) and real mentions
(``<at>Name</at>`` plus a mention entity naming the person's id).

Whatever people typed (a bio, a programme name, a display name) may sit anywhere in that text,
so :func:`escape` is applied to all of it outside the core's own mention markup: no HTML tag
(so no ``<at>`` mention, ``<a href>`` or autolink ``<https://…>``), no character reference and
no Markdown link (``[looks safe](https://elsewhere)``) survives; each is broken with an
invisible WORD JOINER, so people still see what was typed. Only mentions the core wrote, from
ids it knows, become real mentions; on the way in, :func:`typed` keeps text that people typed
from posing as the core's mention markup (see :mod:`adapters.teams.translate`).
"""
from __future__ import annotations

import re

from microsoft_agents.activity import ChannelAccount, Mention

from core.mentions import CHANNEL, EVERYONE, MENTION, unmark

JOINER = "\u2060"   # WORD JOINER: invisible, and no tag, entity or link survives it
MARKUP = re.compile(r"(?<=<)(?=[A-Za-z/!?@#%\x00])|(?<=&)(?=[A-Za-z#])|(?<=\])(?=\s*[(\[:])")
CORE_MARKUP = re.compile(r"(?<=<)(?=[@#!])")
SLACK_BOLD = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])")
CODE = re.compile(r"`([^`\n]+)`")
NAME_UNSAFE = re.compile(r"[<>|\[\]\x00-\x1f\x7f]")
MARKUP_OF_CORE = re.compile(f"{MENTION.pattern}|{CHANNEL.pattern}")
PLACEHOLDER = re.compile("\x00(\\d+)\x00")


def escape(text: str) -> str:
    """Text shown in Teams (a message, a card, a summary): no tag, mention, entity or link
    that the core did not make."""
    return MARKUP.sub(JOINER, text)


def typed(text: str) -> str:
    """Text a person typed, on its way into the core: it cannot pose as the core's markup
    (no marker characters, see :mod:`core.mentions`; no ``<@`` / ``<#`` either)."""
    return CORE_MARKUP.sub(JOINER, unmark(text))


def safe_name(name: str) -> str:
    """A display name fit for the core's ``<@id|Name>`` markup (and for a mention tag: no
    angle or square brackets, no bar, no control characters)."""
    return " ".join(NAME_UNSAFE.sub(" ", name).split())


def markdown(text: str) -> str:
    """Slack-style emphasis as Teams markdown: ``*bold*`` -> ``**bold**``, code as bold."""
    text = CODE.sub(lambda m: f"**{m.group(1)}**", text)
    return SLACK_BOLD.sub(lambda m: f"**{m.group(1)}**", text)


def _render(text: str, mention, channel, *, styled: bool = True) -> str:
    """Escape everything but the core's mention and channel markup, which ``mention`` and
    ``channel`` render. The markup is held as placeholders while the rest is escaped and
    styled, so neither can combine with its neighbours into a tag, a link or emphasis."""
    rendered: list[str] = []

    def hold(match: re.Match) -> str:
        if match.group(1) is not None:     # a mention (else a channel)
            rendered.append(mention(match.group(1), match.group(2) or ""))
        else:
            rendered.append(channel(match.group(3), match.group(4) or ""))
        return f"\x00{len(rendered) - 1}\x00"
    text = text.replace(EVERYONE, "📣")     # Teams has no @channel for bots: a visible sign
    held = unmark(MARKUP_OF_CORE.sub(hold, text.replace("\x00", "")))
    held = escape(held)
    if styled:
        held = markdown(held)
    return PLACEHOLDER.sub(lambda m: rendered[int(m.group(1))], held)


def _channel(channel_id: str, name: str) -> str:
    return "#" + escape(safe_name(name) or channel_id)


def with_mentions(text: str) -> tuple[str, list[Mention]]:
    """Message text with real Teams mentions, and the entities the activity must carry."""
    entities: list[Mention] = []
    seen: set[tuple[str, str]] = set()

    def render(user_id: str, name: str) -> str:
        name = escape(safe_name(name) or user_id)
        tag = f"<at>{name}</at>"
        if (user_id, name) not in seen:
            seen.add((user_id, name))
            entities.append(Mention(mentioned=ChannelAccount(id=user_id, name=name), text=tag,
                                    type="mention"))
        return tag
    return _render(text, render, _channel), entities


def card_text(text: str, *, styled: bool = True) -> str:
    """Text for an Adaptive Card (a TextBlock; ``styled=False`` for titles, labels and
    choices, which take no markdown): names instead of mentions."""
    return escape(_render(text, lambda uid, name: "@" + safe_name(name or uid), _channel,
                          styled=styled))


def summary(text: str, limit: int = 200) -> str:
    """A one-line preview for notifications (the activity's ``summary``)."""
    line = " ".join(card_text(text.replace("*", "").replace("`", ""), styled=False).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
