"""Coffee Connect records: programmes, memberships, rounds and groups (people are shared:
:mod:`core.people.model`)."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from ..people.model import Person  # noqa: F401  (shared by every feature)


class Cadence(StrEnum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"


class MemberStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    LEFT = "left"


class Outcome(StrEnum):
    MET = "met"
    MISSED = "missed"


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class ProgrammeSettings:
    """What a librarian can set on a programme."""

    name: str
    slug: str
    channel_id: str | None = None      # None: workspace-wide
    cadence: Cadence = Cadence.WEEKLY
    weekday: int = 0                   # 0 = Monday
    time: str = "09:00"                # HH:MM in ``timezone``
    timezone: str = "Europe/London"
    group_size: int = 2
    theme: str = ""
    cross_department: bool = False

    def with_changes(self, **changes) -> "ProgrammeSettings":
        return replace(self, **changes)


@dataclass(frozen=True)
class Programme:
    id: int
    workspace_key: str
    settings: ProgrammeSettings
    created_at: datetime

    @property
    def name(self) -> str:
        return self.settings.name

    @property
    def slug(self) -> str:
        return self.settings.slug

    @property
    def workspace(self) -> tuple[str, str]:
        platform, workspace = self.workspace_key.split(":", 1)
        return platform, workspace


@dataclass(frozen=True)
class Membership:
    programme_id: int
    person_key: str
    status: MemberStatus
    joined_at: datetime
    paused_until: date | None = None   # None with PAUSED: until they resume

    def is_active_on(self, day: date) -> bool:
        if self.status is MemberStatus.ACTIVE:
            return True
        return (self.status is MemberStatus.PAUSED and self.paused_until is not None
                and self.paused_until <= day)


@dataclass(frozen=True)
class Round:
    id: int
    programme_id: int
    slot: datetime             # when the round was due (UTC)
    seed: int
    started_at: datetime
    reminder_at: datetime
    reminded_at: datetime | None = None


@dataclass(frozen=True)
class GroupMember:
    person_key: str
    outcome: Outcome | None = None


@dataclass(frozen=True)
class RoundGroup:
    id: int
    round_id: int
    members: tuple[GroupMember, ...]
    cross_department: bool = False
    programme_id: int | None = field(default=None, compare=False)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(m.person_key for m in self.members)
