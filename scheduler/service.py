"""The scheduler: what is due lives in the database; APScheduler is only each process's timer.

Every ``tick_seconds`` (and at the next due time, when that is sooner) a process:

1. moves each scheduled item whose time has come on to its next due time, recording the run
   that fell due in ``job_runs`` (one row per ``(kind, key, due)``, so never twice). After
   downtime only the latest missed run is caught up, and only within the kind's grace window;
   older misses are recorded as ``skipped``;
2. claims due runs with a lease (a conditional UPDATE: of two processes one wins), and runs
   them, renewing the lease while they work. A run whose process died keeps its row; when its
   lease runs out another process claims it again (attempt + 1) and resumes it.

Each process has its own in-memory APScheduler job store (job stores must never be shared
between schedulers); anything scheduled from any process (``kmbot console``, another replica)
is in the database, so every running process sees it on its next tick.
"""
from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from datetime import datetime, timedelta, timezone
from typing import Sequence

from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from core.jobs import DONE, DUE, FAILED, RUNNING, SKIPPED, JobKind, RunRecord, Scheduled
from core.ports import UnitOfWork
from core.services import Services

from .triggers import next_fire

log = logging.getLogger(__name__)
MAX_WALK = 1000          # missed occurrences looked at one by one before jumping to now
MAX_SKIPPED_ROWS = 10    # older misses recorded as skipped, per item and tick


