"""The job functions APScheduler stores by reference (``scheduler.jobs:coffee_round``).

They find the running services through :func:`bind`, which the :class:`Scheduler` calls on
start. Each job is safe to run twice or in two processes at once: rounds are claimed in the
database, reminders are claimed row by row, and purges are idempotent.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from core.coffee.rounds import RoundRunner
from core.services import Services

log = logging.getLogger(__name__)
INBOX_KEEP = timedelta(days=7)

_services: Services | None = None


def bind(services: Services | None) -> None:
    global _services
    _services = services


def _bound() -> Services:
    if _services is None:
        raise RuntimeError("scheduler jobs ran before the scheduler was started")
    return _services


async def coffee_round(programme_id: int) -> None:
    result = await RoundRunner(_bound()).run_due(programme_id)
    if result and result.claimed:
        log.info("round for programme %s: %d people, %d groups", programme_id, result.people,
                 result.groups)


async def coffee_reminders() -> None:
    sent = await RoundRunner(_bound()).send_reminders()
    if sent:
        log.info("queued %d coffee reminders", sent)


async def purge_inbox() -> None:
    services = _bound()
    async with services.uow() as uow:
        removed = await uow.inbox.purge_before(services.now() - INBOX_KEEP)
    log.info("removed %d old inbound delivery keys", removed)
