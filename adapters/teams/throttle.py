"""Outbound throttling to Microsoft's published limits, before Teams has to say 429.

Per bot per conversation: 7 sends per second, 8 per 2 s, 60 per 30 s and 1,800 per hour.
Per app per tenant: 50 per second. ``acquire`` waits (without blocking other conversations)
until a send fits every window, then records it. ``pause`` makes every send to a tenant wait
until a time, so one 429 slows all workers down, not only the one that got it.
"""
from __future__ import annotations

import asyncio
import time
from collections import deque
from typing import Awaitable, Callable

Window = tuple[int, float]   # at most this many sends per this many seconds

CONVERSATION_WINDOWS: tuple[Window, ...] = ((7, 1.0), (8, 2.0), (60, 30.0), (1800, 3600.0))
TENANT_WINDOWS: tuple[Window, ...] = ((50, 1.0),)


MARGIN = 0.05   # seconds added to each window: sends arrive with a little network jitter


class SlidingWindows:
    """The send times of one key, checked against several windows."""

    def __init__(self, windows: tuple[Window, ...], margin: float = MARGIN) -> None:
        self.windows = tuple((limit, period + margin) for limit, period in windows)
        self.longest = max(period for _, period in self.windows)
        self.times: deque[float] = deque()

    def wait(self, now: float) -> float:
        """Seconds until one more send fits every window (0 when it fits now)."""
        while self.times and self.times[0] <= now - self.longest:
            self.times.popleft()
        needed = 0.0
        for limit, period in self.windows:
            recent = [t for t in self.times if t > now - period] if len(self.times) >= limit else ()
            if len(recent) >= limit:
                needed = max(needed, recent[-limit] + period - now)
        return needed

    def record(self, now: float) -> None:
        self.times.append(now)


class Throttle:
    def __init__(self, *, conversation: tuple[Window, ...] = CONVERSATION_WINDOWS,
                 tenant: tuple[Window, ...] = TENANT_WINDOWS,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.conversation_windows, self.tenant_windows = conversation, tenant
        self.clock, self.sleep = clock, sleep
        self._conversations: dict[str, SlidingWindows] = {}
        self._tenants: dict[str, SlidingWindows] = {}
        self._paused_until: dict[str, float] = {}

    async def acquire(self, tenant: str, conversation: str) -> float:
        """Wait until a send to ``conversation`` in ``tenant`` is allowed; returns the wait."""
        waited = 0.0
        while True:
            now = self.clock()
            self._forget_idle(now)
            by_tenant = self._tenants.setdefault(tenant, SlidingWindows(self.tenant_windows))
            by_conversation = self._conversations.setdefault(
                conversation, SlidingWindows(self.conversation_windows))
            delay = max(self._paused_until.get(tenant, 0.0) - now,
                        by_tenant.wait(now), by_conversation.wait(now))
            if delay <= 0:
                by_tenant.record(now)
                by_conversation.record(now)
                return waited
            waited += delay
            await self.sleep(delay)

    def pause(self, tenant: str, seconds: float) -> None:
        """Teams said 429 with ``Retry-After``: hold every send to this tenant meanwhile."""
        until = self.clock() + seconds
        self._paused_until[tenant] = max(until, self._paused_until.get(tenant, 0.0))

    def paused_for(self, tenant: str) -> float:
        return max(0.0, self._paused_until.get(tenant, 0.0) - self.clock())

    def clear(self, tenant: str) -> None:
        self._paused_until.pop(tenant, None)

    def _forget_idle(self, now: float) -> None:
        if len(self._conversations) < 10_000:
            return
        for key in [k for k, w in self._conversations.items()
                    if not w.times or w.times[-1] <= now - w.longest]:
            del self._conversations[key]
