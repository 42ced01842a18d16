"""The delivery worker: sends what the outbox holds, and records how it went.

Each pass leases a batch of due rows (so another process's worker skips them), sends each
through its platform's channel, then records the outcome: ``sent``; ``retrying`` with a
backoff (the platform's ``Retry-After`` when it gave one); or ``failed`` with the reason, for
permanent errors and after ``max_attempts``. A crash between queueing and sending loses
nothing: the lease runs out and the row is sent on the next pass.

A row that was posted before goes out as an edit of what it posted (``channel.edit``); a post
in a thread is sent to its root's conversation and thread once the root has been posted.

The running worker keeps its slots busy: it claims more rows as sends finish, rather than
waiting for a whole batch, so one slow conversation holds up nothing else. Edits are claimed
apart from new posts and ahead of them (a few at a time, so the newest content of a busy card
never queues behind many others at the platform's edit pace); edits of messages shown in a
channel (a wall's card) have slots of their own, so they never wait for a slot behind edits
of posts in threads (an idea's counts). Pending edits of one message are already one row,
and its content is read again when the platform's pace lets the edit go (``latest``), so
what is sent is the newest content, not what it was when claimed. New posts to one
conversation are sent one after another, in the order they were claimed.

Several processes may send from one outbox. Each lease names its worker (``owner``); just
before its request goes out, a send is recorded as begun (``attempt_started_at``), and only
if the row is still leased to this worker and still to be sent (a stopped broadcast's rows
are not). If the process dies mid-send, the lease runs out and another worker sends the row
again, counting it ``in_doubt``: those, and only those, may have reached someone twice.
"Begun" and "sent" are recorded for many sends at once (:class:`~core.group_commit.GroupCommit`),
so a broadcast costs a few transactions a second, not several per message.
"""
from __future__ import annotations

import asyncio
import logging
import os
import random
import socket
from datetime import timedelta
from typing import Sequence

from .cards import Message
from .channels import DeliveryError, MessageRef
from .group_commit import GroupCommit
from .messaging import split_tag
from .outbox import OutboxItem
from .router import Undeliverable
from .services import Services
from .vocabulary import Destination

