"""Core messages as Teams activities, split so each stays well under Teams' ~100 KB limit.

Every activity has something for notifications: a plain message its ``text``, a card a
``text`` and a ``summary`` (a one-line preview), so a preview never says only "Sent a card". A long message becomes
several activities: text is cut at line breaks, a card's sections are spread over several
cards (its buttons and form stay on the last one).
"""
from __future__ import annotations

import json
from dataclasses import replace

from microsoft_agents.activity import Activity, ActivityTypes, Attachment

from core.cards import Card, Form, Message, Section, split_at_lines

from .cards import CONTENT_TYPE, adaptive_card, form_card
from .text import summary, with_mentions

MAX_BYTES = 80_000        # per activity; Teams allows about 100 KB
MAX_TEXT_CHARS = 20_000   # per text message, leaving room for mention entities
FALLBACK_CHARS = 1_000    # a card's fallbackText: a taste, the card holds the rest


def activities_for(message: Message) -> list[Activity]:
    if message.card is None:
        activities = [text_activity(part) for part in split_text(message.text)]
    else:
        activities = [card_activity(card, text)
                      for card, text in split_card(message.card, message.text)]
    if message.attachment:   # an attached file follows as text (code blocks)
        activities += [text_activity(f"```\n{part}\n```")
                       for part in message.attachment.text_parts(MAX_TEXT_CHARS - 10)]
    return activities


def text_activity(text: str) -> Activity:
    body, entities = with_mentions(text)
    return Activity(type=ActivityTypes.message, text=body, text_format="markdown",
                    entities=entities or None)


def card_activity(card: Card, text: str) -> Activity:
    content = adaptive_card(card, fallback=text[:FALLBACK_CHARS])
    preview = summary(text) or summary(card.title) or "kmbot"
    return Activity(type=ActivityTypes.message, text=preview, summary=preview,
                    attachments=[Attachment(content_type=CONTENT_TYPE, content=content)])


def form_activity(form: Form, *, text: str = "", values=None, errors=None) -> Activity:
    content = form_card(form, values=values, errors=errors)
    preview = summary(text) or summary(form.title) or "kmbot"
    return Activity(type=ActivityTypes.message, text=preview, summary=preview,
                    attachments=[Attachment(content_type=CONTENT_TYPE, content=content)])


def size_of(activity: Activity) -> int:
    return len(json.dumps(wire(activity), ensure_ascii=False).encode("utf-8"))


def wire(activity: Activity) -> dict:
    """The activity as it is sent (the Bot Connector's JSON)."""
    return activity.model_dump(by_alias=True, exclude_none=True, mode="json")


def split_text(text: str, limit: int = MAX_TEXT_CHARS) -> list[str]:
    """Cut at line breaks (or hard, for one enormous line) into parts of at most ``limit``;
    a blank tail is dropped, and an empty text is one empty part."""
    parts = split_at_lines(text, limit)
    if len(parts) > 1 and not parts[-1].strip():
        parts.pop()
    return [p.strip("\n") or p for p in parts] or [""]


def split_card(card: Card, text: str) -> list[tuple[Card, str]]:
    """One card when it fits; otherwise sections spread over several cards."""
    if size_of(card_activity(card, text)) <= MAX_BYTES:
        return [(card, text)]
    sections = [replace(section, text=part) if i == 0 else Section(part)
                for section in card.sections
                for i, part in enumerate(split_text(section.text, MAX_TEXT_CHARS))]
    chunks: list[list] = [[]]
    for section in sections:
        trial = replace(card, sections=tuple(chunks[-1] + [section]), buttons=(), form=None)
        if chunks[-1] and size_of(card_activity(trial, "")) > MAX_BYTES // 2:
            chunks.append([])
        chunks[-1].append(section)
    pieces = []
    for number, chunk in enumerate(chunks, start=1):
        last = number == len(chunks)
        piece = replace(card, title=card.title if number == 1 else "",
                        sections=tuple(chunk), buttons=card.buttons if last else (),
                        form=card.form if last else None)
        pieces.append((piece, text if number == 1 else f"{summary(text, 80)} ({number})"))
    return pieces


_PREPARED: dict[int, tuple[Message, list[Activity]]] = {}   # id(message) -> (it, activities)


def prepared(message: Message) -> list[Activity]:
    """:func:`activities_for`, made once per message: a broadcast's rows share one body (see
    ``storage.outbox``), so tens of thousands of sends share its activities. They are shared:
    send addressed copies, never change them."""
    found = _PREPARED.get(id(message))
    if found is not None and found[0] is message:   # (kept alive here, so its id is its own)
        return found[1]
    activities = activities_for(message)
    if len(_PREPARED) >= 64:
        _PREPARED.pop(next(iter(_PREPARED)))
    _PREPARED[id(message)] = (message, activities)
    return activities