def process_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Scheduler:
    def __init__(self, services: Services, kinds: Sequence[JobKind], *,
                 worker: str | None = None, tick_seconds: float = 15.0,
                 lease: timedelta = timedelta(minutes=5), max_attempts: int = 3,
                 grace: dict[str, timedelta] | None = None, batch: int = 50) -> None:
        self.services = services
        self.kinds: dict[str, JobKind] = {}
        for kind in kinds:
            if kind.name in self.kinds:
                raise ValueError(f"two job kinds are both called {kind.name!r}")
            self.kinds[kind.name] = kind
        self.worker = worker or process_name()
        self.tick_seconds = tick_seconds
        self.lease = lease
        self.max_attempts = max_attempts
        self.grace_overrides = dict(grace or {})
        self.batch = batch
        self.aps = AsyncIOScheduler(jobstores={"default": MemoryJobStore()},
                                    job_defaults={"coalesce": True, "max_instances": 1},
                                    timezone="UTC")
        self._tasks: set[asyncio.Task] = set()
        self._started: list[asyncio.Task] = []     # the runs the latest tick started
        self._stopping = False

    # -- lifecycle --------------------------------------------------------------------------
    async def prepare(self) -> None:
        """Schedule the standing kinds (a sweep, a purge) unless they already are."""
        async with self.services.uow() as uow:
            for kind in self.kinds.values():
                if kind.standing is not None:
                    await uow.jobs.ensure_standing(kind.name, kind.standing, self.services.now())

    async def start(self) -> None:
        await self.prepare()
        self._stopping = False
        self.aps.start()
        self.aps.add_job(self._pump, IntervalTrigger(seconds=self.tick_seconds), id="tick",
                         next_run_time=datetime.now(timezone.utc), replace_existing=True)
        log.info("scheduler %s started: %s", self.worker, ", ".join(sorted(self.kinds)))

    @property
    def running(self) -> bool:
        return self.aps.running and not self._stopping

    def wake(self) -> None:
        """Look at what is due now, rather than at the next tick."""
        if self.running:
            self._arm(datetime.now(timezone.utc))

    async def stop(self) -> None:
        """Stop the timer; runs in progress are handed back (``due``) for any process to
        resume. Safe to call more than once."""
        if self.aps.running and not self._stopping:
            self.aps.shutdown(wait=False)     # (APScheduler does it on the loop's next turn)
        self._stopping = True
        await asyncio.sleep(0)
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    # -- one tick ---------------------------------------------------------------------------
    async def tick(self, *, wait: bool = True) -> list[RunRecord]:
        """Record what fell due, claim it and run it; returns the runs this process claimed
        (``wait``: once they have finished)."""
        now = self.services.now()
        await self._materialise(now)
        claimed = await self._claim(now)
        tasks = []
        for run in claimed:
            task = asyncio.create_task(self._execute(run), name=f"job {run.kind} {run.key}")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            tasks.append(task)
        self._started = tasks
        if wait and tasks:
            await asyncio.gather(*tasks)
        return claimed

    async def _pump(self) -> None:
        me = asyncio.current_task()
        if me is not None:
            self._tasks.add(me)        # so that stop() waits for (or cancels) this tick
            me.add_done_callback(self._tasks.discard)
        try:
            # a full batch means more may be due (a thousand huddles at 08:45): once these
            # have run, look again at once rather than a tick later
            while len(await self.tick(wait=False)) >= self.batch and not self._stopping:
                await asyncio.gather(*self._started, return_exceptions=True)
            async with self.services.uow(read_only=True) as uow:
                earliest = await uow.jobs.earliest_due(list(self.kinds))
        except Exception:
            log.exception("scheduler tick failed; trying again at the next tick")
            return
        if earliest is not None:
            delay = (earliest - self.services.now()).total_seconds()
            if 0 < delay < self.tick_seconds:
                self._arm(datetime.now(timezone.utc) + timedelta(seconds=delay))

    def _arm(self, when: datetime) -> None:
        self.aps.add_job(self._pump, DateTrigger(run_date=when), id="wake",
                         replace_existing=True)

    def grace(self, kind: JobKind) -> timedelta:
        return self.grace_overrides.get(kind.name, kind.grace)

    # -- 1. what fell due -------------------------------------------------------------------
    async def _next(self, uow: UnitOfWork, kind: JobKind, item: Scheduled,
                    after: datetime) -> datetime | None:
        if item.trigger is not None:
            return next_fire(item.trigger, after)
        if kind.next_due is not None:
            return await kind.next_due(uow, item.key, after)
        return None

    async def _materialise(self, now: datetime) -> None:
        async with self.services.uow() as uow:
            for item in await uow.jobs.due_schedules(now, list(self.kinds), self.batch):
                kind = self.kinds[item.kind]
                try:
                    missed, next_due = await self._walk(uow, kind, item, now)
                except Exception:
                    log.exception("could not work out when %s %s is next due", item.kind,
                                  item.key)
                    continue
                if not await uow.jobs.advance(item, next_due):
                    continue          # another process moved it on, or it was rescheduled
                await self._record(uow, kind, item, missed, now)

    async def _walk(self, uow: UnitOfWork, kind: JobKind, item: Scheduled,
                    now: datetime) -> tuple[list[datetime], datetime | None]:
        """The occurrences at or before ``now`` (oldest first) and the next one after it."""
        due = item.next_due or await self._next(uow, kind, item, item.updated_at)
        missed: list[datetime] = []
        while due is not None and due <= now and len(missed) < MAX_WALK:
            missed.append(due)
            due = await self._next(uow, kind, item, due)
        if due is not None and due <= now:
            due = await self._next(uow, kind, item, now)
        return missed, due

    async def _record(self, uow: UnitOfWork, kind: JobKind, item: Scheduled,
                      missed: list[datetime], now: datetime) -> None:
        if not missed:
            return
        *older, latest = missed
        for due in older[-MAX_SKIPPED_ROWS:]:
            await uow.jobs.add_run(kind.name, item.key, due, SKIPPED, now)
        if older:
            log.warning("%s %s: %d missed run(s) skipped (only the latest is caught up)",
                        kind.name, item.key, len(older))
        late = now - latest > self.grace(kind)
        await uow.jobs.add_run(kind.name, item.key, latest, SKIPPED if late else DUE, now)
        if late:
            log.warning("%s %s: the run due %s was missed by more than the catch-up window, "
                        "so it is skipped", kind.name, item.key, latest.isoformat())

    # -- 2. claim and run -------------------------------------------------------------------
    async def _claim(self, now: datetime) -> list[RunRecord]:
        claimed = []
        async with self.services.uow() as uow:
            for run in await uow.jobs.claimable(now, list(self.kinds), self.batch):
                kind = self.kinds[run.kind]
                if now - run.due > self.grace(kind):
                    await uow.jobs.settle(run, SKIPPED, now, "too late to catch up")
                elif run.status == RUNNING and run.attempt >= self.max_attempts:
                    await uow.jobs.settle(run, FAILED, now, "its process stopped every time")
                else:
                    got = await uow.jobs.claim(run, self.worker, now + self.lease)
                    if got is not None:
                        if run.status == RUNNING:
                            log.warning("resuming %s %s (due %s): the process running it "
                                        "stopped", run.kind, run.key, run.due.isoformat())
                        claimed.append(got)
        return claimed

    async def _execute(self, run: RunRecord) -> None:
        kind = self.kinds[run.kind]
        keeper = asyncio.create_task(self._keep_lease(run))
        try:
            await kind.run(self.services, run.run)
        except asyncio.CancelledError:
            if self._stopping:       # a clean stop hands the run back; a crash leaves it be
                await asyncio.shield(self._settle(run, DUE, None))
            raise
        except Exception as error:
            log.exception("%s %s (due %s) failed on attempt %d", run.kind, run.key,
                          run.due.isoformat(), run.attempt)
            status = DUE if run.attempt < self.max_attempts else FAILED
            await self._settle(run, status, f"{type(error).__name__}: {error}")
        else:
            if not await self._settle(run, DONE, None):
                log.warning("%s %s (due %s) finished after its lease was taken over",
                            run.kind, run.key, run.due.isoformat())
        finally:
            keeper.cancel()

    async def _settle(self, run: RunRecord, status: str, error: str | None) -> bool:
        async with self.services.uow() as uow:
            return await uow.jobs.settle(run, status, self.services.now(), error)

    async def _keep_lease(self, run: RunRecord) -> None:
        while True:
            await asyncio.sleep(self.lease.total_seconds() / 3)
            async with self.services.uow() as uow:
                if not await uow.jobs.renew(run, self.services.now() + self.lease):
                    log.warning("lost the lease on %s %s", run.kind, run.key)
                    return
