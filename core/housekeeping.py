"""Standing housekeeping: forget old inbound delivery keys and old records of job runs."""
from __future__ import annotations

import logging
from datetime import timedelta

from .jobs import Cron, JobKind, JobRun
from .services import Services

log = logging.getLogger(__name__)
INBOX_KEEP = timedelta(days=7)        # platforms redeliver within minutes; a week is plenty
JOB_RUNS_KEEP = timedelta(days=90)    # what ran, when and on which attempt: kept for a quarter


async def purge(services: Services, run: JobRun) -> None:
    now = services.now()
    async with services.uow() as uow:
        keys = await uow.inbox.purge_before(now - INBOX_KEEP)
        runs = await uow.jobs.purge_runs(now - JOB_RUNS_KEEP)
    log.info("removed %d old inbound delivery keys and %d old job runs", keys, runs)


PURGE = JobKind("housekeeping.purge", purge, grace=timedelta(days=1),
                standing=Cron(hour=3, minute=30, timezone="UTC"))
JOBS = (PURGE,)
