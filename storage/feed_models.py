"""Feeds' tables (imported by ``storage.models``, so they share its metadata).

Feeds are librarians' configuration: no person's key is kept (who added a feed is not
needed). Items belong to the topic, unique by their key there, so one item in two feeds of a
topic, or fetched again after its feed was removed and re-added, is stored once.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .models import KEY, Base
from .types import UTCDateTime


class FeedRow(Base):
    __tablename__ = "feeds"
    __table_args__ = (UniqueConstraint("topic_id", "url_hash"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_key: Mapped[str] = mapped_column(KEY, index=True)
    topic_id: Mapped[int] = mapped_column(Integer, index=True)
    url: Mapped[str] = mapped_column(Text)
    url_hash: Mapped[str] = mapped_column(String(64), index=True)   # sha256 of the URL
    title: Mapped[str] = mapped_column(String(200))
    every_seconds: Mapped[int] = mapped_column(Integer)
    etag: Mapped[str | None] = mapped_column(String(500), nullable=True)
    last_modified: Mapped[str | None] = mapped_column(String(100), nullable=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)        # in a row
    last_error: Mapped[str | None] = mapped_column(String(300), nullable=True)
    warned: Mapped[bool] = mapped_column(Boolean, default=False)
    last_polled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_ok_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class FeedItemRow(Base):
    __tablename__ = "feed_items"
    __table_args__ = (UniqueConstraint("topic_id", "uid"),
                      Index("ix_feed_items_topic_published", "topic_id", "published_at"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic_id: Mapped[int] = mapped_column(Integer)
    uid: Mapped[str] = mapped_column(String(64))                     # core.feeds.parse
    feed_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    title: Mapped[str] = mapped_column(String(300))
    link: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
