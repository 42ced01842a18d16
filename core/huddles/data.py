"""What Huddles stores about a person, for ``/kmbot my-data`` and ``/kmbot forget-me``.

Forgetting someone deletes their answers (what they wrote is theirs); huddles they scheduled
keep running for their team, owned by a pseudonym that librarians can still manage."""
from __future__ import annotations

from typing import Any

from ..ports import UnitOfWork

PERSONAL_TABLES = ("huddles", "huddle_answers")


async def export(uow: UnitOfWork, person_key: str) -> dict[str, Any]:
    return await uow.huddles.export_person(person_key)


async def erase(uow: UnitOfWork, person_key: str, pseudonym: str) -> None:
    await uow.huddles.erase_person(person_key, pseudonym)
