"""A sending pace shared by every process: ``per_second`` sends to one workspace or tenant,
counted in the database, so two processes sending a bulletin together still keep to it.

The database holds, per key (``"teams:<tenant>"``, ``"slack:<team>"``), the next free moment
to send and a pause (after a 429). A process books a few moments at a time (``batch``, about
a tenth of a second's worth) in one atomic ``UPDATE ... RETURNING``, then sends at those
moments, evenly spaced: never a burst above the pace, and one database round trip per
``batch`` sends. A booked moment not used in time is dropped (using it late would put two
sends in one slot), and so is one this process wakes up for too late (a busy event loop):
a stall then costs the moments it covered, never a burst after it, which the platform
would answer with a 429 and a pause for everyone. The next few moments are booked while half a batch is still left (in
the background), so a slow round trip to the database does not make the first moments of the
next batch late. A 429 pauses the key for everyone: the pause is stored, local bookings
are dropped, and other processes see it at their next booking.

Moments are this machine's clock (seconds since the epoch): processes on different machines
need their clocks in step (NTP), as they do for leases.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from typing import Awaitable, Callable, Protocol

log = logging.getLogger(__name__)
LATE = 0.02     # seconds a booked moment may be used after it (an event loop's hiccup)


class BudgetStore(Protocol):
    async def book(self, key: str, count: int, interval: float,
                   now: float) -> tuple[float, float]:
        """Book ``count`` moments ``interval`` apart, from the key's next free moment (not
        before ``now`` nor before its pause); returns (first moment, paused until)."""

    async def pause(self, key: str, until: float) -> None:
        """Nobody sends to ``key`` before ``until`` (a 429's ``Retry-After``)."""


class SharedPace:
    def __init__(self, store: BudgetStore, per_second: float, *, batch_seconds: float = 0.1,
                 clock: Callable[[], float] = time.time,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.store = store
        self.per_second = per_second
        self.interval = 1.0 / per_second
        self.batch = max(1, round(per_second * batch_seconds))
        self.clock, self.sleep = clock, sleep
        self._moments: dict[str, deque[float]] = {}
        self._paused: dict[str, float] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._refills: dict[str, asyncio.Future] = {}   # a booking ahead, under way

    async def take(self, key: str) -> float:
        """Wait for this process's next moment to send to ``key``; returns how long it
        waited."""
        start = self.clock()
        lock = self._locks.setdefault(key, asyncio.Lock())
        while True:
            async with lock:        # one booking at a time per key; moments taken in order
                moment = await self._next(key)
            delay = moment - self.clock()
            if delay > 0:
                await self.sleep(delay)
            now = self.clock()
            # a 429 meanwhile, or woken too late for this moment: take another
            if moment >= self._paused.get(key, 0.0) and now - moment <= LATE:
                return now - start

    async def _next(self, key: str) -> float:
        moments = self._moments.setdefault(key, deque())
        while True:
            now = self.clock()
            while moments and (moments[0] < now - LATE
                               or moments[0] < self._paused.get(key, 0.0)):
                moments.popleft()
            if moments:
                moment = moments.popleft()
                if len(moments) <= self.batch // 2:
                    self._book_ahead(key)
                return moment
            refill = self._refills.get(key)
            if refill is not None:          # the booking ahead is late: wait for it
                await asyncio.shield(refill)
                if moments or self._moments.get(key):
                    moments = self._moments.setdefault(key, deque())
                    continue
            first = await self._book(key, now)
            moments = self._moments.setdefault(key, deque())
            if first - now > 1.0:           # far ahead (paused, or busy): wait, then re-check
                await self.sleep(min(first - now - LATE, 5.0))
                return moments.popleft() if moments else first

    async def _book(self, key: str, now: float) -> float:
        first, paused = await self.store.book(key, self.batch, self.interval, now)
        self._paused[key] = max(paused, self._paused.get(key, 0.0))
        self._moments.setdefault(key, deque()).extend(
            first + i * self.interval for i in range(self.batch))
        return first

    def _book_ahead(self, key: str) -> None:
        if key in self._refills:
            return

        async def book() -> None:
            try:
                await self._book(key, self.clock())
            except Exception:      # noqa: BLE001  (the next take books for itself)
                log.warning("booking sending moments ahead failed", exc_info=True)
            finally:
                self._refills.pop(key, None)
        self._refills[key] = asyncio.ensure_future(book())

    async def pause(self, key: str, seconds: float) -> None:
        until = self.clock() + seconds
        self._paused[key] = max(until, self._paused.get(key, 0.0))
        self._moments.pop(key, None)
        await self.store.pause(key, until)

    def paused_for(self, key: str) -> float:
        return max(0.0, self._paused.get(key, 0.0) - self.clock())
