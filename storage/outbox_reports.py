"""The outbox read as a whole: a broadcast's (tag's) counts and per-recipient report, stopping
a broadcast, the figures ``/kmbot deliveries`` shows, and purging what is finished."""
from __future__ import annotations

import json
from datetime import datetime
from typing import AsyncIterator

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.outbox import TAG_COUNT_KEYS, OutboxItem, OutboxStatus, ReportRow
from core.vocabulary import Destination

from .models import OutboxBodyRow, OutboxRow
from .outbox_rows import DONE, OPEN, THREAD, item_of, recipient

REPORT_PAGE = 1000       # rows per query when reading a tag's report


class OutboxReports:
    session: AsyncSession

    async def tag_counts(self, tag: str) -> dict[str, int]:
        """How many of a tag's rows are queued (pending), sent, retrying, failed, unreachable
        and stopped; ``possibly_duplicated``: sends that began but were never recorded."""
        counts = dict.fromkeys(TAG_COUNT_KEYS, 0)
        rows = await self.session.execute(
            select(OutboxRow.status, func.count(), func.coalesce(func.sum(OutboxRow.in_doubt), 0))
            .where(OutboxRow.tag == tag).group_by(OutboxRow.status))
        doubt = 0
        for status, n, in_doubt in rows:
            name = "queued" if status == OutboxStatus.PENDING.value else status
            counts[name] = counts.get(name, 0) + n
            doubt += int(in_doubt or 0)
        counts["possibly_duplicated"] = doubt
        return counts

    async def tag_report(self, tag: str) -> AsyncIterator[ReportRow]:
        """Every row of a tag, oldest first, read ``REPORT_PAGE`` at a time (by id, so
        50,000 rows never sit in memory at once)."""
        after = 0
        columns = (OutboxRow.id, OutboxRow.platform, OutboxRow.workspace, OutboxRow.dest_ids,
                   OutboxRow.thread_id, OutboxRow.status, OutboxRow.attempts,
                   OutboxRow.last_error, OutboxRow.sent_at, OutboxRow.created_at,
                   OutboxRow.in_doubt)
        while True:
            page = list(await self.session.execute(
                select(*columns).where(OutboxRow.tag == tag, OutboxRow.id > after)
                .order_by(OutboxRow.id).limit(REPORT_PAGE)))
            for r in page:
                name = recipient(Destination(r.platform, r.workspace, "",
                                             tuple(json.loads(r.dest_ids)), r.thread_id))
                yield ReportRow(name, r.status, r.attempts, r.last_error, r.sent_at,
                                r.created_at, r.in_doubt or 0)
            if len(page) < REPORT_PAGE:
                return
            after = page[-1].id

    async def stop_tag(self, tag: str) -> int:
        """Rows of a tag not sent yet become ``stopped`` and are never sent (a claimed row is
        checked just before it goes out); returns how many. A send already under way when
        this happens is recorded as sent when it succeeds."""
        result = await self.session.execute(
            update(OutboxRow).where(OutboxRow.tag == tag, OutboxRow.status.in_(OPEN))
            .values(status=OutboxStatus.STOPPED.value, lease_until=None, lease_owner=None))
        return result.rowcount or 0

    async def purge_done(self, before: datetime, *, limit: int | None = None) -> int:
        """Forget finished broadcast rows and finished untagged posts created before
        ``before`` (and broadcast bodies no row uses any more). Rows a feature owns (tagged,
        not broadcasts) stay: the feature keeps their ids to edit them or post in their
        threads, and they go with the feature's own data."""
        doomed = select(OutboxRow.id).where(
            OutboxRow.status.in_(DONE), OutboxRow.created_at < before,
            or_(OutboxRow.body_id.is_not(None), OutboxRow.tag.is_(None)),
            ~select(THREAD.id).where(THREAD.root_id == OutboxRow.id).exists())
        if limit is not None:
            doomed = doomed.order_by(OutboxRow.id).limit(limit)
        ids = list(await self.session.scalars(doomed))
        if ids:
            await self.session.execute(delete(OutboxRow).where(OutboxRow.id.in_(ids)),
                                       execution_options={"synchronize_session": False})
        await self.session.execute(delete(OutboxBodyRow).where(
            OutboxBodyRow.created_at < before,
            ~select(OutboxRow.id).where(OutboxRow.body_id == OutboxBodyRow.id).exists()),
            execution_options={"synchronize_session": False})
        return len(ids)

    async def counts(self) -> dict[str, int]:
        rows = await self.session.execute(
            select(OutboxRow.status, func.count()).group_by(OutboxRow.status))
        return {status: n for status, n in rows}

    async def latest_failures(self, platform: str, workspace: str,
                              limit: int) -> list[OutboxItem]:
        query = (select(OutboxRow, OutboxBodyRow.message)
                 .outerjoin(OutboxBodyRow, OutboxBodyRow.id == OutboxRow.body_id)
                 .where(OutboxRow.status.in_((OutboxStatus.FAILED.value,
                                              OutboxStatus.UNREACHABLE.value)),
                        OutboxRow.platform == platform, OutboxRow.workspace == workspace)
                 .order_by(OutboxRow.id.desc()).limit(limit))
        return [item_of(r, body=body) for r, body in await self.session.execute(query)]

    async def items(self, status: str | None = None) -> list[OutboxItem]:
        query = (select(OutboxRow, OutboxBodyRow.message)
                 .outerjoin(OutboxBodyRow, OutboxBodyRow.id == OutboxRow.body_id)
                 .order_by(OutboxRow.id))
        if status:
            query = query.where(OutboxRow.status == status)
        return [item_of(r, body=body) for r, body in await self.session.execute(query)]
