"""A digest's items as the core sees them, and the limits digests keep."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

PER_TOPIC = 10            # items shown per topic; the rest behind "Show all"
FULL_LIST = 100           # the most "Show all" lists
PERSON, CHANNEL = "person", "channel"


@dataclass(frozen=True)
class Entry:
    """One thing a digest may hold. ``key`` is unique across sources ("feed:12")."""
    key: str
    topic_id: int
    source: str               # what it is and where from: "NICE guidance (feed)"
    title: str
    when: datetime            # shown as its date; newest first
    link: str = ""
    stored_at: datetime | None = None     # when kmbot got it (the "since" window)
    # lessons: who may see it (see core.lessons.model.may_see)
    lesson: object | None = None
    # closed walls: how many ideas, and the channel's name
    ideas: int = 0
    place: str = ""


@dataclass(frozen=True)
class Recipient:
    kind: str                 # person or channel
    key: str                  # a person key, or the channel id
    workspace_key: str
    topic_ids: tuple[int, ...]
    period: str
    since: datetime

    @property
    def seen_key(self) -> str:
        """How ``digest_seen`` names the recipient."""
        return self.key if self.kind == PERSON else f"channel:{self.workspace_key}:{self.key}"


@dataclass
class Digest:
    recipient: Recipient
    topics: dict[int, list[Entry]] = field(default_factory=dict)   # newest first, all
    run_id: int | None = None

    @property
    def empty(self) -> bool:
        return not any(self.topics.values())

    def shown(self, per_topic: int = 10) -> list[Entry]:
        return [e for entries in self.topics.values() for e in entries[:per_topic]]

    @property
    def size(self) -> int:
        return sum(len(v) for v in self.topics.values())
