"""Records of the persistent outbox: one row per message per recipient.

Jobs and handlers never send directly: they ``queue`` messages inside their unit of work, so a
message is stored together with the change that caused it, and the delivery worker sends it
later. A ``dedup_key`` makes queueing idempotent: queueing the same key twice stores it once.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from .cards import Message
from .vocabulary import Destination


class OutboxStatus(StrEnum):
    PENDING = "pending"
    RETRYING = "retrying"
    SENT = "sent"
    FAILED = "failed"


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


@dataclass(frozen=True)
class NewOutboxItem:
    destination: Destination
    message: Message
    dedup_key: str | None = None
