"""What comes in, made safe to handle: the kernel passes every event through :func:`clean`.

- the private-use characters that mark the bot's own mentions are removed from everything a
  person or platform sent (text, values, display names), so nobody can type a real mention;
- a typed command or thread reply holding a NUL character is refused with a clear message
  (databases and terminals treat NUL specially; nobody types one on purpose);
- control characters are dropped from display names (they come from platform profiles).
"""
from __future__ import annotations

import re
from dataclasses import replace

from . import wording
from .errors import UserError
from .mentions import unmark
from .vocabulary import Action, Command, Inbound, Submission, ThreadReply

NAME_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean(event: Inbound) -> Inbound:
    actor = event.actor
    name = NAME_CONTROLS.sub("", unmark(actor.display_name))
    if name != actor.display_name:
        event = replace(event, actor=replace(actor, display_name=name))
    if isinstance(event, (Command, ThreadReply)):
        if "\x00" in event.text:
            raise UserError(wording.NUL_REFUSED)
        return replace(event, text=unmark(event.text))
    if isinstance(event, Action):
        return replace(event, value=unmark(event.value))
    if isinstance(event, Submission):
        values = {k: unmark(v) if isinstance(v, str) else v for k, v in event.values.items()}
        return replace(event, values=values, context=unmark(event.context))
    return event
