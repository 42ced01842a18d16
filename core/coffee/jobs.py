"""Coffee Connect's scheduled work, as job kinds (see core.jobs and scheduler/).

- ``coffee.round``, one item per programme (key: its id): scheduled when the programme is
  created or changed, in the same unit of work; after each round the next one is worked out
  from the programme's settings as they are then (weekly, fortnightly, monthly, in its zone).
- ``coffee.reminder``, one item per round (key: the round id): halfway through the round,
  scheduled in the unit of work that stores the round.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from ..jobs import JobKind, JobRun
from ..ports import UnitOfWork
from ..services import Services
from .rounds import RoundRunner
from .schedule import REMINDER_JOB, ROUND_JOB, next_slot

log = logging.getLogger(__name__)


async def run_round(services: Services, run: JobRun) -> None:
    result = await RoundRunner(services).run_scheduled(int(run.key), run.due)
    if result and result.claimed:
        log.info("round for programme %s: %d people, %d groups", run.key, result.people,
                 result.groups)


async def next_round(uow: UnitOfWork, key: str, after: datetime) -> datetime | None:
    programme = await uow.coffee.programme(int(key))
    return next_slot(programme, after) if programme else None


async def send_reminder(services: Services, run: JobRun) -> None:
    sent = await RoundRunner(services).send_reminders(round_id=int(run.key))
    if sent:
        log.info("queued %d coffee reminders for round %s", sent, run.key)


ROUND = JobKind(ROUND_JOB, run_round, grace=timedelta(hours=6), next_due=next_round)
REMINDER = JobKind(REMINDER_JOB, send_reminder, grace=timedelta(days=2))
JOBS = (ROUND, REMINDER)
