"""What bulletins store about a person, for ``/kmbot my-data`` and ``/kmbot forget-me``: the
bulletins they composed (the library's publications: forgetting them keeps the bulletins,
under the pseudonym). Who received one is in the outbox (addresses only, purged after its
retention time); subscriptions are the topics feature's."""
from __future__ import annotations

from typing import Any

from ..ports import UnitOfWork

PERSONAL_TABLES = ("bulletins",)


async def export(uow: UnitOfWork, person_key: str) -> dict[str, Any]:
    return await uow.bulletins.export_person(person_key)


async def erase(uow: UnitOfWork, person_key: str, pseudonym: str) -> None:
    await uow.bulletins.erase_person(person_key, pseudonym)
