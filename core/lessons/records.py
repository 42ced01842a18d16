"""What the lessons feature keeps besides the log: facilitated reviews and their answers,
actions with an owner and a due date, the librarians' tag list and "was this useful?".

``LessonsFeatureRepo`` is ``uow.lessons``: the log's repository (``ports.LessonsRepo``)
plus these.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from .model import Lesson
from .ports import LessonsRepo


@dataclass(frozen=True)
class Review:
    id: int
    workspace_key: str
    kind: str
    title: str
    team: str
    project: str
    channel: str
    card_id: int | None
    facilitator_key: str | None
    status: str                     # open, closed
    lesson_id: int | None
    created_at: datetime
    visibility: str = "organisation"          # of the lesson it becomes: or "team"


@dataclass(frozen=True)
class ReviewAnswer:
    question: int                   # 0-based index into the template's questions
    person_key: str | None
    text: str


@dataclass(frozen=True)
class Action:
    id: int
    workspace_key: str
    lesson_id: int
    text: str
    owner_key: str | None
    due: date
    status: str                     # open, done
    team: str = ""                  # the lesson's


@dataclass(frozen=True)
class ActionCounts:
    open: int = 0
    overdue: int = 0
    done: int = 0


class LessonsFeatureRepo(LessonsRepo, Protocol):
    async def workspaces(self) -> list[str]:
        """Every workspace with lessons (for exports from the command line)."""
    async def audiences(self, workspace_key: str) -> list[str]:
        """The channels and teams that team-only lessons belong to."""
    # reviews
    async def add_review(self, review: Review) -> int: ...
    async def review(self, review_id: int) -> Review | None: ...
    async def set_review_card(self, review_id: int, card_id: int) -> None: ...
    async def add_answer(self, review_id: int, answer: ReviewAnswer, now: datetime) -> None: ...
    async def answers(self, review_id: int) -> list[ReviewAnswer]: ...
    async def last_answered(self, review_id: int, person_key: str) -> int | None: ...
    async def close_review(self, review_id: int, lesson_id: int, now: datetime) -> bool:
        """Mark the review closed with its lesson; False when it was closed already."""
    async def review_count(self, workspace_key: str) -> int: ...
    # actions
    async def add_action(self, action: Action, now: datetime) -> int: ...
    async def action(self, action_id: int) -> Action | None: ...
    async def open_actions(self, workspace_key: str, owner_key: str | None = None,
                           team: str | None = None, lesson_ids=None) -> list[Action]: ...
    async def finish_action(self, action_id: int, now: datetime) -> bool: ...
    async def move_action(self, action_id: int, due: date) -> None: ...
    async def action_counts(self, workspace_key: str, today: date) -> ActionCounts: ...
    async def lessons_of(self, workspace_key: str, team: str, project: str,
                         before_id: int | None = None) -> list[int]:
        """Ids of lessons of the same team or project, newest first."""
    # tags and usefulness
    async def categories(self, workspace_key: str) -> list[str]: ...
    async def add_categories(self, workspace_key: str, tags: list[str],
                             now: datetime) -> list[str]: ...
    async def mark_useful(self, lesson_id: int, person_key: str, source: str,
                          now: datetime) -> bool: ...
    async def most_useful(self, workspace_key: str, limit: int) -> list[tuple[int, int]]: ...
    async def reused(self, workspace_key: str) -> int: ...
    # a person's data
    async def export_person(self, person_key: str) -> dict: ...
    async def erase_person(self, person_key: str, pseudonym: str | None = None) -> None: ...
    # what platforms said about channels' privacy
    async def channel_private(self, workspace_key: str, channel: str) -> bool | None: ...
    async def remember_channel(self, workspace_key: str, channel: str, private: bool,
                               now: datetime) -> None: ...


def lesson_title(lesson: Lesson) -> str:
    return lesson.title or f"Lesson {lesson.id}"
