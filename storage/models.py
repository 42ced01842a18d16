"""Tables. Alembic migrations in ``storage/migrations`` create them; keep the two in step."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (Boolean, Date, Float, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from .types import UTCDateTime

KEY = String(255)


class Base(DeclarativeBase):
    pass


class PersonRow(Base):
    __tablename__ = "people"
    key: Mapped[str] = mapped_column(KEY, primary_key=True)
    workspace_key: Mapped[str] = mapped_column(KEY, index=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    department: Mapped[str] = mapped_column(String(100), default="")
    site: Mapped[str] = mapped_column(String(100), default="")
    interests: Mapped[str] = mapped_column(String(300), default="")
    bio: Mapped[str] = mapped_column(String(500), default="")
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime)


class RoleRow(Base):
    __tablename__ = "roles"
    person_key: Mapped[str] = mapped_column(KEY, primary_key=True)
    role: Mapped[str] = mapped_column(String(40), primary_key=True)
    granted_by: Mapped[str] = mapped_column(KEY)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime)


class InboxRow(Base):
    """Inbound delivery keys already handled (de-duplication)."""
    __tablename__ = "inbox"
    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class ProgrammeRow(Base):
    __tablename__ = "programmes"
    __table_args__ = (UniqueConstraint("workspace_key", "slug"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_key: Mapped[str] = mapped_column(KEY, index=True)
    slug: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(80))
    channel_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    cadence: Mapped[str] = mapped_column(String(20))
    weekday: Mapped[int] = mapped_column(Integer)
    time: Mapped[str] = mapped_column(String(5))
    timezone: Mapped[str] = mapped_column(String(64))
    group_size: Mapped[int] = mapped_column(Integer)
    theme: Mapped[str] = mapped_column(String(300), default="")
    cross_department: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MembershipRow(Base):
    __tablename__ = "memberships"
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"),
                                              primary_key=True)
    person_key: Mapped[str] = mapped_column(KEY, primary_key=True)
    status: Mapped[str] = mapped_column(String(20))
    paused_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RoundRow(Base):
    __tablename__ = "rounds"
    __table_args__ = (UniqueConstraint("programme_id", "slot"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    slot: Mapped[datetime] = mapped_column(UTCDateTime)
    seed: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reminder_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class GroupRow(Base):
    __tablename__ = "round_groups"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"),
                                          index=True)
    cross_department: Mapped[bool] = mapped_column(Boolean, default=False)


class GroupMemberRow(Base):
    __tablename__ = "group_members"
    group_id: Mapped[int] = mapped_column(ForeignKey("round_groups.id", ondelete="CASCADE"),
                                          primary_key=True)
    person_key: Mapped[str] = mapped_column(KEY, primary_key=True, index=True)
    outcome: Mapped[str | None] = mapped_column(String(20), nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class OutboxRow(Base):
    """One row per message per recipient; the delivery worker sends and records the outcome."""
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),
                      Index("ix_outbox_ref", "platform", "workspace", "ref_conversation",
                            "ref_id"),
                      Index("ix_outbox_tag", "tag", "status"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    workspace: Mapped[str] = mapped_column(String(255))
    dest_kind: Mapped[str] = mapped_column(String(20))
    dest_ids: Mapped[str] = mapped_column(Text)          # JSON list
    thread_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    # JSON; NULL for a broadcast's row, whose text is stored once in ``outbox_bodies``
    message: Mapped[str | None] = mapped_column(Text, nullable=True)
    body_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    status: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    dedup_key: Mapped[str | None] = mapped_column(String(400), nullable=True, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # what the platform posted (core.channels.MessageRef), once sent: edits and thread posts
    # find the message by it, and thread replies find the feature that owns it (``tag``)
    tag: Mapped[str | None] = mapped_column(String(100), nullable=True)
    root_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    ref_conversation: Mapped[str | None] = mapped_column(String(400), nullable=True)
    ref_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    ref_thread: Mapped[str | None] = mapped_column(String(255), nullable=True)
    # delivery at scale: who holds the lease, when a send began (set before the request goes
    # out, cleared with its outcome), and how many sends may have reached the platform
    # without being recorded (a lease that ran out after a send began: a possible duplicate)
    lease_owner: Mapped[str | None] = mapped_column(String(40), nullable=True)
    attempt_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    in_doubt: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class OutboxBodyRow(Base):
    """A broadcast's message, stored once for all of its recipients' outbox rows."""
    __tablename__ = "outbox_bodies"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(400), unique=True)
    message: Mapped[str] = mapped_column(Text)           # JSON
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SendBudgetRow(Base):
    """The pace of sending to one workspace or tenant, shared by every process: the next free
    moment to send (seconds since the epoch) and a pause after a 429 (``Retry-After``)."""
    __tablename__ = "send_budget"
    key: Mapped[str] = mapped_column(String(255), primary_key=True)   # "teams:<tenant>"
    next_at: Mapped[float] = mapped_column(Float, default=0.0)
    paused_until: Mapped[float] = mapped_column(Float, default=0.0)
    throttled: Mapped[int] = mapped_column(Integer, default=0)         # 429s seen


class MailboxRow(Base):
    """Messages for console users, shown when they next open the console."""
    __tablename__ = "mailbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_key: Mapped[str] = mapped_column(KEY, index=True)
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class JobScheduleRow(Base):
    """What recurs: the next time each scheduled item (a programme's rounds, a standing purge)
    falls due. ``next_due`` NULL: work it out from ``updated_at`` on the next tick."""
    __tablename__ = "job_schedules"
    kind: Mapped[str] = mapped_column(String(80), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    trigger: Mapped[str | None] = mapped_column(Text, nullable=True)     # JSON, or NULL: ask the kind
    next_due: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)   # bumped by every change


class JobRunRow(Base):
    """One run of one job kind, claimed with a lease before it acts: never run twice."""
    __tablename__ = "job_runs"
    __table_args__ = (UniqueConstraint("kind", "key", "due"),
                      Index("ix_job_runs_due", "status", "due"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(80))
    key: Mapped[str] = mapped_column(String(255))
    due: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20))       # due, running, done, skipped, failed
    attempt: Mapped[int] = mapped_column(Integer, default=0)
    worker: Mapped[str | None] = mapped_column(String(120), nullable=True)   # the process
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)


class ConsolePostRow(Base):
    """What is posted in a console channel, numbered in order; ``thread`` is the number of
    the post whose thread it is in. ``author`` is empty for kmbot's own posts."""
    __tablename__ = "console_posts"
    __table_args__ = (UniqueConstraint("channel", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(255))
    number: Mapped[int] = mapped_column(Integer)
    thread: Mapped[int | None] = mapped_column(Integer, nullable=True)
    author: Mapped[str] = mapped_column(KEY, default="")
    message: Mapped[str] = mapped_column(Text)           # JSON
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class ConsoleMemberRow(Base):
    """Who has opened a console channel: its members."""
    __tablename__ = "console_members"
    channel: Mapped[str] = mapped_column(String(255), primary_key=True)
    person_key: Mapped[str] = mapped_column(KEY, primary_key=True, index=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime)


# -- lessons learned (core/lessons) ---------------------------------------------------------
# The full-text index is not declared here: on SQLite it is an FTS5 table kept in step by
# triggers, on PostgreSQL a generated ``tsvector`` column with a GIN index; migration
# 0008_lessons creates them, and ``include_object`` keeps them out of model/migration checks.

class LessonRow(Base):
    __tablename__ = "lessons"
    __table_args__ = (Index("ix_lessons_workspace", "workspace_key", "id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_key: Mapped[str] = mapped_column(KEY)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(10))
    answers: Mapped[str] = mapped_column(Text)           # JSON list of [question, answer]
    body: Mapped[str] = mapped_column(Text)              # the answers as plain text (searched)
    tags: Mapped[str] = mapped_column(Text, default="")  # space-separated (searched)
    facets: Mapped[str] = mapped_column(Text, default="")  # filter tokens (lesson_search.facet)
    team: Mapped[str] = mapped_column(String(100), default="")
    team_key: Mapped[str] = mapped_column(String(100), default="", index=True)
    project: Mapped[str] = mapped_column(String(100), default="")
    project_key: Mapped[str] = mapped_column(String(100), default="", index=True)
    author_key: Mapped[str | None] = mapped_column(KEY, nullable=True, index=True)
    visibility: Mapped[str] = mapped_column(String(20))
    audience: Mapped[str | None] = mapped_column(KEY, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)


class LessonTagRow(Base):
    __tablename__ = "lesson_tags"
    __table_args__ = (Index("ix_lesson_tags_tag", "tag", "lesson_id"),)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"),
                                           primary_key=True)
    tag: Mapped[str] = mapped_column(String(60), primary_key=True)


class LessonPersonRow(Base):
    """The people involved in a lesson (who may see it when it is team-only)."""
    __tablename__ = "lesson_people"
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"),
                                           primary_key=True)
    person_key: Mapped[str] = mapped_column(KEY, primary_key=True, index=True)


class LessonRevisionRow(Base):
    """A lesson as it was before an edit."""
    __tablename__ = "lesson_revisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"),
                                           index=True)
    version: Mapped[int] = mapped_column(Integer)
    edited_by: Mapped[str | None] = mapped_column(KEY, nullable=True)
    edited_at: Mapped[datetime] = mapped_column(UTCDateTime)
    snapshot: Mapped[str] = mapped_column(Text)          # JSON of the lesson before the edit


