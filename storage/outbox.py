"""The persistent outbox, and the console's mailbox."""
from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Sequence

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.outbox import NewOutboxItem, OutboxItem, OutboxStatus
from core.serialize import message_from_dict, message_to_dict
from core.vocabulary import Destination

from .models import MailboxRow, OutboxRow

OPEN = (OutboxStatus.PENDING.value, OutboxStatus.RETRYING.value)
KEY_BATCH = 500     # de-duplication keys looked up per query


def _item(row: OutboxRow) -> OutboxItem:
    destination = Destination(row.platform, row.workspace, row.dest_kind,
                              tuple(json.loads(row.dest_ids)), row.thread_id)
    return OutboxItem(id=row.id, destination=destination,
                      message=message_from_dict(json.loads(row.message)),
                      status=OutboxStatus(row.status), attempts=row.attempts,
                      dedup_key=row.dedup_key, last_error=row.last_error,
                      created_at=row.created_at)


def _json(message, serialised: dict[int, str]) -> str:
    """A message as JSON, once per message however many recipients share it."""
    key = id(message)
    if key not in serialised:
        serialised[key] = json.dumps(message_to_dict(message))
    return serialised[key]


class OutboxSql:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, items: Sequence[NewOutboxItem], now: datetime) -> int:
        """Queue messages in one bulk insert; an item whose ``dedup_key`` is already queued
        (or repeated in ``items``) is skipped. Returns how many were queued."""
        keys = [item.dedup_key for item in items if item.dedup_key]
        seen: set[str] = set()
        for start in range(0, len(keys), KEY_BATCH):
            seen.update(await self.session.scalars(select(OutboxRow.dedup_key).where(
                OutboxRow.dedup_key.in_(keys[start:start + KEY_BATCH]))))
        rows, serialised = [], {}
        for item in items:
            if item.dedup_key:
                if item.dedup_key in seen:
                    continue
                seen.add(item.dedup_key)
            d = item.destination
            rows.append(dict(platform=d.platform, workspace=d.workspace, dest_kind=d.kind,
                             dest_ids=json.dumps(list(d.ids)), thread_id=d.thread_id,
                             message=_json(item.message, serialised),
                             status=OutboxStatus.PENDING.value, attempts=0, next_attempt_at=now,
                             dedup_key=item.dedup_key, created_at=now))
        if not rows:
            return 0
        dialect = self.session.bind.dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        # another process may queue the same key meanwhile: its row wins, ours is skipped
        table = OutboxRow.__table__
        statement = (insert(table).on_conflict_do_nothing(index_elements=["dedup_key"])
                     .returning(table.c.id))
        return len((await self.session.scalars(statement, rows)).all())

    async def claim_due(self, now: datetime, limit: int, lease_seconds: float,
                        platforms: Sequence[str]) -> list[OutboxItem]:
        """Lease up to ``limit`` due rows so no other worker sends them meanwhile."""
        free = or_(OutboxRow.lease_until.is_(None), OutboxRow.lease_until < now)
        rows = list(await self.session.scalars(
            select(OutboxRow).where(OutboxRow.status.in_(OPEN), OutboxRow.next_attempt_at <= now,
                                    OutboxRow.platform.in_(list(platforms)), free)
            .order_by(OutboxRow.next_attempt_at, OutboxRow.id).limit(limit)
            .with_for_update(skip_locked=True)))
        until = now + timedelta(seconds=lease_seconds)
        for row in rows:
            row.lease_until = until
        await self.session.flush()
        return [_item(r) for r in rows]

    async def mark_sent(self, item_id: int, now: datetime) -> None:
        await self.session.execute(update(OutboxRow).where(OutboxRow.id == item_id).values(
            status=OutboxStatus.SENT.value, sent_at=now, lease_until=None,
            attempts=OutboxRow.attempts + 1))

    async def mark_retry(self, item_id: int, attempts: int, next_at: datetime,
                         reason: str) -> None:
        await self.session.execute(update(OutboxRow).where(OutboxRow.id == item_id).values(
            status=OutboxStatus.RETRYING.value, attempts=attempts, next_attempt_at=next_at,
            last_error=reason[:1000], lease_until=None))

    async def mark_failed(self, item_id: int, attempts: int, reason: str) -> None:
        await self.session.execute(update(OutboxRow).where(OutboxRow.id == item_id).values(
            status=OutboxStatus.FAILED.value, attempts=attempts, last_error=reason[:1000],
            lease_until=None))

    async def counts(self) -> dict[str, int]:
        rows = await self.session.execute(
            select(OutboxRow.status, func.count()).group_by(OutboxRow.status))
        return {status: n for status, n in rows}

    async def items(self, status: str | None = None) -> list[OutboxItem]:
        query = select(OutboxRow).order_by(OutboxRow.id)
        if status:
            query = query.where(OutboxRow.status == status)
        return [_item(r) for r in await self.session.scalars(query)]


class MailboxSql:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def put(self, person_key: str, message: dict, now: datetime) -> None:
        self.session.add(MailboxRow(person_key=person_key, message=json.dumps(message),
                                    created_at=now))
        await self.session.flush()

    async def take(self, person_key: str, now: datetime) -> list[dict]:
        rows = list(await self.session.scalars(select(MailboxRow).where(
            MailboxRow.person_key == person_key, MailboxRow.read_at.is_(None))
            .order_by(MailboxRow.id)))
        for row in rows:
            row.read_at = now
        return [json.loads(r.message) for r in rows]

    async def export(self, person_key: str) -> list[dict]:
        rows = await self.session.scalars(select(MailboxRow).where(
            MailboxRow.person_key == person_key).order_by(MailboxRow.id))
        return [{"message": json.loads(r.message), "created_at": r.created_at.isoformat(),
                 "read_at": r.read_at.isoformat() if r.read_at else None} for r in rows]

    async def erase(self, person_key: str) -> None:
        await self.session.execute(delete(MailboxRow).where(MailboxRow.person_key == person_key))
