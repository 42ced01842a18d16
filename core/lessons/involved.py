"""The people involved in a lesson: read from what was typed (``@Bob Baker, @Cat``, or the
platform's mentions), kept as person keys only, shown by their current names.

A name is never stored with the lesson: forgetting someone reaches every lesson they were
involved in ("a former colleague").
"""
from __future__ import annotations

import re
from typing import Iterable

from ..mentions import OPEN, TYPED_MENTION
from ..ports import UnitOfWork
from ..wording import lessons as say

MOST = 20
_SPLIT = re.compile(r"[,;\n]+|\s+(?=@)|\s+(?=" + OPEN + r"?<@)")


def mentioned(workspace_key: str, text: str) -> tuple[str, ...]:
    """Person keys of the people mentioned in ``text`` (platform mentions), in order."""
    return tuple(dict.fromkeys(f"{workspace_key}:{m.group(1)}"
                               for m in TYPED_MENTION.finditer(text or "")))


def without_mentions(text: str) -> str:
    """``text`` with the mentions taken out (the people are kept apart, as keys)."""
    return " ".join(TYPED_MENTION.sub(" ", text or "").split())


async def remember_mentioned(uow: UnitOfWork, text: str, workspace_key: str, now) -> None:
    """People mentioned whom kmbot has not met yet, so their names can be shown."""
    for match in TYPED_MENTION.finditer(text or ""):
        key = f"{workspace_key}:{match.group(1)}"
        if not await uow.people.get(key):
            await uow.people.touch(key, match.group(2) or "", now)


def as_text(keys: Iterable[str], who: dict) -> str:
    """What the form shows: ``@Bob Baker, @Cat``."""
    return ", ".join(f"@{who.get(k, say.FORMER_COLLEAGUE)}" for k in keys)


async def read(uow: UnitOfWork, workspace_key: str, text: str, now,
               kept: Iterable[tuple[str, str]] = ()) -> tuple[str, ...]:
    """Person keys for what was typed in the form's "People involved"; raises ValueError
    with the message to show when a name is unknown or belongs to several people.
    ``kept``: (name, key) as the edit form showed them, which stand as they were (so each
    "a former colleague" can stay on a lesson)."""
    keys: list[str] = []
    shown: dict[str, list[str]] = {}
    for name, key in kept:
        shown.setdefault(name.casefold(), []).append(key)
    for token in _SPLIT.split(text or ""):
        token = token.strip()
        if not token:
            continue
        mention = TYPED_MENTION.fullmatch(token)
        if mention:
            await remember_mentioned(uow, token, workspace_key, now)
            keys.append(f"{workspace_key}:{mention.group(1)}")
            continue
        name = token.lstrip("@").strip()
        if not name:
            continue
        if shown.get(name.casefold()):
            keys.append(shown[name.casefold()].pop(0))
            continue
        found = await uow.people.find_by_name(workspace_key, name, first_name=True)
        if len(found) > 1:
            raise ValueError(say.PEOPLE_AMBIGUOUS.format(name=name[:60]))
        if not found:
            raise ValueError(say.PEOPLE_UNKNOWN.format(name=name[:60]))
        keys.append(found[0].key)
    keys = list(dict.fromkeys(keys))
    if len(keys) > MOST:
        raise ValueError(say.PEOPLE_TOO_MANY.format(n=len(keys), limit=MOST))
    return tuple(keys)
