"""What the lessons feature needs from storage.

Every read takes the ``Viewer`` and applies ``model.may_see`` inside the query, so a lesson a
person may not see never leaves the database for them: not in search, not by its id, not in
an export. Writes are not checked here (whether a person may edit or delete is the core's
decision, made before it calls the repository).
"""
from __future__ import annotations

from datetime import datetime
from typing import Protocol

from .model import Lesson, LessonCounts, Revision, SearchPage, Viewer
from .query import LessonQuery

PAGE_SIZE = 5


class LessonsRepo(Protocol):
    async def add(self, lesson: Lesson) -> Lesson:
        """Store a new lesson; the returned copy has its id."""

    async def get(self, lesson_id: int, viewer: Viewer) -> Lesson | None:
        """The lesson, or None when there is none or ``viewer`` may not see it."""

    async def update(self, lesson: Lesson, edited_by: str, now: datetime) -> Lesson | None:
        """Replace the stored lesson ``lesson.id``, keeping the previous version in its
        history; None when it no longer exists."""

    async def history(self, lesson_id: int) -> list[Revision]:
        """Earlier versions, oldest first."""

    async def delete(self, lesson_id: int) -> bool: ...

    async def search(self, query: LessonQuery, viewer: Viewer, page: int = 1,
                     page_size: int = PAGE_SIZE) -> SearchPage:
        """Lessons matching ``query`` that ``viewer`` may see, best first (recent first when
        the query has filters only), with a highlighted snippet each."""

    async def export(self, query: LessonQuery, viewer: Viewer) -> list[Lesson]:
        """Every lesson matching ``query``'s filters and text that ``viewer`` may see,
        newest first (for CSV/JSON exports)."""

    async def counts(self, viewer: Viewer) -> LessonCounts:
        """Lessons captured per month and per team, among those ``viewer`` may see."""

    async def forget_person(self, person_key: str, pseudonym: str | None = None) -> int:
        """Remove a person from every lesson they wrote or were involved in (the lessons
        stay, credited to nobody; among the people involved ``pseudonym`` stands in for
        them when given); the number of lessons changed."""
