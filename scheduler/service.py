"""The scheduler: APScheduler's asyncio scheduler with a persistent SQLAlchemy job store.

Each programme has a job ``coffee-round:<id>`` whose cron trigger follows its cadence; after
downtime, a missed run is caught up once (``coalesce``) if it is within the grace window
(``misfire_grace_time``). The job itself claims the round in the database, so two processes
sharing the database never run a round twice.
"""
from __future__ import annotations

import logging
from datetime import datetime

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from core.coffee.model import Cadence, Programme
from core.coffee.schedule import next_slot
from core.services import Services

from . import jobs

log = logging.getLogger(__name__)
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ORDINAL_FIRST = "1st"


def programme_trigger(programme: Programme) -> CronTrigger:
    """Wakes the round job on every candidate day; the job works out whether a round is due
    (fortnightly programmes skip alternate weeks there)."""
    s = programme.settings
    hour, minute = (int(x) for x in s.time.split(":"))
    day = DAY_NAMES[s.weekday]
    if s.cadence is Cadence.MONTHLY:
        return CronTrigger(day=f"{ORDINAL_FIRST} {day}", hour=hour, minute=minute,
                           timezone=s.timezone)
    return CronTrigger(day_of_week=day, hour=hour, minute=minute, timezone=s.timezone)


class Scheduler:
    def __init__(self, services: Services, job_store_url: str, *,
                 reminder_every_seconds: int = 60) -> None:
        self.services = services
        grace = int(services.config.catch_up_grace.total_seconds())
        self.aps = AsyncIOScheduler(
            jobstores={"default": SQLAlchemyJobStore(url=job_store_url,
                                                     tablename="apscheduler_jobs")},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": grace},
            timezone="UTC")
        self.reminder_every_seconds = reminder_every_seconds
        self._started = False

    async def start(self) -> None:
        jobs.bind(self.services)
        self.aps.start()
        self._started = True
        self.aps.add_job(jobs.coffee_reminders, IntervalTrigger(
            seconds=self.reminder_every_seconds), id="coffee-reminders", replace_existing=True)
        self.aps.add_job(jobs.purge_inbox, CronTrigger(hour=3, minute=30, timezone="UTC"),
                         id="inbox-purge", replace_existing=True)
        async with self.services.uow() as uow:
            programmes = await uow.coffee.all_programmes()
        for programme in programmes:
            self.schedule_programme(programme)
        log.info("scheduler started with %d programme(s)", len(programmes))

    def schedule_programme(self, programme: Programme) -> None:
        job_id = f"coffee-round:{programme.id}"
        trigger = programme_trigger(programme)
        existing = self.aps.get_job(job_id)
        if existing and str(existing.trigger) == str(trigger):
            return   # keep its stored next run time, so a missed run is still caught up
        self.aps.add_job(jobs.coffee_round, trigger, args=[programme.id], id=job_id,
                         name=f"Coffee Connect round: {programme.name}", replace_existing=True)

    def next_round_at(self, programme: Programme, after: datetime) -> datetime | None:
        return next_slot(programme, after)

    def shutdown(self) -> None:
        """Stop; safe to call more than once."""
        if self._started:
            self._started = False
            self.aps.shutdown(wait=False)
            jobs.bind(None)
