"""Tables of the lessons feature beyond the log itself (core/lessons): facilitated reviews
and their answers, actions, the librarians' tag list and "was this useful?" marks.

Imported by ``storage/models.py`` so that they share its metadata; migration
0009_lessons_feature creates them (0012_lessons_people: ``lesson_channels``).
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .models import KEY, Base
from .types import UTCDateTime


class LessonReviewRow(Base):
    """A review run together in a channel's thread, until its facilitator closes it."""
    __tablename__ = "lesson_reviews"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_key: Mapped[str] = mapped_column(KEY, index=True)
    kind: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(300))
    team: Mapped[str] = mapped_column(String(100), default="")
    project: Mapped[str] = mapped_column(String(100), default="")
    channel: Mapped[str] = mapped_column(String(255))           # where it runs
    card_id: Mapped[int | None] = mapped_column(Integer, nullable=True)   # outbox id
    facilitator_key: Mapped[str | None] = mapped_column(KEY, nullable=True, index=True)
    status: Mapped[str] = mapped_column(String(10), default="open")
    visibility: Mapped[str] = mapped_column(String(20), default="organisation")
    lesson_id: Mapped[int | None] = mapped_column(
        ForeignKey("lessons.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class LessonReviewAnswerRow(Base):
    __tablename__ = "lesson_review_answers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("lesson_reviews.id", ondelete="CASCADE"),
                                           index=True)
    question: Mapped[int] = mapped_column(Integer)             # index in the template
    person_key: Mapped[str | None] = mapped_column(KEY, nullable=True, index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LessonActionRow(Base):
    """Something to do because of a lesson: an owner and a due date."""
    __tablename__ = "lesson_actions"
    __table_args__ = (Index("ix_lesson_actions_open", "workspace_key", "status", "due"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_key: Mapped[str] = mapped_column(KEY)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"),
                                           index=True)
    text: Mapped[str] = mapped_column(String(500))
    owner_key: Mapped[str | None] = mapped_column(KEY, nullable=True, index=True)
    due: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="open")    # open, done
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class LessonCategoryRow(Base):
    """A tag on the category list that librarians keep (free tags are allowed too)."""
    __tablename__ = "lesson_categories"
    workspace_key: Mapped[str] = mapped_column(KEY, primary_key=True)
    tag: Mapped[str] = mapped_column(String(60), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LessonUsefulRow(Base):
    """Someone found a lesson useful, in a search or a Before Action Review."""
    __tablename__ = "lesson_useful"
    __table_args__ = (UniqueConstraint("lesson_id", "person_key", "source"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"),
                                           index=True)
    person_key: Mapped[str | None] = mapped_column(KEY, nullable=True, index=True)
    source: Mapped[str] = mapped_column(String(10))             # search, bar
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LessonChannelRow(Base):
    """What a platform said about a channel's privacy where lessons were captured, so a
    later event that does not say (a button, a form) is still decided right, and a lesson
    from a private channel stays team-only when edited."""
    __tablename__ = "lesson_channels"
    workspace_key: Mapped[str] = mapped_column(KEY, primary_key=True)
    channel: Mapped[str] = mapped_column(String(255), primary_key=True)
    private: Mapped[bool] = mapped_column(Boolean)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
