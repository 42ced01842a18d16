"""The lesson record, the person looking at it, and the one rule for who may see what.

A lesson is captured with one of the templates (quick, After Action Review, Retrospect,
Before Action Review, keep/revert/stop grid) and keeps its answers as ordered (question,
answer) pairs. Its visibility is ``organisation`` (everyone in the workspace), ``team``
(members of the channel or team it was captured in, its author, the people involved, and
librarians) or ``private`` (its author and librarians).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class TemplateKind(StrEnum):
    QUICK = "quick"
    AAR = "aar"          # After Action Review
    RETRO = "retro"      # Retrospect
    BAR = "bar"          # Before Action Review
    GRID = "grid"        # keep, revert, stop


class Visibility(StrEnum):
    ORGANISATION = "organisation"
    TEAM = "team"
    PRIVATE = "private"


@dataclass(frozen=True, kw_only=True)
class Lesson:
    id: int | None = None
    workspace_key: str
    title: str
    kind: TemplateKind = TemplateKind.QUICK
    answers: tuple[tuple[str, str], ...] = ()
    team: str = ""                       # team or department, as people name it
    project: str = ""
    tags: tuple[str, ...] = ()
    author_key: str | None = None        # None once the author asked to be forgotten
    people: tuple[str, ...] = ()         # person keys of the people involved
    visibility: Visibility = Visibility.ORGANISATION
    audience: str | None = None          # the channel or team id a team-only lesson belongs to
    created_at: datetime
    updated_at: datetime
    version: int = 1

    @property
    def body(self) -> str:
        """The answers as one text (what search reads besides the title and tags)."""
        return "\n".join(answer for _question, answer in self.answers if answer)


@dataclass(frozen=True)
class Viewer:
    """Whoever is looking: a person, the teams and channels they belong to, their role."""
    person_key: str
    workspace_key: str
    team_ids: frozenset[str] = frozenset()
    is_librarian: bool = False


def may_see(lesson: Lesson, viewer: Viewer) -> bool:
    """The visibility rule. Storage applies the same rule inside its queries."""
    if lesson.workspace_key != viewer.workspace_key:
        return False
    if viewer.is_librarian or (lesson.author_key is not None
                               and lesson.author_key == viewer.person_key):
        return True
    if lesson.visibility is Visibility.ORGANISATION:
        return True
    if lesson.visibility is Visibility.TEAM:
        return lesson.audience in viewer.team_ids or viewer.person_key in lesson.people
    return False


@dataclass(frozen=True)
class Revision:
    """One edit: the lesson as it was before ``edited_by`` changed it."""
    lesson_id: int
    version: int
    edited_by: str | None
    edited_at: datetime
    before: Lesson


@dataclass(frozen=True)
class Snippet:
    """A passage of a lesson with the words that matched marked, independent of any platform:
    ``parts`` alternate plain and highlighted text (``(text, is_highlight)``)."""
    parts: tuple[tuple[str, bool], ...] = ()

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.parts)

    @property
    def highlights(self) -> list[str]:
        return [text for text, marked in self.parts if marked]

    def render(self, before: str, after: str) -> str:
        """The snippet with each highlight wrapped, e.g. ``render("*", "*")`` for Slack."""
        return "".join(f"{before}{text}{after}" if marked else text
                       for text, marked in self.parts)


@dataclass(frozen=True)
class SearchHit:
    lesson: Lesson
    snippet: Snippet


@dataclass(frozen=True)
class SearchPage:
    hits: tuple[SearchHit, ...]
    page: int
    page_size: int
    total: int                 # matches counted (at most ``total`` when not ``total_exact``)
    total_exact: bool = True   # False: "more than ``total``" (a very common query)
    has_more: bool = False


@dataclass(frozen=True)
class LessonCounts:
    """Figures for ``/lesson stats``: lessons captured per month ("2026-11") and per team."""
    by_month: dict[str, int] = field(default_factory=dict)
    by_team: dict[str, int] = field(default_factory=dict)
