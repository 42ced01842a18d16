"""Cards as readable text; buttons as numbered choices the user types to press."""
from __future__ import annotations

from dataclasses import dataclass, field

from core.cards import Button, Message

from .escape import terminal


@dataclass
class Choices:
    """Numbers shown for buttons, so ``1`` presses the first button shown."""

    buttons: dict[int, Button] = field(default_factory=dict)
    _next: int = 1

    def number(self, button: Button) -> int:
        n = self._next
        self.buttons[n] = button
        self._next += 1
        return n

    def take(self, text: str) -> Button | None:
        text = text.strip()
        return self.buttons.get(int(text)) if text.isascii() and text.isdigit() \
            and len(text) < 6 else None


def render(message: Message, choices: Choices) -> str:
    shown = _render(message, choices)
    if message.attachment:   # the file itself, shown in full after the message
        shown += f"\n── {message.attachment.filename} ──\n{message.attachment.content}"
    return shown


def _render(message: Message, choices: Choices) -> str:
    card = message.card
    if card is None:
        return terminal(message.text)
    lines: list[str] = []
    if card.title:
        lines.append(f"── {terminal(card.title)} ──")
    for section in card.sections:
        if section.text:
            lines.append(terminal(section.text))
        lines += [f"   {terminal(f.label)}: {terminal(f.value)}" for f in section.fields]
    if card.buttons:
        lines.append("   " + "   ".join(f"[{choices.number(b)}] {terminal(b.label)}" for b in card.buttons))
    return "\n".join(lines)
