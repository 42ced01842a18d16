"""The scheduler: what is due lives in the database; APScheduler is only each process's timer.

Every ``tick_seconds`` (and at the next due time, when that is sooner) a process:

1. moves each scheduled item whose time has come on to its next due time, recording the run
   that fell due in ``job_runs`` (one row per ``(kind, key, due)``, so never twice). After
   downtime only the latest missed run is caught up, and only within the kind's grace window;
   older misses are recorded as ``skipped``;
2. claims due runs with a lease, many at a time in one conditional UPDATE (of two processes
   each run goes to one), and runs them a few groups at a time (a kind with ``run_many`` runs
   a group of its runs in one unit of work, queueing their messages in bulk), renewing the
   leases while they work and settling them together. A run whose process died keeps its row;
   when its lease runs out another process claims it again (attempt + 1) and resumes it.

Everything is set-based so that a thousand huddles due at one minute keep the sender busy
from the first second (``bench/bench_huddles.py``).

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

from core.jobs import DONE, DUE, FAILED, SKIPPED, JobKind, RunRecord, Scheduled
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
                 grace: dict[str, timedelta] | None = None, batch: int = 200,
                 concurrency: int = 4, chunk: int = 25) -> None:
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
        self.batch = batch              # runs claimed at a time (in one statement)
        self.chunk = chunk              # runs of a kind with ``run_many`` run together
        self._slots = asyncio.Semaphore(concurrency)   # groups of runs running at once
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
        for group in self._groups(claimed):
            task = asyncio.create_task(self._execute(group),
                                       name=f"jobs {group[0].kind} x{len(group)}")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            tasks.append(task)
        self._started = tasks
        if wait and tasks:
            await asyncio.gather(*tasks)
        return claimed

    def _groups(self, runs: list[RunRecord]) -> list[list[RunRecord]]:
        """Runs of a kind with ``run_many`` in chunks; any other run alone."""
        groups: list[list[RunRecord]] = []
        by_kind: dict[str, list[RunRecord]] = {}
        for run in runs:
            if self.kinds[run.kind].run_many is None:
                groups.append([run])
            else:
                by_kind.setdefault(run.kind, []).append(run)
        for same in by_kind.values():
            groups.extend(same[i:i + self.chunk] for i in range(0, len(same), self.chunk))
        return groups

    async def _pump(self) -> None:
        me = asyncio.current_task()
        if me is not None:
            self._tasks.add(me)        # so that stop() waits for (or cancels) this tick
            me.add_done_callback(self._tasks.discard)
        try:
            # a full batch means more may be due (a thousand huddles at 08:45): claim the
            # next batch while this one runs, once its first groups are done
            while len(await self.tick(wait=False)) >= self.batch and not self._stopping:
                started = self._started
                await asyncio.wait(started, return_when=asyncio.FIRST_COMPLETED)
                await asyncio.gather(*started[:max(1, len(started) // 2)],
                                     return_exceptions=True)
            async with self.services.uow(read_only=True) as uow:
                earliest = await uow.jobs.earliest_due(list(self.kinds))
        except asyncio.CancelledError:
            if self._stopping:          # stop() cancelled this tick: handed back, not a fault
                log.debug("scheduler tick cancelled: stopping")
                return
            raise
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
                    after: datetime, known: dict | None = None) -> datetime | None:
        if item.trigger is not None:
            return next_fire(item.trigger, after)
        if known and (item.kind, item.key, after) in known:
            return known.pop((item.kind, item.key, after))
        if kind.next_due is not None:
            return await kind.next_due(uow, item.key, after)
        return None

    async def _next_all(self, uow: UnitOfWork, items: list[Scheduled]) -> dict:
        """The next due time after each item's current one, asked of each kind that can
        answer for many items at once (one query for a thousand huddles, not a thousand)."""
        known: dict = {}
        by_kind: dict[str, list[Scheduled]] = {}
        for item in items:
            kind = self.kinds[item.kind]
            if item.trigger is None and item.next_due is not None and kind.next_due_many:
                by_kind.setdefault(item.kind, []).append(item)
        for name, same in by_kind.items():
            try:
                found = await self.kinds[name].next_due_many(
                    uow, [(i.key, i.next_due) for i in same])
            except Exception:
                log.exception("could not work out when the %s items are next due", name)
                continue
            known.update({(name, i.key, i.next_due): when for i, when in zip(same, found)})
        return known

    async def _materialise(self, now: datetime) -> None:
        async with self.services.uow() as uow:
            items = await uow.jobs.due_schedules(now, list(self.kinds), self.batch)
            known = await self._next_all(uow, items)
            runs: list[tuple[str, str, datetime, str]] = []
            moves: list[tuple[Scheduled, datetime | None]] = []
            for item in items:
                kind = self.kinds[item.kind]
                try:
                    missed, next_due = await self._walk(uow, kind, item, now, known)
                except Exception:
                    log.exception("could not work out when %s %s is next due", item.kind,
                                  item.key)
                    continue
                moves.append((item, next_due))
                runs.extend(self._record(kind, item, missed, now))
            # the items are this transaction's (see due_schedules): moved on all together
            await uow.jobs.advance_many(moves)
            await uow.jobs.add_runs(runs, now)

    async def _walk(self, uow: UnitOfWork, kind: JobKind, item: Scheduled,
                    now: datetime, known: dict | None = None
                    ) -> tuple[list[datetime], datetime | None]:
        """The occurrences at or before ``now`` (oldest first) and the next one after it."""
        due = item.next_due or await self._next(uow, kind, item, item.updated_at)
        missed: list[datetime] = []
        while due is not None and due <= now and len(missed) < MAX_WALK:
            missed.append(due)
            due = await self._next(uow, kind, item, due, known)
        if due is not None and due <= now:
            due = await self._next(uow, kind, item, now)
        return missed, due

    def _record(self, kind: JobKind, item: Scheduled, missed: list[datetime],
                now: datetime) -> list[tuple[str, str, datetime, str]]:
        if not missed:
            return []
        *older, latest = missed
        runs = [(kind.name, item.key, due, SKIPPED) for due in older[-MAX_SKIPPED_ROWS:]]
        if older:
            log.warning("%s %s: %d missed run(s) skipped (only the latest is caught up)",
                        kind.name, item.key, len(older))
        late = now - latest > self.grace(kind)
        runs.append((kind.name, item.key, latest, SKIPPED if late else DUE))
        if late:
            log.warning("%s %s: the run due %s was missed by more than the catch-up window, "
                        "so it is skipped", kind.name, item.key, latest.isoformat())
        return runs

    # -- 2. claim and run -------------------------------------------------------------------
    async def _claim(self, now: datetime) -> list[RunRecord]:
        async with self.services.uow() as uow:
            got = await uow.jobs.claim_due(now, list(self.kinds), self.worker,
                                           now + self.lease, self.batch)
            late = [r for r in got if now - r.due > self.grace(self.kinds[r.kind])]
            spent = [r for r in got if r not in late and r.attempt > self.max_attempts]
            await uow.jobs.settle_many(late, SKIPPED, now, "too late to catch up")
            await uow.jobs.settle_many(spent, FAILED, now, "its process stopped every time")
        claimed = [r for r in got if r not in late and r not in spent]
        for run in claimed:
            if run.attempt > 1:
                log.warning("resuming %s %s (due %s), attempt %d", run.kind, run.key,
                            run.due.isoformat(), run.attempt)
        return claimed

    async def _execute(self, runs: list[RunRecord]) -> None:
        """Run a group of claimed runs (together when their kind can), then settle them."""
        kind = self.kinds[runs[0].kind]
        keeper = asyncio.create_task(self._keep_lease(runs))
        failed: list[tuple[RunRecord, str]] = []
        try:
            async with self._slots:
                together = False
                if kind.run_many is not None and len(runs) > 1:
                    try:
                        await kind.run_many(self.services, [r.run for r in runs])
                        together = True
                    except Exception:
                        log.exception("%d %s runs failed together; running each alone",
                                      len(runs), kind.name)
                if not together:
                    for run in runs:
                        try:
                            await kind.run(self.services, run.run)
                        except Exception as error:
                            log.exception("%s %s (due %s) failed on attempt %d", run.kind,
                                          run.key, run.due.isoformat(), run.attempt)
                            failed.append((run, f"{type(error).__name__}: {error}"))
        except asyncio.CancelledError:
            if self._stopping:       # a clean stop hands the runs back; a crash leaves them
                await asyncio.shield(self._settle(runs, DUE, None))
            raise
        finally:
            keeper.cancel()
        for run, error in failed:
            await self._settle([run], DUE if run.attempt < self.max_attempts else FAILED,
                               error)
        done = [r for r in runs if r not in {f for f, _ in failed}]
        settled = await self._settle(done, DONE, None)
        if settled < len(done):
            log.warning("%d %s run(s) finished after their lease was taken over",
                        len(done) - settled, kind.name)

    async def _settle(self, runs: list[RunRecord], status: str, error: str | None) -> int:
        if not runs:
            return 0
        async with self.services.uow() as uow:
            return await uow.jobs.settle_many(runs, status, self.services.now(), error)

    async def _keep_lease(self, runs: list[RunRecord]) -> None:
        while True:
            await asyncio.sleep(self.lease.total_seconds() / 3)
            async with self.services.uow() as uow:
                kept = await uow.jobs.renew_many(runs, self.services.now() + self.lease)
            if kept < len(runs):
                log.warning("lost the lease on %d %s run(s)", len(runs) - kept, runs[0].kind)
                if not kept:
                    return