SEARCH_INDEX_TABLES = ("lessons_fts",)      # with FTS5's shadow tables lessons_fts_*
SEARCH_INDEX_COLUMNS = {("lessons", "search")}
SEARCH_INDEX_INDEXES = {"ix_lessons_search"}


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """For Alembic comparisons: leave out the full-text index objects the models don't
    declare (see the note above ``LessonRow``)."""
    if type_ == "table" and name and name.startswith(SEARCH_INDEX_TABLES):
        return False
    if type_ == "column" and (obj.table.name, name) in SEARCH_INDEX_COLUMNS:
        return False
    if type_ == "index" and name in SEARCH_INDEX_INDEXES:
        return False
    return True

# -- graffiti walls and quick polls (core/walls) --------------------------------------------
class WallRow(Base):
    """A graffiti wall or a quick poll (``kind``), posted as a card in a channel."""
    __tablename__ = "walls"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_key: Mapped[str] = mapped_column(KEY, index=True)
    kind: Mapped[str] = mapped_column(String(10))                  # wall, poll
    question: Mapped[str] = mapped_column(String(300))
    channel: Mapped[str] = mapped_column(String(255))
    created_by: Mapped[str] = mapped_column(KEY)
    anonymity: Mapped[str] = mapped_column(String(10))             # off, allowed, required
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)   # ideas/counts until close
    per_person: Mapped[int | None] = mapped_column(Integer, nullable=True)
    multiple: Mapped[bool] = mapped_column(Boolean, default=False)  # polls: several choices
    options: Mapped[str] = mapped_column(Text, default="[]")        # polls: JSON list
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    card_id: Mapped[int | None] = mapped_column(Integer, nullable=True)   # outbox id
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class WallIdeaRow(Base):
    """An idea on a wall. A named idea keeps its author's key; an anonymous one only
    ``author_hash``, a keyed hash of wall and person whose key is not in the database."""
    __tablename__ = "wall_ideas"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wall_id: Mapped[int] = mapped_column(ForeignKey("walls.id", ondelete="CASCADE"), index=True)
    author_key: Mapped[str | None] = mapped_column(KEY, nullable=True, index=True)
    author_hash: Mapped[str] = mapped_column(String(64), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    hidden_by: Mapped[str | None] = mapped_column(KEY, nullable=True)
    hidden_reason: Mapped[str | None] = mapped_column(String(300), nullable=True)
    post_id: Mapped[int | None] = mapped_column(Integer, nullable=True)   # outbox id
    #: its +1s, kept with each vote in the same transaction (the card and the idea's message
    #: read it instead of counting the votes each time)
    votes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class WallCommentRow(Base):
    """A comment under an idea; named or anonymous like ideas."""
    __tablename__ = "wall_comments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wall_id: Mapped[int] = mapped_column(ForeignKey("walls.id", ondelete="CASCADE"), index=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("wall_ideas.id", ondelete="CASCADE"),
                                         index=True)
    author_key: Mapped[str | None] = mapped_column(KEY, nullable=True, index=True)
    author_hash: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class WallVoteRow(Base):
    """One vote: on an idea (``target`` its id) or a poll option (``target`` its index),
    by a keyed hash of wall and voter only: one per person, never who."""
    __tablename__ = "wall_votes"
    __table_args__ = (UniqueConstraint("wall_id", "target", "voter_hash"),
                      Index("ix_wall_votes_voter", "wall_id", "voter_hash"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wall_id: Mapped[int] = mapped_column(ForeignKey("walls.id", ondelete="CASCADE"), index=True)
    target: Mapped[int] = mapped_column(Integer)
    voter_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class WallPersonRow(Base):
    """Someone taking part in a wall or poll (an idea, a comment or a vote), by the same
    keyed hash as their ideas and votes: the card's count of people, kept as they act."""
    __tablename__ = "wall_people"
    wall_id: Mapped[int] = mapped_column(ForeignKey("walls.id", ondelete="CASCADE"),
                                         primary_key=True)
    person_hash: Mapped[str] = mapped_column(String(64), primary_key=True)

from . import lesson_feature_models  # noqa: E402,F401  (the lessons feature's own tables)
from . import huddle_models  # noqa: E402,F401  (Huddles: its tables, on this metadata)
from . import bulletin_models  # noqa: E402,F401  (topics and bulletins: their tables)
from . import feed_models  # noqa: E402,F401  (Feeds: its tables, on this metadata)
from . import digest_models  # noqa: E402,F401  (Digests: its tables, on this metadata)
