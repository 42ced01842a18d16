"""Standing housekeeping: forget old inbound delivery keys, old records of job runs, and
finished broadcast rows (and untagged posts) once their reports are no longer needed
(``CoreConfig.outbox_keep``, the setting ``KMBOT_OUTBOX_KEEP_DAYS``, 90 days by default)."""
from __future__ import annotations

import logging
from datetime import timedelta

from .jobs import Cron, JobKind, JobRun
from .services import Services

log = logging.getLogger(__name__)
INBOX_KEEP = timedelta(days=7)        # platforms redeliver within minutes; a week is plenty
JOB_RUNS_KEEP = timedelta(days=90)    # what ran, when and on which attempt: kept for a quarter
PURGE_BATCH = 5000                    # outbox rows removed per transaction


async def purge(services: Services, run: JobRun) -> None:
    now = services.now()
    async with services.uow() as uow:
        keys = await uow.inbox.purge_before(now - INBOX_KEEP)
        runs = await uow.jobs.purge_runs(now - JOB_RUNS_KEEP)
    sent = 0
    while True:                     # in short transactions: never a long write lock
        async with services.uow() as uow:
            purged = await uow.outbox.purge_done(now - services.config.outbox_keep,
                                                 limit=PURGE_BATCH)
        sent += purged
        if purged < PURGE_BATCH:
            break
    log.info("removed %d old inbound delivery keys, %d old job runs and %d finished "
             "outbox rows", keys, runs, sent)


PURGE = JobKind("housekeeping.purge", purge, grace=timedelta(days=1),
                standing=Cron(hour=3, minute=30, timezone="UTC"))
JOBS = (PURGE,)
