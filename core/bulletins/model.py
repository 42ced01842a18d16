"""A bulletin, as composed and as it goes out."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

MAX_TITLE = 150
MAX_BODY = 8000
MAX_LINKS = 10
MAX_LINK_LABEL = 150


class Status(StrEnum):
    DRAFT = "draft"              # composed, previewed, not sent
    SCHEDULED = "scheduled"      # waits for its time
    SENDING = "sending"          # queued in the outbox (finished when nothing is left)
    STOPPED = "stopped"          # stopped while sending: the rest was not sent
    CANCELLED = "cancelled"      # never sent

    @property
    def changeable(self) -> bool:
        return self in (Status.DRAFT, Status.SCHEDULED)


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Draft:
    """What the form holds, checked."""
    title: str
    body: str
    links: tuple[Link, ...] = ()
    topic_ids: tuple[int, ...] = ()
    channels: tuple[str, ...] = ()          # channel ids in the workspace
    subscribers: bool = True                # the subscribers of its topics
    everyone: bool = False                  # everyone who has ever used kmbot here
    notify: bool = False                    # notify the channels (@channel)
    send_at: datetime | None = None         # None: now
    timezone: str = "Europe/London"


@dataclass(frozen=True)
class Bulletin:
    id: int
    workspace_key: str
    created_by: str
    draft: Draft
    status: Status
    created_at: datetime
    recipients: int = 0
    digests: int = 0
    started_at: datetime | None = None
    stopped_at: datetime | None = None
    topic_names: tuple[str, ...] = field(default=())

    @property
    def tag(self) -> str:
        return f"bulletin:{self.id}"

    @property
    def title(self) -> str:
        return self.draft.title
