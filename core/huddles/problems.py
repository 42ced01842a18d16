"""When a huddle can no longer be posted: its channel was archived or deleted, kmbot was
removed from it, or the prompt (and so its thread) was deleted. The delivery worker tells us
(``@router.undeliverable("huddles")``) in the unit of work that records the failure; the
huddle pauses instead of failing every day, the day's session closes without a summary, and
the huddle's owner gets one direct message saying what happened and how to carry on."""
from __future__ import annotations

import logging

from ..cards import Message
from ..ports import UnitOfWork
from ..router import Router, Undeliverable
from ..services import Services
from ..vocabulary import Destination
from ..wording import huddles as say
from .runner import CLOSE_JOB, PROMPT_JOB, REMINDER_JOB

log = logging.getLogger(__name__)
router = Router("huddles.problems")


@router.undeliverable("huddles")
async def undeliverable(services: Services, uow: UnitOfWork, failure: Undeliverable) -> None:
    if not failure.key.isdigit():
        return
    session = await uow.huddles.session(int(failure.key))
    huddle = await uow.huddles.get(session.huddle_id) if session else None
    if session is None or huddle is None:
        return
    await uow.huddles.close(session.id)         # no reminder, no summary that would fail too
    for job in (REMINDER_JOB, CLOSE_JOB):
        await uow.jobs.unschedule(job, str(session.id))
    if not await uow.huddles.set_paused(huddle.id, True, problem_reported=True):
        return                                  # paused already: its owner has been told
    await uow.jobs.unschedule(PROMPT_JOB, str(huddle.id))
    text = say.PAUSED_BECAUSE.get(failure.kind, say.PAUSED_PROBLEM).format(
        name=huddle.name, reason=failure.kind)
    await services.queue(uow, Destination.user(huddle.owner_key), Message(text),
                         dedup_key=f"huddles:{huddle.id}:undeliverable:{session.id}")
    log.warning("huddle %s paused: %s (%s)", huddle.id, failure.kind, failure.reason)
