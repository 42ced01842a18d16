"""What the Teams adapter remembers: every conversation the bot has met, and who is who.

A Bot Framework ``ConversationReference`` (stored as JSON) is what a proactive send needs; it is
refreshed on every inbound turn because its ``serviceUrl`` can change. People are known by
their Teams user id (``29:…``), with their Entra object id kept beside it, the 1:1 chat with
them (when there is one) and a conversation they share with the bot (a team or group chat),
from which a 1:1 chat can be created.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Sequence

from sqlalchemy import String, Text, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from .models import KEY, Base
from .types import UTCDateTime

CONVERSATION_ID = String(400)


class TeamsConversationRow(Base):
    __tablename__ = "teams_conversations"
    conversation_id: Mapped[str] = mapped_column(CONVERSATION_ID, primary_key=True)
    tenant_id: Mapped[str] = mapped_column(KEY, index=True)
    kind: Mapped[str] = mapped_column(String(20))          # personal, groupChat, channel
    team_id: Mapped[str | None] = mapped_column(CONVERSATION_ID, nullable=True)
    reference: Mapped[str] = mapped_column(Text)           # ConversationReference as JSON
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    welcomed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class TeamsUserRow(Base):
    __tablename__ = "teams_users"
    tenant_id: Mapped[str] = mapped_column(KEY, primary_key=True)
    user_id: Mapped[str] = mapped_column(KEY, primary_key=True)      # the 29:… id
    aad_object_id: Mapped[str | None] = mapped_column(KEY, nullable=True, index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    personal_conversation_id: Mapped[str | None] = mapped_column(CONVERSATION_ID, nullable=True)
    shared_conversation_id: Mapped[str | None] = mapped_column(CONVERSATION_ID, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


@dataclass(frozen=True)
class TeamsConversation:
    conversation_id: str
    tenant_id: str
    kind: str
    team_id: str | None
    reference: dict
    welcomed: bool
    removed: bool


@dataclass(frozen=True)
class TeamsUser:
    tenant_id: str
    user_id: str
    aad_object_id: str | None
    name: str
    personal_conversation_id: str | None
    shared_conversation_id: str | None


def _conversation(row: TeamsConversationRow) -> TeamsConversation:
    return TeamsConversation(row.conversation_id, row.tenant_id, row.kind, row.team_id,
                             json.loads(row.reference), row.welcomed_at is not None,
                             row.removed_at is not None)


def _user(row: TeamsUserRow) -> TeamsUser:
    return TeamsUser(row.tenant_id, row.user_id, row.aad_object_id, row.name,
                     row.personal_conversation_id, row.shared_conversation_id)


class TeamsStore:
    """Conversation references and people, each call its own short transaction."""

    def __init__(self, sessions, read_sessions=None) -> None:
        self.sessions = sessions   # an async_sessionmaker (storage.Database.sessions)
        # reads (storage.Database.read_sessions): on SQLite they never take the write lock
        self.read_sessions = read_sessions or sessions

    async def save_conversation(self, conversation_id: str, tenant_id: str, kind: str,
                                team_id: str | None, reference: dict, now: datetime) -> None:
        async def write(session) -> None:
            row = await session.get(TeamsConversationRow, conversation_id)
            if row is None:
                row = TeamsConversationRow(conversation_id=conversation_id)
                session.add(row)
            row.tenant_id, row.kind, row.team_id = tenant_id, kind, team_id
            row.reference, row.updated_at, row.removed_at = json.dumps(reference), now, None
        await self._write(write)

    async def save_personal_chats(self, chats: list[tuple[str, str, str, dict]],
                                  now: datetime) -> None:
        """1:1 chats the bot created: ``(tenant, user id, conversation id, reference)``
        each, the conversations and their people saved in one transaction (two upserts)."""
        if not chats:
            return
        async with self.sessions() as session, session.begin():
            insert = (postgresql_insert if session.bind.dialect.name == "postgresql"
                      else sqlite_insert)
            conversations = insert(TeamsConversationRow.__table__)
            await session.execute(conversations.on_conflict_do_update(
                index_elements=["conversation_id"],
                set_=dict(tenant_id=conversations.excluded.tenant_id, kind="personal",
                          team_id=None, reference=conversations.excluded.reference,
                          updated_at=now, removed_at=None)),
                [dict(conversation_id=c, tenant_id=t, kind="personal", team_id=None,
                      reference=json.dumps(r), updated_at=now) for t, _, c, r in chats])
            people = insert(TeamsUserRow.__table__)
            await session.execute(people.on_conflict_do_update(
                index_elements=["tenant_id", "user_id"],
                set_=dict(personal_conversation_id=people.excluded.personal_conversation_id,
                          updated_at=now)),
                [dict(tenant_id=t, user_id=u, name="", personal_conversation_id=c,
                      updated_at=now) for t, u, c, _ in chats])

    async def save_user(self, tenant_id: str, user_id: str, now: datetime, *, name: str = "",
                        aad_object_id: str | None = None, personal: str | None = None,
                        shared: str | None = None) -> None:
        """Record a person; only the values given replace what was known."""
        async def write(session) -> None:
            row = await session.get(TeamsUserRow, (tenant_id, user_id))
            if row is None:
                row = TeamsUserRow(tenant_id=tenant_id, user_id=user_id, name="")
                session.add(row)
            row.name = name or row.name
            row.aad_object_id = aad_object_id or row.aad_object_id
            row.personal_conversation_id = personal or row.personal_conversation_id
            row.shared_conversation_id = shared or row.shared_conversation_id
            row.updated_at = now
        await self._write(write)

    async def mark_welcomed(self, conversation_id: str, now: datetime) -> bool:
        """True the first time only, so an install never gets two welcomes."""
        async with self.sessions() as session, session.begin():
            row = await session.get(TeamsConversationRow, conversation_id,
                                    with_for_update=True)
            if row is None or row.welcomed_at is not None:
                return False
            row.welcomed_at = now
            return True

    async def mark_removed(self, conversation_id: str, now: datetime) -> None:
        async with self.sessions() as session, session.begin():
            row = await session.get(TeamsConversationRow, conversation_id)
            if row is not None:
                row.removed_at, row.welcomed_at = now, None

    async def conversation(self, conversation_id: str) -> TeamsConversation | None:
        async with self.read_sessions() as session:
            row = await session.get(TeamsConversationRow, conversation_id)
            return _conversation(row) if row else None

    async def user(self, tenant_id: str, user_id: str) -> TeamsUser | None:
        async with self.read_sessions() as session:
            row = await session.get(TeamsUserRow, (tenant_id, user_id))
            return _user(row) if row else None

    async def users_many(self, keys: Sequence[tuple[str, str]]) -> list[TeamsUser | None]:
        """:meth:`user` for many ``(tenant id, user id)`` at once, in one query per tenant;
        in the order asked (None for who is unknown)."""
        by_tenant: dict[str, set[str]] = {}
        for tenant_id, user_id in keys:
            by_tenant.setdefault(tenant_id, set()).add(user_id)
        found: dict[tuple[str, str], TeamsUser] = {}
        async with self.read_sessions() as session:
            for tenant_id, user_ids in by_tenant.items():
                for row in await session.scalars(select(TeamsUserRow).where(
                        TeamsUserRow.tenant_id == tenant_id,
                        TeamsUserRow.user_id.in_(sorted(user_ids)))):
                    found[(row.tenant_id, row.user_id)] = _user(row)
        return [found.get(tuple(key)) for key in keys]

    async def conversations_many(self, conversation_ids: Sequence[str]
                                 ) -> list[TeamsConversation | None]:
        """:meth:`conversation` for many ids at once, in one query; in the order asked."""
        async with self.read_sessions() as session:
            found = {row.conversation_id: _conversation(row) for row in await session.scalars(
                select(TeamsConversationRow).where(
                    TeamsConversationRow.conversation_id.in_(sorted(set(conversation_ids)))))}
        return [found.get(c) for c in conversation_ids]

    async def conversations(self) -> list[TeamsConversation]:
        async with self.sessions() as session:
            rows = await session.scalars(select(TeamsConversationRow)
                                         .order_by(TeamsConversationRow.conversation_id))
            return [_conversation(r) for r in rows]

    async def users(self) -> list[TeamsUser]:
        async with self.sessions() as session:
            rows = await session.scalars(select(TeamsUserRow).order_by(TeamsUserRow.user_id))
            return [_user(r) for r in rows]

    async def _write(self, write) -> None:
        """Upsert: if another turn inserted the same row meanwhile, write over it."""
        for attempt in (1, 2):
            try:
                async with self.sessions() as session, session.begin():
                    await write(session)
                return
            except IntegrityError:
                if attempt == 2:
                    raise
