"""A bulletin as recipients see it: one card, its title as the notification text (never
"Sent a card"), the body in sections cut at line ends, its links in full, and where it comes
from. The same message is the librarian's preview."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from ..cards import Card, Message, Section, split_at_lines
from ..wording import bulletins as say
from .markdown import neutralise, to_core
from .model import Draft

SECTION = 2800          # under Slack's 3,000 a section, cut at a line end


def body_sections(draft: Draft) -> list[Section]:
    body = to_core(draft.body)
    sections = [Section(piece.strip("\n")) for piece in split_at_lines(body, SECTION)
                if piece.strip()]
    if draft.links:
        lines = [say.LINKS] + [f"• {neutralise(link.label)}: {link.url}"
                               if link.label and link.label != link.url else f"• {link.url}"
                               for link in draft.links]
        sections.append(Section("\n".join(lines)))
    return sections


def message(draft: Draft, topic_names: list[str], *, private: bool = False) -> Message:
    footer = (say.FROM.format(topics=", ".join(topic_names)) if topic_names
              else say.FROM_NO_TOPICS)
    title = neutralise(draft.title)
    card = Card(title=title, sections=tuple(body_sections(draft) + [Section(footer)]))
    return Message(text=title, card=card, private=private)


def when(moment: datetime | None, tz: str) -> str:
    if moment is None:
        return ""
    local = moment.astimezone(ZoneInfo(tz))
    return local.strftime("%a %-d %b %Y, %H:%M ") + tz
