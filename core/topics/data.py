"""What topics store about a person, for ``/kmbot my-data`` and ``/kmbot forget-me``: the
topics they follow, how they hear, items held for their digest. Forgetting them drops all
of it; channels they subscribed and topics they added stay, under the pseudonym."""
from __future__ import annotations

from typing import Any

from ..ports import UnitOfWork

PERSONAL_TABLES = ("topics", "topic_subscriptions", "topic_preferences", "digest_items")


async def export(uow: UnitOfWork, person_key: str) -> dict[str, Any]:
    return await uow.topics.export_person(person_key)


async def erase(uow: UnitOfWork, person_key: str, pseudonym: str) -> None:
    await uow.topics.erase_person(person_key, pseudonym)
