"""About one message per second per channel: Slack's ``chat.postMessage`` limit.

``await throttle.wait(channel)`` books the next free slot for that channel and sleeps until
it. Booking happens before the first ``await``, so concurrent senders on one event loop get
distinct slots without a lock. (A 429 is the outbox's business: the row waits for
``Retry-After`` there.)
"""
from __future__ import annotations

import asyncio
import time
from typing import Callable


class ChannelThrottle:
    def __init__(self, interval: float = 1.0, *, clock: Callable[[], float] = time.monotonic,
                 sleep=asyncio.sleep, max_channels: int = 10_000) -> None:
        self.interval = interval
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}
        self._max_channels = max_channels

    def book(self, channel: str) -> float:
        """Reserve the channel's next slot; returns how long to wait for it (seconds)."""
        now = self._clock()
        slot = max(now, self._next.get(channel, now))
        self._next[channel] = slot + self.interval
        if len(self._next) > self._max_channels:
            self._forget_idle(now)
        return slot - now

    async def wait(self, channel: str) -> None:
        delay = self.book(channel)
        if delay > 0:
            await self._sleep(delay)

    def _forget_idle(self, now: float) -> None:
        for channel in [c for c, t in self._next.items() if t <= now]:
            del self._next[channel]


class WorkspaceRate:
    """Slack's tier-3 pace for ``chat.update``: about 50 a minute per workspace, with short
    bursts. Edits are a separate method limit from ``chat.postMessage``'s pace per channel,
    so an edit never waits behind posts in its channel. A token bucket: ``burst`` edits go
    at once, then one every ``60 / per_minute`` seconds. Booking happens before the first
    ``await``, like :class:`ChannelThrottle`.

    Urgent edits (a card shown in the channel, which people watch) book the next token at
    once; the others (counts on posts in a thread) take only tokens nobody urgent has
    booked, until they have waited ``patience`` tokens' worth: then they book like the
    urgent ones. So a busy wall's card goes out at nearly the full pace, and its ideas'
    counts still move, a few times a minute, instead of never while people vote.
    """

    def __init__(self, per_minute: float = 50, burst: int = 10, *, patience: float = 5,
                 clock: Callable[[], float] = time.monotonic, sleep=asyncio.sleep) -> None:
        self.interval = 60.0 / per_minute if per_minute > 0 else 0.0
        self.burst = max(1, burst)
        self.patience = patience * self.interval
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}   # per workspace: when its bucket is full again

    def book(self, workspace: str) -> float:
        """Take a token for ``workspace``; returns how long to wait for it (seconds)."""
        now = self._clock()
        delay = self.free_in(workspace)
        self._next[workspace] = max(self._next.get(workspace, now), now) + self.interval
        return delay

    def free_in(self, workspace: str) -> float:
        """How long until ``workspace``'s next token, taking none."""
        now = self._clock()                  # GCRA: a token bucket without a timer
        due = max(self._next.get(workspace, now), now)
        return max(now, due - self.interval * (self.burst - 1)) - now

    async def wait(self, workspace: str, *, urgent: bool = True) -> None:
        if not urgent:          # a token nobody urgent wants, or our turn after patience
            give_up = self._clock() + self.patience
            while (delay := self.free_in(workspace)) > 0 and self._clock() < give_up:
                await self._sleep(min(delay, give_up - self._clock()))
        delay = self.book(workspace)
        if delay > 0:
            await self._sleep(delay)