log = logging.getLogger(__name__)
ROOT_NEVER_POSTED = "the message whose thread this was for could not be posted"
POST, CHANNEL_EDIT, THREAD_EDIT = "post", "edit", "edit in a thread"   # what is sending
NOT_BEGUN = object()       # _post: the row was not ours to send any more
LINGER = 0.05              # seconds a busy worker's "begun" and "sent" wait for company


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
                 max_backoff: float = 900, edits_in_flight: int = 2) -> None:
        self.services = services
        self.batch = batch
        self.edits_in_flight = edits_in_flight
        self.lease_seconds = lease_seconds
        self.max_attempts = max_attempts
        self.idle_seconds = idle_seconds
        self.max_backoff = max_backoff
        self._slots = asyncio.Semaphore(concurrency)
        self._wake = asyncio.Event()
        self._stopping = False
        self._random = random.Random()
        self._running: dict[asyncio.Task, str] = {}      # sending now -> POST or an edit
        self._in_order: dict[tuple, list] = {}            # conversation -> [lock, users]
        self.owner = f"{socket.gethostname()[:16]}:{os.getpid()}:{self._random.randrange(10**6)}"
        self._claims = 0        # each claim's lease is its own (worker, number)
        self._begin: GroupCommit[tuple, bool] = GroupCommit(self._record_begun, linger=LINGER)
        self._sent: GroupCommit[tuple, None] = GroupCommit(self._record_sent, linger=LINGER)

    def wake(self) -> None:
        self._wake.set()

    async def run_once(self) -> int:
        """One pass: send every due row (in batches); returns how many were attempted."""
        platforms = self.services.channels.platforms
        if not platforms:
            return 0
        async with self.services.uow() as uow:
            items = await uow.outbox.claim_due(self.services.now(), self.batch,
                                               self.lease_seconds, platforms,
                                               owner=self._lease())
        await asyncio.gather(*(self._deliver(item) for item in items))
        return len(items)

    async def drain(self) -> int:
        """Send until nothing is due (tests, the console, shutdown)."""
        total = 0
        while (n := await self.run_once()):
            total += n
        return total

    async def run_forever(self) -> None:
        """Send continuously: top up the rows in flight whenever one finishes, something
        new is queued (``wake``) or ``idle_seconds`` pass."""
        try:
            while not self._stopping:
                self._wake.clear()
                try:
                    await self.top_up()
                except Exception:
                    log.exception("delivery pass failed; trying again shortly")
                woken = asyncio.ensure_future(self._wake.wait())
                await asyncio.wait([woken, *self._running], timeout=self.idle_seconds,
                                   return_when=asyncio.FIRST_COMPLETED)
                woken.cancel()
        finally:                 # stopping: what was not sent is leased, and sent later
            for task in list(self._running):
                task.cancel()
            if self._running:
                await asyncio.gather(*self._running, return_exceptions=True)

    async def top_up(self) -> int:
        """Claim as many due rows as there is room for (edits first: those shown in a
        channel, then those in threads); start sending them."""
        platforms = self.services.channels.platforms
        if not platforms:
            return 0
        kinds = list(self._running.values())
        room = {kind: max(0, self.edits_in_flight - kinds.count(kind))
                for kind in (CHANNEL_EDIT, THREAD_EDIT)}
        posts = kinds.count(POST)
        room[POST] = max(0, self.batch - posts)
        if room[POST] < self.batch // 4 and posts:
            room[POST] = 0      # claim in fair-sized batches, not one row per finished send
        if not any(room.values()):
            return 0
        now = self.services.now()
        items: list[OutboxItem] = []
        async with self.services.uow() as uow:
            for kind, edits, in_thread in ((CHANNEL_EDIT, True, False),
                                           (THREAD_EDIT, True, True), (POST, False, None)):
                if room[kind]:
                    items += await uow.outbox.claim_due(
                        now, room[kind], self.lease_seconds, platforms, edits=edits,
                        in_thread=in_thread, owner=self._lease())
        for item in items:
            task = asyncio.create_task(self._deliver(item))
            self._running[task] = (POST if item.ref is None else
                                   THREAD_EDIT if item.root_id is not None else CHANNEL_EDIT)
            task.add_done_callback(self._finished)
        return len(items)

    def _lease(self) -> str:
        self._claims += 1
        return f"{self.owner}:{self._claims}"

    def _finished(self, task: asyncio.Task) -> None:
        self._running.pop(task, None)
        if not task.cancelled() and task.exception() is not None:
            log.error("delivering an outbox item failed", exc_info=task.exception())

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()

    async def _deliver(self, item: OutboxItem) -> None:
        channel = self.services.channels.get(item.destination.platform)
        attempts = item.attempts + 1
        if item.root_id is not None and item.root_ref is None:
            await self._record_failure(item, attempts, ROOT_NEVER_POSTED, True, None)
            return
        try:
            version = item.version
            if item.ref is not None:            # posted before: this is an edit
                async with self._slots:
                    if not await self._begin.add((item.id, item.lease)):
                        return                  # stopped, or another claim has it now
                    latest, sent = self._latest(item)
                    await channel.edit(item.ref, item.message, latest=latest)
                ref, version = item.ref, sent[0]
            else:
                ref = await self._post(channel, item)
                if ref is NOT_BEGUN:
                    return
        except DeliveryError as error:
            await self._record_failure(item, attempts, error.reason, error.permanent,
                                       error.retry_after, error.kind,
                                       unreachable=error.unreachable)
            return
        except Exception as error:   # a bug or a network fault: retry, keep the reason
            log.exception("sending outbox item %s failed", item.id)
            await self._record_failure(item, attempts, f"{type(error).__name__}: {error}",
                                       False, None)
            return
        await self._sent.add((item.id, ref, version))

    def _latest(self, item: OutboxItem):
        """What an edit reads when its turn comes: the row's newest content (its version is
        what ``sent[0]`` then records as sent; a newer edit after that goes out again)."""
        sent = [item.version]

        async def latest() -> Message:
            async with self.services.uow(read_only=True) as uow:
                found = await uow.outbox.content(item.id)
            if found is None:
                return item.message
            message, sent[0] = found
            return message
        return latest, sent

    async def _record_begun(self, claimed: Sequence[tuple[int, str | None]]) -> list[bool]:
        """Record sends as begun, just before they go out (only rows still held by the
        claim that took them: see ``OutboxRepo.mark_started``)."""
        mine: set[int] = set()
        leases: dict[str | None, list[int]] = {}
        for item_id, lease in claimed:
            leases.setdefault(lease, []).append(item_id)
        async with self.services.uow() as uow:
            for lease, item_ids in leases.items():
                if lease is not None:
                    now = self.services.now()
                    mine |= await uow.outbox.mark_started(
                        item_ids, lease, now,
                        lease_until=now + timedelta(seconds=self.lease_seconds))
        return [item_id in mine for item_id, _ in claimed]

    async def _record_sent(self, sent: Sequence[tuple[int, MessageRef | None, int]]) -> list:
        async with self.services.uow() as uow:
            await uow.outbox.mark_sent_many(sent, self.services.now())
        return [None] * len(sent)

    async def _post(self, channel, item: OutboxItem):
        """Send a new post after the posts to its conversation claimed before it (waiting
        for its turn without holding a sending slot)."""
        where = _where(item)
        key = (where.platform, where.workspace, where.kind, where.ids)
        entry = self._in_order.setdefault(key, [asyncio.Lock(), 0])
        entry[1] += 1
        try:
            async with entry[0]:
                async with self._slots:
                    if not await self._begin.add((item.id, item.lease)):
                        return NOT_BEGUN        # stopped, or another claim has it now
                    return await channel.send(where, item.message)
        finally:
            entry[1] -= 1
            if not entry[1]:
                del self._in_order[key]

    async def _record_failure(self, item: OutboxItem, attempts: int, reason: str,
                              permanent: bool, retry_after: float | None,
                              kind: str | None = None, *, unreachable: bool = False) -> None:
        async with self.services.uow() as uow:
            # being throttled (Retry-After) is no fault of the message: it may wait longer
            limit = self.max_attempts * (3 if retry_after is not None else 1)
            if permanent or attempts >= limit:
                why = reason if permanent else f"gave up after {attempts} attempts: {reason}"
                log.warning("outbox item %s failed: %s", item.id, why)
                await uow.outbox.mark_failed(item.id, attempts, why, unreachable=unreachable)
                if permanent and kind:
                    await self._tell_owner(uow, item, kind, reason)
                return
            delay = retry_after if retry_after is not None else self.backoff(attempts)
            log.info("outbox item %s will be retried in %.1fs: %s", item.id, delay, reason)
            await uow.outbox.mark_retry(item.id, attempts,
                                        self.services.now() + timedelta(seconds=delay), reason)

    async def _tell_owner(self, uow, item: OutboxItem, kind: str, reason: str) -> None:
        """The channel or thread is gone: tell the feature whose tag the row carries (it
        stops posting there), in the unit of work that records the failure."""
        owner, key = split_tag(item.tag)
        for feature in self.services.features:
            handler = feature.router.undeliverables.get(owner)
            if handler is not None:
                await handler(self.services, uow, Undeliverable(key, item.id, kind, reason))
                return

    def backoff(self, attempts: int) -> float:
        """Exponential backoff with full jitter: 2, 4, 8 ... seconds, capped."""
        ceiling = min(self.max_backoff, 2.0 ** attempts)
        return ceiling / 2 + self._random.random() * ceiling / 2
