"""Huddles: short, regular check-ins in a team channel. The settings of a huddle, one day's
session of it (its prompt, window and summary) and the answers people give."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EVERY = ("weekly", "fortnightly", "monthly")
NATIONS = ("england", "scotland", "wales", "northern-ireland", "none")
MAX_QUESTIONS = 5
MAX_QUESTION_CHARS = 200
MAX_NAME_CHARS = 80
MAX_ANSWER_CHARS = 2000
MIN_WINDOW, MAX_WINDOW = 10, 24 * 60        # minutes

TEMPLATES: dict[str, tuple[str, ...]] = {
    "safety": ("What went well yesterday?",
               "Any safety concerns today?",
               "Is there anything we need help with?"),
    "improvement": ("What have we tried since last time, and how did it go?",
                    "What is getting in the way?",
                    "What one small change will we test next?"),
    "learning": ("What did you learn this week?",
                 "What would you do differently next time?",
                 "Who else should hear about it?"),
}


@dataclass(frozen=True)
class HuddleSettings:
    name: str
    days: tuple[int, ...] = (0, 1, 2, 3, 4)      # weekday numbers, Monday 0
    every: str = "weekly"                        # weekly, fortnightly, monthly
    time: str = "09:00"                          # local HH:MM
    timezone: str = "Europe/London"
    questions: tuple[str, ...] = TEMPLATES["safety"]
    window: int = 30                             # minutes answers are open
    nation: str = "england"                      # bank holidays; "none" for no holidays
    template: str = "safety"                     # or "custom" when questions were given
    skip_dates: tuple[date, ...] = ()
    start: date | None = None                    # fortnightly counts weeks from here

    def with_changes(self, **changes) -> "HuddleSettings":
        return replace(self, **changes)


@dataclass(frozen=True)
class Huddle:
    id: int
    workspace_key: str        # platform:workspace
    channel_id: str
    owner_key: str
    settings: HuddleSettings
    paused: bool = False
    created_at: datetime | None = None
    problem_reported: bool = False

    @property
    def name(self) -> str:
        return self.settings.name

    @property
    def platform(self) -> str:
        return self.workspace_key.split(":", 1)[0]

    @property
    def workspace(self) -> str:
        return self.workspace_key.split(":", 1)[1]


@dataclass(frozen=True)
class Session:
    """One day's huddle: prompted at ``opens_at``, answers open until ``closes_at``."""
    id: int
    huddle_id: int
    day: date
    opens_at: datetime
    closes_at: datetime
    questions: tuple[str, ...]
    root_id: int | None = None          # the prompt's outbox id
    reminded: bool = False
    closed: bool = False


@dataclass(frozen=True)
class Answer:
    id: int
    session_id: int
    person_key: str
    question: int            # index into the session's questions; -1: not tied to one
    text: str
    at: datetime
    late: bool = False
    via: str = "thread"      # thread or form
