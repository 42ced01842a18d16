"""The console's mailbox: messages waiting for a person until they next open the console."""
from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from .models import MailboxRow


class MailboxSql:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def put(self, person_key: str, message: dict, now: datetime) -> int:
        row = MailboxRow(person_key=person_key, message=json.dumps(message), created_at=now)
        self.session.add(row)
        await self.session.flush()
        return row.id

    async def replace(self, person_key: str, message_id: int, message: dict) -> bool:
        """An edited message: its reader sees the new content (again) next time."""
        row = await self.session.get(MailboxRow, message_id)
        if row is None or row.person_key != person_key:
            return False
        row.message, row.read_at = json.dumps(message), None
        return True

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
