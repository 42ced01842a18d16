"""Walls, polls, ideas and comments as the core sees them, and the limits they keep."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

MAX_QUESTION = 300
MAX_IDEA = 1000
MAX_COMMENT = 500
MAX_REASON = 300
MAX_OPTION = 80
MAX_OPTIONS = 10
MAX_LIMIT = 50
RATE_SECONDS = 5          # one idea per person per wall every this many seconds


class Anonymity(StrEnum):
    OFF = "off"               # every idea is named
    ALLOWED = "allowed"       # each person chooses
    REQUIRED = "required"     # every idea and vote is anonymous


class Kind(StrEnum):
    WALL = "wall"
    POLL = "poll"


@dataclass(frozen=True)
class WallSettings:
    question: str
    anonymity: Anonymity = Anonymity.ALLOWED
    hidden: bool = False
    per_person: int | None = None
    closes_at: datetime | None = None
    options: tuple[str, ...] = ()      # polls
    multiple: bool = False             # polls: more than one choice each


@dataclass(frozen=True)
class Wall:
    id: int
    workspace_key: str
    kind: Kind
    channel: str
    created_by: str
    settings: WallSettings
    created_at: datetime
    closed_at: datetime | None = None
    card_id: int | None = None

    @property
    def question(self) -> str:
        return self.settings.question

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def tag(self) -> str:
        return f"walls:{self.id}"


@dataclass(frozen=True)
class Comment:
    id: int
    idea_id: int
    author_key: str | None          # None: anonymous
    text: str
    created_at: datetime


@dataclass(frozen=True)
class Idea:
    id: int
    wall_id: int
    author_key: str | None          # None: anonymous
    author_hash: str
    text: str
    created_at: datetime
    edited_at: datetime | None = None
    hidden_by: str | None = None
    hidden_reason: str | None = None
    post_id: int | None = None
    votes: int = 0
    comments: tuple[Comment, ...] = field(default=())

    @property
    def is_hidden(self) -> bool:
        return self.hidden_by is not None
