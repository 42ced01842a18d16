"""Bulletins as composed and as they go out (see core/bulletins); the messages themselves
are in the outbox, tagged ``bulletin:<id>``."""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.bulletins.model import Bulletin, Draft, Link, Status

from .bulletin_models import BulletinRow
from .models import PersonRow


def _draft(row: BulletinRow) -> Draft:
    return Draft(title=row.title, body=row.body,
                 links=tuple(Link(label, url) for label, url in json.loads(row.links)),
                 topic_ids=tuple(json.loads(row.topics)),
                 channels=tuple(json.loads(row.channels)), subscribers=row.subscribers,
                 everyone=row.everyone, notify=row.notify, send_at=row.send_at,
                 timezone=row.timezone)


def _bulletin(row: BulletinRow) -> Bulletin:
    return Bulletin(id=row.id, workspace_key=row.workspace_key, created_by=row.created_by,
                    draft=_draft(row), status=Status(row.status), created_at=row.created_at,
                    recipients=row.recipients, digests=row.digests,
                    started_at=row.started_at, stopped_at=row.stopped_at)


def _columns(draft: Draft) -> dict[str, Any]:
    return dict(title=draft.title, body=draft.body,
                links=json.dumps([[link.label, link.url] for link in draft.links]),
                topics=json.dumps(list(draft.topic_ids)),
                channels=json.dumps(list(draft.channels)), subscribers=draft.subscribers,
                everyone=draft.everyone, notify=draft.notify, send_at=draft.send_at,
                timezone=draft.timezone)


class BulletinsSql:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, workspace_key: str, by: str, draft: Draft, now: datetime) -> Bulletin:
        row = BulletinRow(workspace_key=workspace_key, created_by=by,
                          status=Status.DRAFT.value, recipients=0, digests=0, created_at=now,
                          **_columns(draft))
        self.session.add(row)
        await self.session.flush()
        return _bulletin(row)

    async def get(self, bulletin_id: int, *, for_update: bool = False) -> Bulletin | None:
        statement = select(BulletinRow).where(BulletinRow.id == bulletin_id)
        if for_update and self.session.bind.dialect.name == "postgresql":
            statement = statement.with_for_update()
        row = await self.session.scalar(statement.execution_options(populate_existing=True))
        return _bulletin(row) if row is not None else None

    async def update(self, bulletin_id: int, draft: Draft) -> None:
        await self.session.execute(update(BulletinRow).where(BulletinRow.id == bulletin_id)
                                   .values(**_columns(draft)))

    async def set_status(self, bulletin_id: int, status: Status, now: datetime, *,
                         recipients: int | None = None, digests: int | None = None) -> None:
        values: dict[str, Any] = {"status": status.value}
        if status is Status.SENDING:
            values["started_at"] = now
        if status is Status.STOPPED:
            values["stopped_at"] = now
        if recipients is not None:
            values["recipients"] = recipients
        if digests is not None:
            values["digests"] = digests
        await self.session.execute(update(BulletinRow).where(BulletinRow.id == bulletin_id)
                                   .values(**values))

    async def in_workspace(self, workspace_key: str, limit: int = 30) -> list[Bulletin]:
        rows = await self.session.scalars(select(BulletinRow).where(
            BulletinRow.workspace_key == workspace_key).order_by(BulletinRow.id.desc())
            .limit(limit))
        return [_bulletin(r) for r in rows]

    async def with_status(self, status: Status) -> list[Bulletin]:
        rows = await self.session.scalars(select(BulletinRow).where(
            BulletinRow.status == status.value).order_by(BulletinRow.id))
        return [_bulletin(r) for r in rows]

    async def people(self, workspace_key: str) -> list[str]:
        return list(await self.session.scalars(select(PersonRow.key).where(
            PersonRow.workspace_key == workspace_key).order_by(PersonRow.key)))

    async def export_person(self, person_key: str) -> dict[str, Any]:
        rows = await self.session.scalars(select(BulletinRow).where(
            BulletinRow.created_by == person_key).order_by(BulletinRow.id))
        return {"bulletins_you_composed": [
            dict(id=r.id, title=r.title, status=r.status, created_at=r.created_at.isoformat())
            for r in rows]}

    async def erase_person(self, person_key: str, pseudonym: str) -> None:
        """Bulletins are the library's publications: they stay, under the pseudonym."""
        await self.session.execute(update(BulletinRow).where(
            BulletinRow.created_by == person_key).values(created_by=pseudonym))
