"""Outbound throttling to Microsoft's published limits, before Teams has to say 429.

Per bot per conversation: 7 sends per second, 8 per 2 s, 60 per 30 s and 1,800 per hour.
Per app per tenant: 50 per second. ``async with throttle.slot(tenant, conversation)`` waits
(without blocking other conversations) until a send fits every window, and holds its place
while the send is in flight; the send is stamped when it *completes*, so however long each
request takes on the network, Teams never receives more than the limit in any window.
``pause`` makes every send to a tenant wait until a time, so one 429 slows all workers down,
not only the one that got it.

With a :class:`~core.pacing.SharedPace` (``shared``), the tenant's 50 per second is kept in the
database for every process sending to it, instead of in this process's memory, and
``pause_everywhere`` stores a 429's pause there; each conversation's windows stay here (a
conversation's posts are sent in order by the worker that holds them). ``slot(tenant)``
without a conversation is a tenant-wide request, such as creating a 1:1 chat.
"""
from __future__ import annotations

import asyncio
import time
from collections import deque
from contextlib import asynccontextmanager
from typing import AsyncIterator, Awaitable, Callable

from core.pacing import SharedPace

Window = tuple[int, float]   # at most this many sends per this many seconds

CONVERSATION_WINDOWS: tuple[Window, ...] = ((7, 1.0), (8, 2.0), (60, 30.0), (1800, 3600.0))
TENANT_WINDOWS: tuple[Window, ...] = ((50, 1.0),)


IN_FLIGHT_POLL = 0.01   # seconds between looks while every slot is taken by sends in flight
FORGET_EVERY = 30.0     # seconds between looks for conversations whose windows are all empty


class SlidingWindows:
    """The completion times of one key's sends, and how many are in flight, checked against
    several windows. A send in flight takes a place in every window until it completes."""

    def __init__(self, windows: tuple[Window, ...]) -> None:
        self.windows = windows
        self.longest = max(period for _, period in windows)
        self.times: deque[float] = deque()
        self.in_flight = 0

    def wait(self, now: float) -> float:
        """Seconds until one more send fits every window (0 when it fits now)."""
        while self.times and self.times[0] <= now - self.longest:
            self.times.popleft()
        needed = 0.0
        for limit, period in self.windows:
            free = limit - self.in_flight
            if free <= 0:
                needed = max(needed, IN_FLIGHT_POLL)
                continue
            # the times are in order: the window is full when the free-th newest is in it
            if len(self.times) >= free and self.times[-free] > now - period:
                needed = max(needed, self.times[-free] + period - now)
        return needed

    def start(self) -> None:
        self.in_flight += 1

    def finish(self, now: float) -> None:
        self.in_flight -= 1
        self.times.append(now)


class Throttle:
    def __init__(self, *, conversation: tuple[Window, ...] = CONVERSATION_WINDOWS,
                 tenant: tuple[Window, ...] = TENANT_WINDOWS,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                 shared: SharedPace | None = None) -> None:
        self.conversation_windows, self.tenant_windows = conversation, tenant
        self.clock, self.sleep = clock, sleep
        self.shared = shared
        self._conversations: dict[str, SlidingWindows] = {}
        self._tenants: dict[str, SlidingWindows] = {}
        self._paused_until: dict[str, float] = {}
        self._next_forget = 0.0

    @asynccontextmanager
    async def slot(self, tenant: str, conversation: str | None = None) -> AsyncIterator[float]:
        """Wait for room, hold it while the send is in flight, stamp it when done.
        Yields how long it waited."""
        waited = await self._reserve(tenant, conversation)
        held = conversation is not None
        if not held:    # a tenant-wide request (creating a chat) sends more inside itself:
            self._tenants[tenant].finish(self.clock())   # stamped now, never held
        try:
            if self.shared is not None:
                waited += await self.shared.take(f"teams:{tenant}")
            yield waited
        finally:
            if held:
                now = self.clock()
                self._tenants[tenant].finish(now)
                self._conversations[conversation].finish(now)

    async def _reserve(self, tenant: str, conversation: str | None) -> float:
        waited = 0.0
        while True:
            now = self.clock()
            self._forget_idle(now)
            # shared: the pace is kept in the database; these windows only stop this
            # process's sends bunching up above the limit (an event loop's hiccup)
            by_tenant = self._tenants.setdefault(tenant, SlidingWindows(self.tenant_windows))
            by_conversation = None if conversation is None else self._conversations.setdefault(
                conversation, SlidingWindows(self.conversation_windows))
            delay = max(self._paused_until.get(tenant, 0.0) - now,
                        by_tenant.wait(now) if by_tenant else 0.0,
                        by_conversation.wait(now) if by_conversation else 0.0)
            if delay <= 0:
                if by_tenant:
                    by_tenant.start()
                if by_conversation:
                    by_conversation.start()
                return waited
            waited += delay
            await self.sleep(delay)

    async def pause_everywhere(self, tenant: str, seconds: float) -> None:
        """A 429: hold this tenant here and, when the pace is shared, in every process."""
        self.pause(tenant, seconds)
        if self.shared is not None:
            await self.shared.pause(f"teams:{tenant}", seconds)

    def pause(self, tenant: str, seconds: float) -> None:
        """Teams said 429 with ``Retry-After``: hold every send to this tenant meanwhile."""
        until = self.clock() + seconds
        self._paused_until[tenant] = max(until, self._paused_until.get(tenant, 0.0))

    def paused_for(self, tenant: str) -> float:
        return max(0.0, self._paused_until.get(tenant, 0.0) - self.clock())

    def clear(self, tenant: str) -> None:
        self._paused_until.pop(tenant, None)

    def _forget_idle(self, now: float) -> None:
        """Drop the windows of conversations with nothing in them any more: looked for at most
        every ``FORGET_EVERY`` seconds (a broadcast meets a new conversation with every
        recipient, and each one's hour-long window keeps it for an hour: looking through
        them all for every send made a 50,000-recipient broadcast CPU-bound)."""
        if len(self._conversations) < 10_000 or now < self._next_forget:
            return
        self._next_forget = now + FORGET_EVERY
        for key in [k for k, w in self._conversations.items()
                    if not w.in_flight and (not w.times or w.times[-1] <= now - w.longest)]:
            del self._conversations[key]
