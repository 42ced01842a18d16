"""Huddles' scheduled work, as job kinds (see core.jobs and scheduler/).

- ``huddles.prompt``, one item per huddle (key: its id): scheduled with its next start when
  the huddle is created, edited, skipped or resumed; after each run the next start is worked
  out from the settings as they are then (days, fortnightly or monthly, bank holidays, marked
  dates, in its time zone). A run caught up after downtime posts only while the window is
  still open (the runner checks), and the day's session is claimed once, so never twice.
- ``huddles.reminder`` and ``huddles.close``, one item per session (key: the session id), at
  a fixed time, scheduled in the unit of work that posts the prompt.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from ..jobs import JobKind, JobRun
from ..ports import UnitOfWork
from ..services import Services
from .model import Huddle
from .runner import CLOSE_JOB, PROMPT_JOB, REMINDER_JOB, HuddleRunner
from .schedule import next_start

log = logging.getLogger(__name__)


async def run_prompt(services: Services, run: JobRun) -> None:
    session = await HuddleRunner(services).prompt(int(run.key), run.due)
    if session:
        log.info("huddle %s posted for %s", run.key, session.day.isoformat())


async def next_prompt(uow: UnitOfWork, key: str, after: datetime) -> datetime | None:
    huddle = await uow.huddles.get(int(key))
    if huddle is None or huddle.paused:
        return None
    return next_start(huddle.settings, after)


async def run_prompts(services: Services, runs: list[JobRun]) -> None:
    sessions = await HuddleRunner(services).prompt_many([(int(r.key), r.due) for r in runs])
    log.info("%d huddles posted (of %d due)", len(sessions), len(runs))


async def next_prompts(uow: UnitOfWork, items: list[tuple[str, datetime]]
                       ) -> list[datetime | None]:
    huddles = await uow.huddles.get_many([int(key) for key, _ in items])
    found = []
    for key, after in items:
        huddle = huddles.get(int(key))
        found.append(None if huddle is None or huddle.paused
                     else next_start(huddle.settings, after))
    return found


async def run_reminder(services: Services, run: JobRun) -> None:
    await HuddleRunner(services).remind(int(run.key))


async def run_close(services: Services, run: JobRun) -> None:
    await HuddleRunner(services).close(int(run.key))


async def schedule_prompts(uow: UnitOfWork, huddle: Huddle, now: datetime) -> datetime | None:
    """(Re)schedule the huddle's prompts from its settings; its next start, or None."""
    when = None if huddle.paused else next_start(huddle.settings, now)
    if when is None:
        await uow.jobs.unschedule(PROMPT_JOB, str(huddle.id))
    else:
        await uow.jobs.schedule(PROMPT_JOB, str(huddle.id), when, now)
    return when


PROMPT = JobKind(PROMPT_JOB, run_prompt, grace=timedelta(hours=24), next_due=next_prompt,
                 next_due_many=next_prompts, run_many=run_prompts)
REMINDER = JobKind(REMINDER_JOB, run_reminder, grace=timedelta(hours=24))
CLOSE = JobKind(CLOSE_JOB, run_close, grace=timedelta(days=7))
JOBS = (PROMPT, REMINDER, CLOSE)
