"""Feeds belong to topics (``uow.topics``, from the topics and bulletins feature), and the
librarians who hear when a topic's feed keeps failing.

Topics have no librarians of their own, so a failing feed is reported to the workspace's
librarians: those granted the role in chat and those named in KMBOT_LIBRARIANS.
"""
from __future__ import annotations

from typing import Any

from ..errors import UserError
from ..ports import UnitOfWork
from ..services import LIBRARIAN, Services
from ..vocabulary import split_key
from ..wording import feeds as say


async def find_topic(uow: UnitOfWork, workspace_key: str, name: str) -> Any:
    """The active topic called ``name`` (or by its slug), or a UserError naming the topics."""
    topic = await uow.topics.find(workspace_key, name)
    if topic is not None:
        return topic
    names = [t.name for t in await uow.topics.active(workspace_key)]
    hint = say.TOPICS_ARE.format(names=", ".join(names[:30])) if names else say.NO_TOPICS
    raise UserError(say.UNKNOWN_TOPIC.format(topic=name[:60], topics=hint))


async def topic_names(uow: UnitOfWork, topic_ids) -> dict[int, str]:
    ids = sorted(set(topic_ids))
    return {t.id: t.name for t in await uow.topics.get_many(ids)} if ids else {}


async def librarians(services: Services, uow: UnitOfWork, workspace_key: str) -> list[str]:
    """The person keys of the workspace's librarians (granted in chat or named in settings)."""
    keys = list(await uow.roles.holders(workspace_key, LIBRARIAN))
    platform = workspace_key.split(":", 1)[0]
    for entry in sorted(services.config.librarians):
        parts = entry.split(":")
        if len(parts) == 2 and parts[0] == platform:
            key = f"{workspace_key}:{parts[1]}"
        elif len(parts) >= 3 and ":".join(split_key(entry)[:2]) == workspace_key:
            key = entry
        else:
            continue
        if key not in keys:
            keys.append(key)
    return keys
