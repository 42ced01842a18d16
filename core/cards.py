"""What the bot says: the outbound half of the core's vocabulary.

Every :class:`Message` has a plain-text fallback (``text``), which notifications, screen readers
and the console show; a :class:`Card` adds structure that adapters render as Block Kit,
Adaptive Cards or numbered console choices.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping


@dataclass(frozen=True)
class Button:
    label: str
    action_id: str            # routed to the core handler registered for it
    value: str = ""
    style: str | None = None  # "primary", "danger" or None


@dataclass(frozen=True)
class Field:
    label: str
    value: str


@dataclass(frozen=True)
class Section:
    text: str = ""
    fields: tuple[Field, ...] = ()


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class FormInput:
    name: str
    label: str
    kind: str = "text"        # text, multiline, select, date (YYYY-MM-DD), number
    required: bool = False
    options: tuple[Choice, ...] = ()
    initial: str = ""
    placeholder: str = ""
    max_length: int | None = None
    hint: str = ""


@dataclass(frozen=True)
class Form:
    form_id: str              # routed to the core handler registered for it
    title: str
    inputs: tuple[FormInput, ...]
    submit_label: str = "Save"
    context: str = ""         # opaque value echoed back in the Submission


@dataclass(frozen=True)
class Card:
    title: str = ""
    sections: tuple[Section, ...] = ()
    buttons: tuple[Button, ...] = ()
    form: Form | None = None  # inline form (Teams cards, console prompts)


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message (a person's data export, say). Adapters upload it where the
    platform allows; otherwise they send :meth:`text_parts` as messages."""

    filename: str
    content: str
    mime: str = "text/plain"

    def text_parts(self, limit: int) -> list[str]:
        """The content in pieces of at most ``limit`` characters, split at line ends where
        possible, for channels that can only send text."""
        return split_at_lines(self.content, limit)


def split_at_lines(text: str, limit: int) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, cut at line ends where possible
    (a line longer than ``limit`` is cut hard); no empty pieces."""
    parts, current = [], ""
    for line in text.splitlines(keepends=True):
        while len(line) > limit:
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:limit])
            line = line[limit:]
        if len(current) + len(line) > limit:
            parts.append(current)
            current = ""
        current += line
    if current:
        parts.append(current)
    return parts


@dataclass(frozen=True)
class Message:
    text: str                 # plain-text fallback: always set
    card: Card | None = None
    private: bool = False     # only the person who asked sees it (Slack ephemeral)
    attachment: Attachment | None = None

    def __post_init__(self) -> None:
        if not self.text:
            raise ValueError("every message needs a plain-text fallback")


@dataclass(frozen=True)
class Reply:
    """What a handler returns to the person who acted."""

    messages: tuple[Message, ...] = ()
    open_form: Form | None = None                                  # show a form (Slack modal)
    field_errors: Mapping[str, str] = field(default_factory=dict)  # for a Submission

    @classmethod
    def say(cls, text: str, card: Card | None = None, private: bool = True) -> "Reply":
        return cls(messages=(Message(text=text, card=card, private=private),))

    @property
    def text(self) -> str:
        """All messages' plain text, joined: handy for logs and tests."""
        return "\n".join(m.text for m in self.messages)
