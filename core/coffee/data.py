"""What Coffee Connect stores about a person, for ``/kmbot my-data`` and ``/kmbot forget-me``.

Forgetting someone deletes their memberships; their place in past introductions stays under
a pseudonym, so repeat-avoidance and the programme figures stay right without naming them.
"""
from __future__ import annotations

from typing import Any

from ..ports import UnitOfWork

PERSONAL_TABLES = ("memberships", "group_members")


async def export(uow: UnitOfWork, person_key: str) -> dict[str, Any]:
    return await uow.coffee.export_person(person_key)


async def erase(uow: UnitOfWork, person_key: str, pseudonym: str) -> None:
    await uow.coffee.erase_person(person_key, pseudonym)
