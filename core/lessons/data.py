"""What the lessons feature stores about a person, for ``/kmbot my-data`` and
``/kmbot forget-me``.

Forgetting someone keeps their lessons, answers and actions (the organisation's memory),
but removes their key from all of them: views then credit "a former colleague" (among the
people involved, the pseudonym stands in for them, and reads "a former colleague" too).
"""
from __future__ import annotations

from typing import Any

from ..ports import UnitOfWork

PERSONAL_TABLES = ("lessons", "lesson_people", "lesson_revisions", "lesson_reviews",
                   "lesson_review_answers", "lesson_actions", "lesson_useful")


async def export(uow: UnitOfWork, person_key: str) -> dict[str, Any]:
    return await uow.lessons.export_person(person_key)


async def erase(uow: UnitOfWork, person_key: str, pseudonym: str) -> None:
    await uow.lessons.erase_person(person_key, pseudonym)
