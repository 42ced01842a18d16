"""Scheduled work, as features declare it: job kinds and their triggers.

A feature declares :class:`JobKind` values on its :class:`~core.feature.Feature`. What is due
lives in the database: each run of a kind is identified by ``(kind, key, due)`` and claimed in
one row with a lease before it acts, so two processes never run it twice (see ``scheduler/``).
Triggers are plain data here; the scheduler turns them into APScheduler triggers.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Awaitable, Callable

if TYPE_CHECKING:
    from .ports import UnitOfWork
    from .services import Services


@dataclass(frozen=True)
class Cron:
    """Fires at ``hour:minute`` local time in ``timezone`` on the matching days
    (APScheduler cron field syntax: ``day_of_week="mon-fri"``, ``day="1st mon"``)."""
    hour: int
    minute: int
    timezone: str = "UTC"
    day_of_week: str = "*"
    day: str = "*"


@dataclass(frozen=True)
class Every:
    seconds: float


@dataclass(frozen=True)
class Once:
    at: datetime


Trigger = Cron | Every | Once


@dataclass(frozen=True)
class JobRun:
    """One claimed run: which kind, for which item (``key``), due when, which attempt."""
    kind: str
    key: str
    due: datetime
    attempt: int = 1


@dataclass(frozen=True)
class JobKind:
    name: str                                            # "coffee.round"
    run: Callable[["Services", JobRun], Awaitable[None]]
    #: a missed run is caught up once if the process comes back within this long
    grace: timedelta = timedelta(hours=6)
    #: a kind that always runs (a sweep, a purge) declares its trigger here, with key "";
    #: per-item kinds (a programme's rounds) are scheduled by the feature in a unit of work
    standing: Trigger | None = None
    #: for rules no trigger expresses (fortnightly from a start date, monthly on the first
    #: Monday, settings kept with the item): ``async (uow, key, after)`` -> the next due time
    #: strictly after ``after``, or None when the item has no more runs. Used for items
    #: scheduled with a time rather than a trigger (``uow.jobs.schedule(kind, key, when)``).
    next_due: Callable[["UnitOfWork", str, datetime], Awaitable[datetime | None]] | None = None
    #: ``next_due`` for many items at once (a thousand huddles due at one minute):
    #: ``async (uow, [(key, after), ...])`` -> the next due time of each, in order
    next_due_many: Callable[["UnitOfWork", list[tuple[str, datetime]]],
                            Awaitable[list[datetime | None]]] | None = None
    #: run many claimed runs of this kind together (in one unit of work, their messages
    #: queued in bulk): ``async (services, runs)``. When it raises, nothing it did is kept and
    #: each run is run alone with ``run``, so one bad item holds up no other.
    run_many: Callable[["Services", list[JobRun]], Awaitable[None]] | None = None


#: the states of a run (``job_runs.status``)
DUE, RUNNING, DONE, SKIPPED, FAILED = "due", "running", "done", "skipped", "failed"


@dataclass(frozen=True)
class Scheduled:
    """One scheduled item as stored: its trigger (None: the kind's ``next_due`` decides) and
    the next time it falls due (None: not worked out yet; count from ``updated_at``)."""
    kind: str
    key: str
    trigger: Trigger | None
    next_due: datetime | None
    updated_at: datetime
    version: int


@dataclass(frozen=True)
class RunRecord:
    """One row of ``job_runs``: a run and where it stands."""
    id: int
    kind: str
    key: str
    due: datetime
    status: str
    attempt: int
    worker: str | None = None      # the process that claimed it
    lease_until: datetime | None = None
    finished_at: datetime | None = None
    last_error: str | None = None

    @property
    def run(self) -> JobRun:
        return JobRun(self.kind, self.key, self.due, self.attempt)
