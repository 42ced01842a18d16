"""What is due, in the database: scheduled items and the claimed runs of each job kind.

A run is one row per ``(kind, key, due)``; a process claims it by moving it to ``running``
with its name and a lease in one conditional UPDATE, so of two processes only one wins, and a
run whose lease ran out (its process died) can be claimed again.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Sequence

from sqlalchemy import and_, bindparam, delete, func, or_, select, tuple_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.jobs import (DONE, DUE, FAILED, RUNNING, SKIPPED, Cron, Every, Once, RunRecord,
                       Scheduled, Trigger)

from .models import JobRunRow, JobScheduleRow
from .upsert import insert

MAX_ERROR = 500


def trigger_to_json(trigger: Trigger | None) -> str | None:
    if trigger is None:
        return None
    if isinstance(trigger, Cron):
        return json.dumps({"cron": {"hour": trigger.hour, "minute": trigger.minute,
                                    "timezone": trigger.timezone,
                                    "day_of_week": trigger.day_of_week, "day": trigger.day}})
    if isinstance(trigger, Every):
        return json.dumps({"every": trigger.seconds})
    return json.dumps({"once": trigger.at.astimezone(timezone.utc).isoformat()})


def trigger_from_json(text: str | None) -> Trigger | None:
    if not text:
        return None
    data = json.loads(text)
    if "cron" in data:
        return Cron(**data["cron"])
    if "every" in data:
        return Every(float(data["every"]))
    return Once(datetime.fromisoformat(data["once"]))


def _scheduled(row: JobScheduleRow) -> Scheduled:
    return Scheduled(row.kind, row.key, trigger_from_json(row.trigger), row.next_due,
                     row.updated_at, row.version)


def _record(row: JobRunRow) -> RunRecord:
    return RunRecord(row.id, row.kind, row.key, row.due, row.status, row.attempt, row.worker,
                     row.lease_until, row.finished_at, row.last_error)


class JobsSql:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # -- what is scheduled ------------------------------------------------------------------
    async def schedule(self, kind: str, key: str, when: Trigger | datetime | None,
                       now: datetime) -> None:
        trigger = None if isinstance(when, datetime) else when
        next_due = when if isinstance(when, datetime) else None
        row = await self.session.get(JobScheduleRow, (kind, key))
        if row is None:
            try:
                async with self.session.begin_nested():
                    self.session.add(JobScheduleRow(
                        kind=kind, key=key, trigger=trigger_to_json(trigger), next_due=next_due,
                        updated_at=now, version=1))
                return
            except IntegrityError:      # scheduled by another process a moment ago
                row = await self.session.get(JobScheduleRow, (kind, key))
        row.trigger, row.next_due = trigger_to_json(trigger), next_due
        row.updated_at, row.version = now, row.version + 1
        await self.session.flush()

    async def ensure_standing(self, kind: str, trigger: Trigger, now: datetime) -> None:
        """Schedule a standing kind (key "") unless it is already scheduled by this trigger."""
        row = await self.session.get(JobScheduleRow, (kind, ""))
        if row is None or row.trigger != trigger_to_json(trigger):
            await self.schedule(kind, "", trigger, now)

    async def unschedule(self, kind: str, key: str) -> None:
        await self.session.execute(delete(JobScheduleRow).where(
            JobScheduleRow.kind == kind, JobScheduleRow.key == key))

    async def scheduled(self, kind: str, key: str) -> Scheduled | None:
        row = await self.session.get(JobScheduleRow, (kind, key))
        return _scheduled(row) if row else None

    async def due_schedules(self, now: datetime, kinds: Sequence[str],
                            limit: int) -> list[Scheduled]:
        """The items due by ``now``; on PostgreSQL they are locked until the transaction
        ends, and items another process holds are passed over (it is moving them on)."""
        query = (select(JobScheduleRow).where(
            JobScheduleRow.kind.in_(list(kinds)),
            or_(JobScheduleRow.next_due.is_(None), JobScheduleRow.next_due <= now))
            .order_by(JobScheduleRow.next_due).limit(limit)
            .execution_options(populate_existing=True))
        if self.session.bind.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        rows = await self.session.scalars(query)
        return [_scheduled(r) for r in rows]

    async def advance(self, item: Scheduled, next_due: datetime | None) -> bool:
        """Move the item on to ``next_due`` (None: it has no more runs, so it goes), unless it
        changed since it was read (another process advanced or rescheduled it)."""
        same = and_(JobScheduleRow.kind == item.kind, JobScheduleRow.key == item.key,
                    JobScheduleRow.version == item.version)
        if next_due is None:
            result = await self.session.execute(delete(JobScheduleRow).where(same))
        else:
            result = await self.session.execute(
                update(JobScheduleRow).where(same)
                .values(next_due=next_due, version=JobScheduleRow.version + 1))
        return bool(result.rowcount)

    async def earliest_due(self, kinds: Sequence[str]) -> datetime | None:
        return await self.session.scalar(select(func.min(JobScheduleRow.next_due)).where(
            JobScheduleRow.kind.in_(list(kinds))))

    # -- runs -------------------------------------------------------------------------------
    async def add_run(self, kind: str, key: str, due: datetime, status: str,
                      now: datetime) -> bool:
        """Record a run (``due`` or ``skipped``); False when it is already recorded."""
        exists = await self.session.scalar(select(JobRunRow.id).where(
            JobRunRow.kind == kind, JobRunRow.key == key, JobRunRow.due == due))
        if exists is not None:
            return False
        try:
            async with self.session.begin_nested():
                self.session.add(JobRunRow(kind=kind, key=key, due=due, status=status, attempt=0,
                                           created_at=now,
                                           finished_at=now if status == SKIPPED else None))
        except IntegrityError:
            return False
        return True

    async def add_runs(self, runs: Sequence[tuple[str, str, datetime, str]],
                       now: datetime) -> int:
        """Record many runs ``(kind, key, due, status)`` in one statement; one already
        recorded is left as it is. Returns how many were new."""
        if not runs:
            return 0
        table = JobRunRow.__table__
        rows = [dict(kind=kind, key=key, due=due, status=status, attempt=0, created_at=now,
                     finished_at=now if status == SKIPPED else None)
                for kind, key, due, status in runs]
        statement = (insert(self.session, table)
                     .on_conflict_do_nothing(index_elements=["kind", "key", "due"])
                     .returning(table.c.id))
        return len((await self.session.scalars(statement, rows)).all())

    async def schedule_many(self, items: Sequence[tuple[str, str, datetime]],
                            now: datetime) -> None:
        """``schedule(kind, key, when, now)`` for many items at a time, in one statement."""
        if not items:
            return
        table = JobScheduleRow.__table__
        rows = list({(kind, key): dict(kind=kind, key=key, trigger=None, next_due=when,
                                       updated_at=now, version=1)
                     for kind, key, when in items}.values())
        statement = insert(self.session, table)
        statement = statement.on_conflict_do_update(
            index_elements=["kind", "key"],
            set_=dict(trigger=None, next_due=statement.excluded.next_due,
                      updated_at=statement.excluded.updated_at,
                      version=table.c.version + 1))
        await self.session.execute(statement, rows)

    async def advance_many(self, moves: Sequence[tuple[Scheduled, datetime | None]]) -> None:
        """``advance`` for items read with :meth:`due_schedules` in this transaction (which
        holds them: PostgreSQL locks the rows it returns, SQLite has one writer)."""
        table = JobScheduleRow.__table__
        gone = [item for item, next_due in moves if next_due is None]
        rows = [dict(k=item.kind, ke=item.key, v=item.version, n=next_due)
                for item, next_due in moves if next_due is not None]
        if rows:
            await self.session.execute(
                update(table).where(table.c.kind == bindparam("k"),
                                    table.c.key == bindparam("ke"),
                                    table.c.version == bindparam("v"))
                .values(next_due=bindparam("n"), version=table.c.version + 1), rows)
        for item in gone:
            await self.advance(item, None)

    async def claim_due(self, now: datetime, kinds: Sequence[str], worker: str,
                        lease_until: datetime, limit: int) -> list[RunRecord]:
        """Claim up to ``limit`` due runs (or runs whose lease ran out) in one statement,
        oldest first. Of two processes claiming at once each run goes to one of them
        (PostgreSQL: the rows are locked ``SKIP LOCKED``, and the UPDATE checks again that
        each is still claimable; SQLite: one writer at a time)."""
        claimable = and_(JobRunRow.kind.in_(list(kinds)), JobRunRow.due <= now,
                         or_(JobRunRow.status == DUE,
                             and_(JobRunRow.status == RUNNING, JobRunRow.lease_until < now)))
        ids = select(JobRunRow.id).where(claimable).order_by(JobRunRow.due, JobRunRow.id)
        ids = ids.limit(limit)
        if self.session.bind.dialect.name == "postgresql":
            ids = ids.with_for_update(skip_locked=True)
        result = await self.session.execute(
            update(JobRunRow).where(JobRunRow.id.in_(ids.scalar_subquery()), claimable)
            .values(status=RUNNING, worker=worker, lease_until=lease_until,
                    attempt=JobRunRow.attempt + 1)
            .returning(JobRunRow.id, JobRunRow.kind, JobRunRow.key, JobRunRow.due,
                       JobRunRow.attempt)
            .execution_options(synchronize_session=False))
        found = [RunRecord(id, kind, key, due, RUNNING, attempt, worker, lease_until)
                 for id, kind, key, due, attempt in result.all()]
        return sorted(found, key=lambda r: (r.due, r.id))

    def _held(self, runs: Sequence[RunRecord]):
        """Runs this process still holds (claimed by it, not taken over meanwhile)."""
        workers = sorted({r.worker for r in runs if r.worker})
        return and_(tuple_(JobRunRow.id, JobRunRow.attempt).in_([(r.id, r.attempt)
                                                                   for r in runs]),
                    JobRunRow.status == RUNNING, JobRunRow.worker.in_(workers))

    async def settle_many(self, runs: Sequence[RunRecord], status: str, now: datetime,
                          error: str | None = None) -> int:
        """``settle`` for many runs this process holds, in one statement."""
        if not runs:
            return 0
        result = await self.session.execute(
            update(JobRunRow).where(self._held(runs)).values(
                status=status, lease_until=None,
                finished_at=now if status in (DONE, SKIPPED, FAILED) else None,
                last_error=error[:MAX_ERROR] if error else None)
            .execution_options(synchronize_session=False))
        return result.rowcount or 0

    async def renew_many(self, runs: Sequence[RunRecord], lease_until: datetime) -> int:
        if not runs:
            return 0
        result = await self.session.execute(
            update(JobRunRow).where(self._held(runs)).values(lease_until=lease_until)
            .execution_options(synchronize_session=False))
        return result.rowcount or 0

    async def claimable(self, now: datetime, kinds: Sequence[str], limit: int) -> list[RunRecord]:
        rows = await self.session.scalars(
            select(JobRunRow).where(
                JobRunRow.kind.in_(list(kinds)), JobRunRow.due <= now,
                or_(JobRunRow.status == DUE,
                    and_(JobRunRow.status == RUNNING, JobRunRow.lease_until < now)))
            .order_by(JobRunRow.due).limit(limit))
        return [_record(r) for r in rows]

    def _still(self, run: RunRecord):
        """The run is still as it was read (nobody claimed or finished it meanwhile)."""
        return and_(JobRunRow.id == run.id, JobRunRow.status == run.status,
                    JobRunRow.attempt == run.attempt)

    async def claim(self, run: RunRecord, worker: str, lease_until: datetime) -> RunRecord | None:
        result = await self.session.execute(
            update(JobRunRow).where(self._still(run))
            .values(status=RUNNING, worker=worker, lease_until=lease_until,
                    attempt=JobRunRow.attempt + 1))
        if not result.rowcount:
            return None
        return RunRecord(run.id, run.kind, run.key, run.due, RUNNING, run.attempt + 1, worker,
                         lease_until)

    async def settle(self, run: RunRecord, status: str, now: datetime,
                     error: str | None = None) -> bool:
        """Skip a run that was never claimed, or mark one this process holds done, failed or
        due again (to be retried); False when the run is no longer as ``run`` says."""
        condition = self._still(run)
        if run.status == RUNNING:
            condition = and_(condition, JobRunRow.worker == run.worker)
        result = await self.session.execute(
            update(JobRunRow).where(condition).values(
                status=status, lease_until=None,
                finished_at=now if status in (DONE, SKIPPED, FAILED) else None,
                last_error=error[:MAX_ERROR] if error else None))
        return bool(result.rowcount)

    async def renew(self, run: RunRecord, lease_until: datetime) -> bool:
        result = await self.session.execute(
            update(JobRunRow).where(self._still(run), JobRunRow.worker == run.worker)
            .values(lease_until=lease_until))
        return bool(result.rowcount)

    async def runs(self, kind: str | None = None, key: str | None = None) -> list[RunRecord]:
        query = select(JobRunRow).order_by(JobRunRow.due, JobRunRow.id)
        if kind is not None:
            query = query.where(JobRunRow.kind == kind)
        if key is not None:
            query = query.where(JobRunRow.key == key)
        return [_record(r) for r in await self.session.scalars(query)]

    async def purge_runs(self, finished_before: datetime) -> int:
        result = await self.session.execute(delete(JobRunRow).where(
            JobRunRow.status.in_([DONE, SKIPPED, FAILED]),
            JobRunRow.finished_at < finished_before))
        return result.rowcount or 0
