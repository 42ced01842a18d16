"""Topics, subscriptions and how a subscriber hears."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from slugify import slugify

MAX_NAME = 60
MAX_PER_WORKSPACE = 200


class Frequency(StrEnum):
    IMMEDIATELY = "immediately"
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def slug_of(name: str) -> str:
    """The key a topic is found by: ``"Sustainable Healthcare!"`` -> ``sustainable-healthcare``."""
    return slugify(name, max_length=MAX_NAME)


@dataclass(frozen=True)
class Topic:
    id: int
    workspace_key: str
    slug: str
    name: str
    created_at: datetime
    retired_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.retired_at is None


@dataclass(frozen=True)
class HowIHear:
    """A person's choice: each item as it comes, or a digest at ``time`` in ``timezone``
    (weekly on ``weekday`` 0-6, monthly on ``day`` 1-28)."""
    frequency: Frequency = Frequency.IMMEDIATELY
    time: str = "08:00"
    timezone: str = "Europe/London"
    weekday: int = 0
    day: int = 1

    @property
    def digest(self) -> bool:
        return self.frequency is not Frequency.IMMEDIATELY


@dataclass(frozen=True)
class Subscriber:
    """Someone (``kind`` "person": ``key`` a person key) or a channel (``kind`` "channel":
    ``key`` the channel id in ``workspace_key``) subscribed to a topic."""
    topic_id: int
    kind: str
    key: str
    workspace_key: str
    how: HowIHear
    created_by: str = ""
    name: str = ""              # a channel's name, as it was when subscribed


PERSON, CHANNEL = "person", "channel"
