"""Digests' tables (imported by ``storage.models``, so they share its metadata).

``digest_runs`` claims each recipient's digest for a period (unique: a restart never sends
twice); ``digest_seen`` is what reached whom (nothing twice; reach); ``digest_useful`` the
"Useful" presses; ``digest_channels`` when a channel gets its digest.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .models import KEY, Base
from .types import UTCDateTime


class DigestRunRow(Base):
    """One recipient's digest for one period (``kind`` person or channel)."""
    __tablename__ = "digest_runs"
    __table_args__ = (UniqueConstraint("kind", "recipient", "period"),
                      Index("ix_digest_runs_recipient", "recipient", "id"),
                      Index("ix_digest_runs_created", "workspace_key", "created_at"),
                      Index("ix_digest_runs_period", "period", "kind"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_key: Mapped[str] = mapped_column(KEY)
    kind: Mapped[str] = mapped_column(String(10))
    recipient: Mapped[str] = mapped_column(KEY)
    period: Mapped[str] = mapped_column(String(40))
    since: Mapped[datetime] = mapped_column(UTCDateTime)
    until: Mapped[datetime] = mapped_column(UTCDateTime)
    items: Mapped[int] = mapped_column(Integer, default=0)      # 0: nothing new, not sent
    topics: Mapped[str] = mapped_column(Text, default="")       # "topic_id:items ..."
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DigestSeenRow(Base):
    """An item that reached a recipient (in a digest), so it is never in the next."""
    __tablename__ = "digest_seen"
    __table_args__ = (Index("ix_digest_seen_topic", "topic_id", "seen_at"),)
    recipient: Mapped[str] = mapped_column(KEY, primary_key=True)
    item: Mapped[str] = mapped_column(String(40), primary_key=True)   # "feed:12", "lesson:3"
    topic_id: Mapped[int] = mapped_column(Integer)
    run_id: Mapped[int] = mapped_column(Integer)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DigestUsefulRow(Base):
    __tablename__ = "digest_useful"
    __table_args__ = (Index("ix_digest_useful_topic", "topic_id"),)
    person_key: Mapped[str] = mapped_column(KEY, primary_key=True)
    item: Mapped[str] = mapped_column(String(40), primary_key=True)
    topic_id: Mapped[int] = mapped_column(Integer)
    workspace_key: Mapped[str] = mapped_column(KEY, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DigestChannelRow(Base):
    """When a channel subscribed to topics gets its digest (set by a librarian)."""
    __tablename__ = "digest_channels"
    workspace_key: Mapped[str] = mapped_column(KEY, primary_key=True)
    channel: Mapped[str] = mapped_column(String(100), primary_key=True)
    frequency: Mapped[str] = mapped_column(String(12))
    time: Mapped[str] = mapped_column(String(5))
    timezone: Mapped[str] = mapped_column(String(64))
    weekday: Mapped[int] = mapped_column(Integer, default=0)
    day: Mapped[int] = mapped_column(Integer, default=1)
    set_by: Mapped[str] = mapped_column(KEY, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
