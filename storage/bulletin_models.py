"""Tables of topics, subscriptions, digest items and bulletins (core/topics, core/bulletins)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .models import KEY, Base
from .types import UTCDateTime


class TopicRow(Base):
    __tablename__ = "topics"
    __table_args__ = (UniqueConstraint("workspace_key", "slug"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_key: Mapped[str] = mapped_column(KEY, index=True)
    slug: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(80))
    created_by: Mapped[str] = mapped_column(KEY)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class TopicSubscriptionRow(Base):
    """A person (``kind`` person, ``subscriber`` their key) or a channel (``kind`` channel,
    ``subscriber`` the channel id) subscribed to a topic."""
    __tablename__ = "topic_subscriptions"
    __table_args__ = (UniqueConstraint("topic_id", "kind", "subscriber"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"),
                                          index=True)
    kind: Mapped[str] = mapped_column(String(10))
    subscriber: Mapped[str] = mapped_column(KEY, index=True)
    workspace_key: Mapped[str] = mapped_column(KEY)
    name: Mapped[str] = mapped_column(String(100), default="")    # a channel's name
    created_by: Mapped[str] = mapped_column(KEY, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TopicPreferenceRow(Base):
    """How a person hears about their topics: immediately, or a digest at a time."""
    __tablename__ = "topic_preferences"
    person_key: Mapped[str] = mapped_column(KEY, primary_key=True)
    frequency: Mapped[str] = mapped_column(String(12))
    time: Mapped[str] = mapped_column(String(5))
    timezone: Mapped[str] = mapped_column(String(64))
    weekday: Mapped[int] = mapped_column(Integer, default=0)
    day: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DigestItemRow(Base):
    """Something held for a person's next digest (a bulletin: ``source`` bulletin, ``ref``
    its id); the digests feature sends them and sets ``sent_at``."""
    __tablename__ = "digest_items"
    __table_args__ = (UniqueConstraint("person_key", "source", "ref"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_key: Mapped[str] = mapped_column(KEY, index=True)
    source: Mapped[str] = mapped_column(String(20))
    ref: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class BulletinRow(Base):
    __tablename__ = "bulletins"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_key: Mapped[str] = mapped_column(KEY, index=True)
    created_by: Mapped[str] = mapped_column(KEY, index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    links: Mapped[str] = mapped_column(Text)            # JSON [[label, url], ...]
    topics: Mapped[str] = mapped_column(Text)           # JSON [topic id, ...]
    channels: Mapped[str] = mapped_column(Text)         # JSON [channel id, ...]
    subscribers: Mapped[bool] = mapped_column(Boolean)
    everyone: Mapped[bool] = mapped_column(Boolean)
    notify: Mapped[bool] = mapped_column(Boolean)
    send_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    timezone: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(12), index=True)
    recipients: Mapped[int] = mapped_column(Integer, default=0)
    digests: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
