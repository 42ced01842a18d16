"""Huddles' tables (imported by ``storage.models``, so they share its metadata)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .models import KEY, Base
from .types import UTCDateTime


class HuddleRow(Base):
    __tablename__ = "huddles"
    __table_args__ = (UniqueConstraint("workspace_key", "slug"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_key: Mapped[str] = mapped_column(KEY)
    channel_id: Mapped[str] = mapped_column(String(255), index=True)
    slug: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(100))
    owner_key: Mapped[str] = mapped_column(KEY, index=True)
    settings: Mapped[str] = mapped_column(Text)                 # JSON (core.huddles.model)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    problem_reported: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class HuddleSessionRow(Base):
    """One day's huddle: claimed once per (huddle, day), whichever process gets there."""
    __tablename__ = "huddle_sessions"
    __table_args__ = (UniqueConstraint("huddle_id", "day"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    huddle_id: Mapped[int] = mapped_column(ForeignKey("huddles.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    questions: Mapped[str] = mapped_column(Text)                # JSON list
    root_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reminded: Mapped[bool] = mapped_column(Boolean, default=False)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)


class HuddleAnswerRow(Base):
    __tablename__ = "huddle_answers"
    __table_args__ = (Index("ix_huddle_answers_session", "session_id", "question"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("huddle_sessions.id", ondelete="CASCADE"))
    person_key: Mapped[str] = mapped_column(KEY, index=True)
    question: Mapped[int] = mapped_column(Integer)              # -1: not tied to a question
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    via: Mapped[str] = mapped_column(String(10), default="thread")
    dedup_key: Mapped[str | None] = mapped_column(String(300), nullable=True, unique=True)
