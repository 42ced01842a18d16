"""Records of the persistent outbox: one row per message per recipient.

Jobs and handlers never send directly: they ``queue`` messages inside their unit of work, so a
message is stored together with the change that caused it, and the delivery worker sends it
later. A ``dedup_key`` makes queueing idempotent: queueing the same key twice stores it once.

Once sent, a row keeps what the platform posted (its :class:`~core.channels.MessageRef`), so
the message can be edited later (the same row goes out again, as an edit) and answered in its
thread (a new row whose ``root_id`` is the message's row; it waits until the root is posted).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from .cards import Message
from .channels import MessageRef
from .vocabulary import Destination


class OutboxStatus(StrEnum):
    PENDING = "pending"
    RETRYING = "retrying"
    SENT = "sent"
    FAILED = "failed"             # a permanent error, or too many attempts: the reason is kept
    UNREACHABLE = "unreachable"   # "not reachable": left, uninstalled, blocked, channel gone
    STOPPED = "stopped"           # its broadcast was stopped before it went out: never sent


OPEN_STATUSES = (OutboxStatus.PENDING, OutboxStatus.RETRYING)
DONE_STATUSES = (OutboxStatus.SENT, OutboxStatus.FAILED, OutboxStatus.UNREACHABLE,
                 OutboxStatus.STOPPED)
# what ``tag_counts`` answers (``queued`` is pending: waiting or being sent now)
TAG_COUNT_KEYS = ("queued", "sent", "retrying", "failed", "unreachable", "stopped")


@dataclass(frozen=True)
class OutboxItem:
    id: int
    destination: Destination
    message: Message
    status: OutboxStatus
    attempts: int
    dedup_key: str | None
    last_error: str | None = None
    created_at: datetime | None = None
    tag: str | None = None             # the owner, e.g. "wall:17" (see core.threads)
    root_id: int | None = None         # set for a post in the thread of that row's message
    ref: MessageRef | None = None      # what was posted; set means "send as an edit"
    root_ref: MessageRef | None = None # the thread root's reference, when claimed for sending
    version: int = 1                   # grows with each edit, so an edit in flight is not lost
    lease: str | None = None           # the claim that holds it (see OutboxRepo.mark_started)


@dataclass(frozen=True)
class ReportRow:
    """One recipient of a tagged message (a broadcast), for its CSV report. ``destination``
    is a person's key (``teams:<tenant>:<user id>``) or ``platform:workspace:channel``;
    ``in_doubt`` counts sends that began but whose outcome was never recorded (the sender was
    killed or lost its lease mid-send): each may have reached the recipient twice."""
    destination: str
    status: str
    attempts: int
    last_error: str | None
    sent_at: datetime | None
    created_at: datetime
    in_doubt: int = 0


@dataclass(frozen=True)
class NewOutboxItem:
    destination: Destination
    message: Message
    dedup_key: str | None = None
    tag: str | None = None
    root_id: int | None = None
