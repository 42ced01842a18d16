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
