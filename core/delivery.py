"""The delivery worker: sends what the outbox holds, and records how it went.

Each pass leases a batch of due rows (so another process's worker skips them), sends each
through its platform's channel, then records the outcome: ``sent``; ``retrying`` with a
backoff (the platform's ``Retry-After`` when it gave one); or ``failed`` with the reason, for
permanent errors and after ``max_attempts``. A crash between queueing and sending loses
nothing: the lease runs out and the row is sent on the next pass.

A row that was posted before goes out as an edit of what it posted (``channel.edit``); a post
in a thread is sent to its root's conversation and thread once the root has been posted.
"""
from __future__ import annotations

import asyncio
import logging
import random
from datetime import timedelta

from .channels import DeliveryError
from .outbox import OutboxItem
from .services import Services
from .vocabulary import Destination

log = logging.getLogger(__name__)
ROOT_NEVER_POSTED = "the message whose thread this was for could not be posted"


def _where(item: OutboxItem) -> Destination:
    """Where to send: a post in a thread goes to its root's conversation, in the root's
    thread (Slack ``thread_ts``, a Teams reply chain, a console post number)."""
    root = item.root_ref
    if root is None:
        return item.destination
    return Destination(item.destination.platform, item.destination.workspace, "channel",
                       (root.conversation,), root.thread or root.id)


class DeliveryWorker:
    def __init__(self, services: Services, *, batch: int = 50, lease_seconds: float = 120,
                 max_attempts: int = 8, concurrency: int = 16, idle_seconds: float = 2.0,
                 max_backoff: float = 900) -> None:
        self.services = services
        self.batch = batch
        self.lease_seconds = lease_seconds
        self.max_attempts = max_attempts
        self.idle_seconds = idle_seconds
        self.max_backoff = max_backoff
        self._slots = asyncio.Semaphore(concurrency)
        self._wake = asyncio.Event()
        self._stopping = False
        self._random = random.Random()

    def wake(self) -> None:
        self._wake.set()

    async def run_once(self) -> int:
        """One pass: send every due row (in batches); returns how many were attempted."""
        platforms = self.services.channels.platforms
        if not platforms:
            return 0
        async with self.services.uow() as uow:
            items = await uow.outbox.claim_due(self.services.now(), self.batch,
                                               self.lease_seconds, platforms)
        await asyncio.gather(*(self._deliver(item) for item in items))
        return len(items)

    async def drain(self) -> int:
        """Send until nothing is due (tests, the console, shutdown)."""
        total = 0
        while (n := await self.run_once()):
            total += n
        return total

    async def run_forever(self) -> None:
        while not self._stopping:
            try:
                sent = await self.run_once()
            except Exception:
                log.exception("delivery pass failed; trying again shortly")
                sent = 0
            if not sent:
                self._wake.clear()
                try:
                    await asyncio.wait_for(self._wake.wait(), self.idle_seconds)
                except asyncio.TimeoutError:
                    pass

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()

    async def _deliver(self, item: OutboxItem) -> None:
        channel = self.services.channels.get(item.destination.platform)
        attempts = item.attempts + 1
        if item.root_id is not None and item.root_ref is None:
            await self._record_failure(item, attempts, ROOT_NEVER_POSTED, True, None)
            return
        async with self._slots:
            try:
                if item.ref is not None:            # posted before: this is an edit
                    await channel.edit(item.ref, item.message)
                    ref = item.ref
                else:
                    ref = await channel.send(_where(item), item.message)
            except DeliveryError as error:
                await self._record_failure(item, attempts, error.reason, error.permanent,
                                           error.retry_after)
                return
            except Exception as error:   # a bug or a network fault: retry, keep the reason
                log.exception("sending outbox item %s failed", item.id)
                await self._record_failure(item, attempts, f"{type(error).__name__}: {error}",
                                           False, None)
                return
        async with self.services.uow() as uow:
            await uow.outbox.mark_sent(item.id, self.services.now(), ref=ref,
                                       version=item.version)

    async def _record_failure(self, item: OutboxItem, attempts: int, reason: str,
                              permanent: bool, retry_after: float | None) -> None:
        async with self.services.uow() as uow:
            if permanent or attempts >= self.max_attempts:
                why = reason if permanent else f"gave up after {attempts} attempts: {reason}"
                log.warning("outbox item %s failed: %s", item.id, why)
                await uow.outbox.mark_failed(item.id, attempts, why)
                return
            delay = retry_after if retry_after is not None else self.backoff(attempts)
            log.info("outbox item %s will be retried in %.1fs: %s", item.id, delay, reason)
            await uow.outbox.mark_retry(item.id, attempts,
                                        self.services.now() + timedelta(seconds=delay), reason)

    def backoff(self, attempts: int) -> float:
        """Exponential backoff with full jitter: 2, 4, 8 ... seconds, capped."""
        ceiling = min(self.max_backoff, 2.0 ** attempts)
        return ceiling / 2 + self._random.random() * ceiling / 2
